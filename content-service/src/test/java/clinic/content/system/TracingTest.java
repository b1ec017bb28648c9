package clinic.content.system;

import static clinic.content.testing.KafkaTestClient.header;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import clinic.content.testing.Decisions;
import clinic.content.testing.KafkaTestClient;
import clinic.content.testing.TestInfrastructure;
import clinic.content.testing.TestSpans;
import clinic.events.Topics;
import clinic.events.TriageDecided;
import clinic.security.testing.TestIssuer;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.client.HttpClient;
import io.micronaut.http.client.annotation.Client;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import io.micronaut.test.support.TestPropertyProvider;
import io.opentelemetry.api.trace.SpanKind;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * An intake's trace goes on through content-service: the consumer of {@code TriageDecided}
 * continues the trace of the record's {@code traceparent}, and the {@code EducationAssigned} the
 * outbox relays later, from its own thread, carries the same trace on.
 */
@MicronautTest(transactional = false)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class TracingTest implements TestPropertyProvider {

  @Inject TestSpans spans;

  @Inject
  @Client("/")
  HttpClient http;

  private final KafkaTestClient kafka = new KafkaTestClient();

  @Override
  public Map<String, String> getProperties() {
    return TestInfrastructure.properties();
  }

  @AfterAll
  void closeClients() {
    kafka.close();
  }

  @Test
  void packetIsAnnouncedInTheTraceOfTheDecision() {
    UUID intake = UUID.randomUUID();
    TriageDecided decision = Decisions.herniatedDisc(intake, "en");
    String traceId = UUID.randomUUID().toString().replace("-", "");
    Map<String, String> headers = new HashMap<>(Decisions.headers(decision));
    headers.put("traceparent", "00-" + traceId + "-00f067aa0ba902b7-01");

    kafka.send(Topics.TRIAGE, intake.toString(), Decisions.json(decision), headers);

    var assigned = kafka.awaitRecord(Topics.EDUCATION, intake.toString(), record -> true);
    assertThat(header(assigned, "traceparent"))
        .as("EducationAssigned carries the decision's trace")
        .startsWith("00-" + traceId + "-");
    await()
        .atMost(Duration.ofSeconds(10))
        .untilAsserted(
            () ->
                assertThat(spans.ofTrace(traceId))
                    .anySatisfy(
                        span -> {
                          assertThat(span.getKind()).isEqualTo(SpanKind.CONSUMER);
                          assertThat(span.getName()).isEqualTo(Topics.TRIAGE + " process");
                        })
                    .anySatisfy(
                        span -> {
                          assertThat(span.getKind()).isEqualTo(SpanKind.PRODUCER);
                          assertThat(span.getName()).isEqualTo(Topics.EDUCATION + " publish");
                        }));
  }

  @Test
  void httpSpansKeepNoQueryString() {
    String typed = "Ada Lovelace 1968-04-23";

    http.toBlocking()
        .exchange(
            HttpRequest.GET("/api/items/search?q=" + typed.replace(" ", "+"))
                .bearerAuth(TestIssuer.shared().tokenFor("CLINICIAN")),
            String.class);

    await()
        .atMost(Duration.ofSeconds(10))
        .untilAsserted(
            () ->
                assertThat(spans.finished())
                    .anySatisfy(
                        span -> {
                          assertThat(span.getKind()).isEqualTo(SpanKind.SERVER);
                          assertThat(span.getName()).isEqualTo("GET /api/items/search");
                        }));
    assertThat(spans.finished())
        .allSatisfy(
            span ->
                assertThat(span.getName() + " " + span.getAttributes())
                    .doesNotContain("Lovelace", "1968-04-23"));
  }
}
