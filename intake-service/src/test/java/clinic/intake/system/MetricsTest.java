package clinic.intake.system;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.awaitility.Awaitility.await;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;

import clinic.events.ClinicEvent;
import clinic.events.CloudEventHeaders;
import clinic.events.EducationAssigned;
import clinic.events.EventType;
import clinic.events.Route;
import clinic.events.TriageDecided;
import clinic.events.Urgency;
import clinic.intake.IntakeServiceTest;
import clinic.intake.Questionnaires;
import clinic.intake.Staff;
import clinic.testing.PrometheusScrape;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.internals.RecordHeader;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.test.web.servlet.MockMvc;
import tools.jackson.databind.json.JsonMapper;

/**
 * {@code /actuator/prometheus}: only for the METRICS role, and after one intake goes through (the
 * other services' events played by the test) it shows the business metrics with their values, the
 * frameworks' own, and no patient identity in any label.
 */
@IntakeServiceTest
class MetricsTest {

  static final Duration TIMEOUT = Duration.ofSeconds(30);

  @Autowired MockMvc mvc;
  @Autowired JdbcClient jdbc;
  @Autowired JsonMapper json;
  @Autowired KafkaTemplate<Object, Object> kafka;

  @Test
  void theScrapeIsForTheMetricsRoleOnly() throws Exception {
    assertThat(status(null)).isEqualTo(401);
    for (var role : List.of("FRONT_DESK", "CLINICIAN", "ADMIN")) {
      assertThat(status(Staff.withRole(role))).as(role).isEqualTo(403);
    }
    assertThat(status(Staff.withRole("METRICS"))).isEqualTo(200);
  }

  @Test
  void oneIntakeThroughToItsEducationShowsInTheBusinessMetrics() throws Exception {
    var before = scrape();

    var intake = submit();
    var refused = submitInvalid();
    var submittedAt =
        jdbc.sql("select submitted_at from intake where id = :id")
            .param("id", intake)
            .query(OffsetDateTime.class)
            .single()
            .toInstant();
    var decision =
        new TriageDecided(
            intake,
            UUID.randomUUID(),
            1,
            "2026.11.1",
            Route.PHYSICAL_THERAPY,
            List.of(),
            Urgency.SOON,
            List.of(),
            List.of(),
            false,
            List.of(),
            "Test decision.",
            "es",
            submittedAt.plusMillis(800));
    // Content-service's clock says the packet was assigned 2.5 s after the submission.
    var packet =
        new EducationAssigned(
            intake,
            UUID.randomUUID(),
            1,
            decision.decisionId(),
            "es",
            List.of("herniated-disc"),
            "http://localhost:8083/education/" + UUID.randomUUID(),
            submittedAt.plusMillis(2500));
    send(decision);
    send(packet);
    await()
        .atMost(TIMEOUT)
        .until(
            () ->
                scrape().value("clinic_intake_time_to_education_seconds_count")
                    > before.value("clinic_intake_time_to_education_seconds_count"));

    var after = scrape();
    assertThat(refused).isEqualTo(400);
    assertThat(delta(before, after, "clinic_intakes_submitted_total")).isEqualTo(1.0);
    assertThat(
            after.value("clinic_intakes_rejected_total", Map.of("reason", "invalid"))
                - before.value("clinic_intakes_rejected_total", Map.of("reason", "invalid")))
        .isEqualTo(1.0);
    assertThat(delta(before, after, "clinic_intake_time_to_education_seconds_count"))
        .isEqualTo(1.0);
    assertThat(delta(before, after, "clinic_intake_time_to_education_seconds_sum"))
        .isCloseTo(2.5, within(0.001));
    // The observation lands in the buckets at and above 2.5 s only.
    assertThat(
            after.value("clinic_intake_time_to_education_seconds_bucket", Map.of("le", "+Inf"))
                - before.value(
                    "clinic_intake_time_to_education_seconds_bucket", Map.of("le", "+Inf")))
        .isEqualTo(1.0);
    assertThat(after.names()).containsAll(PrometheusScrape.promisedFor("intake-service"));
    assertThat(after.samples())
        .filteredOn(s -> s.name().equals("kafka_consumer_fetch_manager_records_lag_max"))
        .extracting(s -> s.labels().get("client_id"))
        .isNotEmpty();

    var identity =
        List.of(
            Questionnaires.NAME,
            Questionnaires.DATE_OF_BIRTH,
            Questionnaires.EMAIL,
            Questionnaires.PHONE,
            "Lovelace",
            "1968",
            intake.toString());
    for (var value : after.labelValues()) {
      for (var forbidden : identity) {
        assertThat(value).as("a label value").doesNotContainIgnoringCase(forbidden);
      }
    }
  }

  @Test
  void theOutboxGaugesShowAnUnsentEventAndHowLongItHasWaited() {
    var id = UUID.randomUUID();
    // An unsent publication stored two minutes ago, as if the broker had been down since then.
    jdbc.sql(
            """
            insert into event_publication
              (id, listener_id, event_type, serialized_event, publication_date, status,
               completion_attempts)
            values (:id, 'metrics-test', 'metrics-test', '{}', :at, 'PUBLISHED', 1)
            """)
        .param("id", id)
        .param("at", OffsetDateTime.now().minusMinutes(2))
        .update();
    try {
      await()
          .atMost(TIMEOUT)
          .untilAsserted(
              () -> {
                var scrape = scrape();
                assertThat(scrape.value("clinic_outbox_backlog")).isGreaterThanOrEqualTo(1.0);
                assertThat(scrape.value("clinic_outbox_oldest_age_seconds"))
                    .isGreaterThanOrEqualTo(120.0);
              });
    } finally {
      jdbc.sql("delete from event_publication where id = :id").param("id", id).update();
    }
  }

  static double delta(PrometheusScrape before, PrometheusScrape after, String name) {
    return after.value(name) - before.value(name);
  }

  int status(org.springframework.test.web.servlet.request.RequestPostProcessor token)
      throws Exception {
    var request = get("/actuator/prometheus");
    if (token != null) {
      request.with(token);
    }
    return mvc.perform(request).andReturn().getResponse().getStatus();
  }

  PrometheusScrape scrape() throws Exception {
    var response =
        mvc.perform(get("/actuator/prometheus").with(Staff.withRole("METRICS")))
            .andReturn()
            .getResponse();
    assertThat(response.getStatus()).isEqualTo(200);
    return PrometheusScrape.parse(response.getContentAsString(StandardCharsets.UTF_8));
  }

  UUID submit() throws Exception {
    var response =
        mvc.perform(
                post("/api/intakes")
                    .contentType(MediaType.APPLICATION_JSON)
                    .content(json.writeValueAsString(Questionnaires.valid()))
                    .with(Staff.frontDesk()))
            .andReturn()
            .getResponse();
    assertThat(response.getStatus()).isEqualTo(201);
    return UUID.fromString(json.readTree(response.getContentAsString()).get("intakeId").asString());
  }

  int submitInvalid() throws Exception {
    var body = Questionnaires.valid();
    ((tools.jackson.databind.node.ObjectNode) body.get("answers")).put("painNow", 11);
    return mvc.perform(
            post("/api/intakes")
                .contentType(MediaType.APPLICATION_JSON)
                .content(json.writeValueAsString(body))
                .with(Staff.frontDesk()))
        .andReturn()
        .getResponse()
        .getStatus();
  }

  void send(ClinicEvent event) throws Exception {
    var record =
        new ProducerRecord<Object, Object>(
            EventType.forData(event.getClass()).topic(),
            event.intakeId().toString(),
            json.writeValueAsString(event));
    CloudEventHeaders.of(event)
        .forEach(
            (name, value) ->
                record
                    .headers()
                    .add(new RecordHeader(name, value.getBytes(StandardCharsets.UTF_8))));
    kafka.send(record).get();
  }
}
