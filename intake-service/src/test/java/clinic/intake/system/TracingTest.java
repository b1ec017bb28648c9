package clinic.intake.system;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;

import clinic.events.Actor;
import clinic.events.ClinicEvent;
import clinic.events.CloudEventHeaders;
import clinic.events.EducationAssigned;
import clinic.events.EventType;
import clinic.events.ReferralConfirmed;
import clinic.events.Route;
import clinic.events.Topics;
import clinic.events.Urgency;
import clinic.intake.IntakeServiceTest;
import clinic.intake.KafkaProbe;
import clinic.intake.Questionnaires;
import clinic.intake.Staff;
import clinic.intake.TestMail;
import clinic.testing.TestSpans;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.sdk.trace.data.SpanData;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.UUID;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.kafka.test.EmbeddedKafkaBroker;
import org.springframework.kafka.test.utils.KafkaTestUtils;
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
  @Autowired JdbcClient jdbc;

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
    assertThat(spans.ofTrace(traceId))
        .as("no spans for Spring Security's filters, sign-in check and authorization")
        .extracting(SpanData::getName)
        .noneMatch(name -> name.contains("security") || name.startsWith("auth"));
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

  @Test
  void patientsEmailIsSentInTheTraceOfTheEducationEvent() throws Exception {
    var email = "patient-" + UUID.randomUUID() + "@example.org";
    var body = Questionnaires.valid().put("email", email);
    var response =
        mvc.perform(
                post("/api/intakes")
                    .contentType(MediaType.APPLICATION_JSON)
                    .content(json.writeValueAsString(body))
                    .with(Staff.frontDesk()))
            .andReturn()
            .getResponse();
    var intake =
        UUID.fromString(json.readTree(response.getContentAsString()).get("intakeId").asString());
    var now = Instant.now().truncatedTo(ChronoUnit.MILLIS);
    var confirmed =
        new ReferralConfirmed(
            intake,
            UUID.randomUUID(),
            UUID.randomUUID(),
            UUID.randomUUID(),
            Route.PHYSICAL_THERAPY,
            List.of(),
            Urgency.SOON,
            new Actor("c9d2", "dr.garcia"),
            now);
    var assigned =
        new EducationAssigned(
            intake,
            UUID.randomUUID(),
            1,
            confirmed.decisionId(),
            "en",
            List.of("herniated-disc"),
            "http://localhost:8083/education/" + UUID.randomUUID(),
            now.plusSeconds(1));
    // The trace the education event arrives in (content-service's), any 32 hex digits.
    var traceId = UUID.randomUUID().toString().replace("-", "");

    try (var producer =
        new KafkaProducer<>(
            KafkaTestUtils.producerProps(broker), new StringSerializer(), new StringSerializer())) {
      producer.send(record(confirmed, null)).get();
      await()
          .atMost(Duration.ofSeconds(30))
          .until(
              () ->
                  jdbc.sql("select count(*) from processed_event where event_id = :id")
                      .param("id", confirmed.eventId())
                      .query(Long.class)
                      .single(),
              count -> count == 1);
      producer.send(record(assigned, "00-" + traceId + "-00f067aa0ba902b7-01")).get();
    }
    await().atMost(Duration.ofSeconds(30)).until(() -> TestMail.to(email).size() == 1);

    await()
        .atMost(Duration.ofSeconds(10))
        .untilAsserted(
            () ->
                assertThat(spans.ofTrace(traceId))
                    .as("the education event's consumer, the e-mail's enqueue and its send")
                    .anySatisfy(
                        span -> {
                          assertThat(span.getKind()).isEqualTo(SpanKind.CONSUMER);
                          assertThat(span.getName()).contains(Topics.EDUCATION);
                        })
                    .anySatisfy(
                        span -> assertThat(span.getName()).isEqualTo("notification enqueue"))
                    .anySatisfy(
                        span -> {
                          assertThat(span.getName()).isEqualTo("notification send");
                          assertThat(span.getAttributes().asMap().values())
                              .extracting(Object::toString)
                              .contains("EMAIL");
                        }));
    assertThat(spans.ofTrace(traceId))
        .allSatisfy(
            span ->
                assertThat(span.getName() + " " + span.getAttributes() + " " + span.getEvents())
                    .doesNotContain(email));
  }

  private ProducerRecord<String, String> record(ClinicEvent event, String traceparent) {
    var record =
        new ProducerRecord<>(
            EventType.forData(event.getClass()).topic(),
            event.intakeId().toString(),
            json.writeValueAsString(event));
    CloudEventHeaders.of(event)
        .forEach(
            (name, value) -> record.headers().add(name, value.getBytes(StandardCharsets.UTF_8)));
    if (traceparent != null) {
      record.headers().add("traceparent", traceparent.getBytes(StandardCharsets.UTF_8));
    }
    return record;
  }

  static void carriesNoIdentity(SpanData span) {
    var text = span.getName() + " " + span.getAttributes() + " " + span.getEvents();
    assertThat(text).as("span %s", span.getName()).doesNotContain(IDENTITY);
  }
}
