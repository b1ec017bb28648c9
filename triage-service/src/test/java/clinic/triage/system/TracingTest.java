package clinic.triage.system;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import clinic.events.CloudEventHeaders;
import clinic.events.EventType;
import clinic.events.Topics;
import clinic.testing.TestSpans;
import clinic.triage.Intakes;
import clinic.triage.Publisher;
import clinic.triage.TopicReader;
import clinic.triage.TriageServiceTest;
import io.opentelemetry.api.trace.SpanKind;
import java.time.Duration;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.kafka.test.EmbeddedKafkaBroker;
import tools.jackson.databind.json.JsonMapper;

/**
 * An intake's trace goes on through triage: the consumer of {@code IntakeSubmitted} continues the
 * trace of the record's {@code traceparent}, and the {@code TriageDecided} it publishes through the
 * outbox carries the same trace on.
 */
@TriageServiceTest
class TracingTest {

  @Autowired EmbeddedKafkaBroker broker;
  @Autowired JsonMapper json;
  @Autowired TestSpans spans;

  @Test
  void decisionContinuesTheTraceOfTheIntake() {
    var intake = Intakes.submitted(Intakes.sciatica());
    var traceId = HexFormat.of().formatHex(randomBytes(16));
    var headers = new HashMap<>(CloudEventHeaders.of(intake, Intakes.INTAKE_SERVICE));
    headers.put(
        "traceparent", "00-" + traceId + "-" + HexFormat.of().formatHex(randomBytes(8)) + "-01");

    try (var publisher = new Publisher(broker, json);
        var decisions = new TopicReader(broker, Topics.TRIAGE)) {
      publisher.send(
          EventType.forData(intake.getClass()).topic(),
          null,
          intake.intakeId().toString(),
          json.writeValueAsString(intake),
          headers);

      var decided = decisions.awaitOne(intake.intakeId().toString());
      assertThat(TopicReader.headers(decided).get("traceparent"))
          .as("TriageDecided carries the intake's trace")
          .startsWith("00-" + traceId + "-");
    }

    await()
        .atMost(Duration.ofSeconds(10))
        .untilAsserted(
            () ->
                assertThat(spans.ofTrace(traceId))
                    .anySatisfy(
                        span -> {
                          assertThat(span.getKind()).isEqualTo(SpanKind.CONSUMER);
                          assertThat(span.getName()).contains(Topics.INTAKE);
                        })
                    .anySatisfy(
                        span -> {
                          assertThat(span.getKind()).isEqualTo(SpanKind.PRODUCER);
                          assertThat(span.getName()).contains(Topics.TRIAGE);
                        }));
    assertThat(spans.ofTrace(traceId))
        .allSatisfy(
            span ->
                assertThat(span.getName() + " " + span.getAttributes())
                    .as("a span holds ids, never answers")
                    .doesNotContain("painNow", "numbness"));
  }

  private static byte[] randomBytes(int length) {
    var bytes = new byte[length];
    ThreadLocalRandom.current().nextBytes(bytes);
    return bytes;
  }
}
