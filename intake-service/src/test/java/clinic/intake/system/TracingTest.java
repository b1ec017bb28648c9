package clinic.intake.system;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;

import clinic.events.Topics;
import clinic.intake.IntakeServiceTest;
import clinic.intake.KafkaProbe;
import clinic.intake.Questionnaires;
import clinic.intake.Staff;
import clinic.testing.TestSpans;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.sdk.trace.data.SpanData;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;
import org.springframework.kafka.test.EmbeddedKafkaBroker;
import org.springframework.test.web.servlet.MockMvc;
import tools.jackson.databind.json.JsonMapper;

/** One intake is one trace: from the submission's HTTP request, through the outbox, to Kafka. */
@IntakeServiceTest
class TracingTest {

  /** What identifies the test patient: none of it may appear in a span. */
  static final List<String> IDENTITY =
      List.of(
          Questionnaires.NAME,
          "Lovelace",
          Questionnaires.DATE_OF_BIRTH,
          Questionnaires.EMAIL,
          Questionnaires.PHONE);

  @Autowired MockMvc mvc;
  @Autowired JsonMapper json;
  @Autowired EmbeddedKafkaBroker broker;
  @Autowired TestSpans spans;

  @Test
  void submittedIntakeIsAnnouncedInTheTraceOfItsRequest() throws Exception {
    var response =
        mvc.perform(
                post("/api/intakes")
                    .contentType(MediaType.APPLICATION_JSON)
                    .content(json.writeValueAsString(Questionnaires.valid()))
                    .with(Staff.frontDesk()))
            .andReturn()
            .getResponse();
    assertThat(response.getStatus()).isEqualTo(201);
    var id = json.readTree(response.getContentAsString()).get("intakeId").asString();

    var record =
        KafkaProbe.records(
                broker.getBrokersAsString(), Topics.INTAKE, id, 1, Duration.ofSeconds(30))
            .getFirst();
    var traceparent = record.headers().lastHeader("traceparent");
    assertThat(traceparent).as("the outbox's record carries the trace context").isNotNull();
    var traceId = new String(traceparent.value(), StandardCharsets.UTF_8).split("-")[1];

    await()
        .atMost(Duration.ofSeconds(10))
        .untilAsserted(
            () ->
                assertThat(spans.ofTrace(traceId))
                    .as("the request's server span and the outbox's producer span, one trace")
                    .anySatisfy(
                        span -> {
                          assertThat(span.getKind()).isEqualTo(SpanKind.SERVER);
                          assertThat(span.getName()).isEqualTo("http post /api/intakes");
                        })
                    .anySatisfy(
                        span -> {
                          assertThat(span.getKind()).isEqualTo(SpanKind.PRODUCER);
                          assertThat(span.getName()).contains(Topics.INTAKE);
                        }));
  }

  @Test
  void noSpanCarriesThePatientsIdentity() throws Exception {
    var response =
        mvc.perform(
                post("/api/intakes")
                    .contentType(MediaType.APPLICATION_JSON)
                    .content(json.writeValueAsString(Questionnaires.valid()))
                    .with(Staff.frontDesk()))
            .andReturn()
            .getResponse();
    var id =
        UUID.fromString(json.readTree(response.getContentAsString()).get("intakeId").asString());
    // A query string could hold anything a client puts there: it is not recorded.
    mvc.perform(
        get("/api/intakes/" + id)
            .queryParam("name", Questionnaires.NAME)
            .queryParam("email", Questionnaires.EMAIL)
            .with(Staff.frontDesk()));
    KafkaProbe.records(
        broker.getBrokersAsString(), Topics.INTAKE, id.toString(), 1, Duration.ofSeconds(30));

    await()
        .atMost(Duration.ofSeconds(10))
        .untilAsserted(
            () ->
                assertThat(spans.finished())
                    .anySatisfy(
                        span ->
                            assertThat(span.getName()).isEqualTo("http get /api/intakes/{id}")));
    assertThat(spans.finished()).isNotEmpty().allSatisfy(TracingTest::carriesNoIdentity);
  }

  static void carriesNoIdentity(SpanData span) {
    var text = span.getName() + " " + span.getAttributes() + " " + span.getEvents();
    assertThat(text).as("span %s", span.getName()).doesNotContain(IDENTITY);
  }
}
