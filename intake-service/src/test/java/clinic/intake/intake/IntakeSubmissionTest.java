package clinic.intake.intake;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;

import clinic.events.CloudEventHeaders;
import clinic.events.EventType;
import clinic.events.Topics;
import clinic.intake.IntakeServiceTest;
import clinic.intake.KafkaProbe;
import clinic.intake.Questionnaires;
import clinic.intake.Staff;
import com.networknt.schema.InputFormat;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import com.zaxxer.hikari.HikariDataSource;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;
import org.apache.kafka.common.header.Header;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.kafka.test.EmbeddedKafkaBroker;
import org.springframework.mock.web.MockHttpServletResponse;
import org.springframework.test.web.servlet.MockMvc;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

@IntakeServiceTest
class IntakeSubmissionTest {

  @Autowired MockMvc mvc;
  @Autowired JdbcClient jdbc;
  @Autowired JsonMapper json;

  @Autowired EmbeddedKafkaBroker broker;
  @Autowired DataSource dataSource;

  @Test
  void validQuestionnaireIsStoredAndAnnouncedWithoutIdentity() throws Exception {
    var questionnaire = Questionnaires.valid();
    // Turns 58 tomorrow: still 57 today.
    var dateOfBirth = LocalDate.now().minusYears(58).plusDays(1);
    questionnaire.put("dateOfBirth", dateOfBirth.toString());

    var response =
        mvc.perform(
                post("/api/intakes")
                    .contentType(MediaType.APPLICATION_JSON)
                    .content(json.writeValueAsString(questionnaire))
                    .with(Staff.frontDesk()))
            .andReturn()
            .getResponse();

    assertThat(response.getStatus()).isEqualTo(201);
    JsonNode created = json.readTree(response.getContentAsString());
    var id = UUID.fromString(created.get("intakeId").asString());
    assertThat(created.get("status").asString()).isEqualTo("SUBMITTED");
    assertThat(response.getHeader("Location")).endsWith("/api/intakes/" + id);

    var stored =
        jdbc.sql(
                "select patient_name, date_of_birth, email, phone, age_years, status from intake"
                    + " where id = :id")
            .param("id", id)
            .query()
            .singleRow();
    assertThat(stored)
        .containsEntry("patient_name", Questionnaires.NAME)
        .containsEntry("date_of_birth", java.sql.Date.valueOf(dateOfBirth))
        .containsEntry("email", Questionnaires.EMAIL)
        .containsEntry("phone", Questionnaires.PHONE)
        .containsEntry("age_years", 57)
        .containsEntry("status", "SUBMITTED");

    var records =
        KafkaProbe.records(
            broker.getBrokersAsString(), Topics.INTAKE, id.toString(), 1, Duration.ofSeconds(30));
    assertThat(records).as("exactly one IntakeSubmitted keyed by the intake id").hasSize(1);
    var record = records.getFirst();

    var headers = new HashMap<String, String>();
    for (Header header : record.headers()) {
      headers.put(header.key(), new String(header.value(), StandardCharsets.UTF_8));
    }
    JsonNode event = json.readTree(record.value());
    assertThat(headers)
        .containsOnlyKeys(
            CloudEventHeaders.ID,
            CloudEventHeaders.TYPE,
            CloudEventHeaders.SOURCE,
            CloudEventHeaders.SPECVERSION,
            CloudEventHeaders.TIME,
            CloudEventHeaders.SUBJECT,
            CloudEventHeaders.CONTENT_TYPE,
            // The trace of the submission (system.TracingTest).
            "traceparent")
        .containsEntry(CloudEventHeaders.ID, id.toString())
        .containsEntry(CloudEventHeaders.TYPE, EventType.INTAKE_SUBMITTED.type())
        .containsEntry(CloudEventHeaders.SOURCE, "/intake-service")
        .containsEntry(CloudEventHeaders.SPECVERSION, "1.0")
        .containsEntry(CloudEventHeaders.SUBJECT, id.toString())
        .containsEntry(CloudEventHeaders.CONTENT_TYPE, "application/json");
    assertThat(Instant.parse(headers.get(CloudEventHeaders.TIME)))
        .isEqualTo(Instant.parse(event.get("submittedAt").asString()));

    assertThat(schemaViolations(record.value())).isEmpty();
    assertThat(event.get("intakeId").asString()).isEqualTo(id.toString());
    assertThat(event.get("ageYears").asInt()).isEqualTo(57);
    assertThat(event.get("preferredLanguage").asString()).isEqualTo("es");
    assertThat(event.get("questionnaireVersion").asString()).isEqualTo("2026-12.1");
    assertThat(event.get("answers").equals(NUMERICALLY, Questionnaires.valid().get("answers")))
        .as("the event carries every clinical answer: %s", event.get("answers"))
        .isTrue();
    assertThat(record.value())
        .doesNotContain(
            Questionnaires.NAME,
            "Lovelace",
            dateOfBirth.toString(),
            Questionnaires.EMAIL,
            Questionnaires.PHONE,
            "patientName",
            "dateOfBirth",
            "email",
            "phone",
            "consentToContact");

    // The outbox marks the publication complete once the broker has acknowledged the record.
    await()
        .atMost(Duration.ofSeconds(10))
        .untilAsserted(
            () ->
                assertThat(
                        jdbc.sql(
                                "select status from event_publication"
                                    + " where serialized_event like :id and completion_date is not null")
                            .param("id", "%" + id + "%")
                            .query(String.class)
                            .list())
                    .containsExactly("COMPLETED"));
  }

  /**
   * Three times as many front desks submitting at once as the service has database connections:
   * every one is accepted and announced. Nothing after the commit may wait for a second connection
   * while the request still holds its first (the outbox's sender queues the record and returns).
   */
  @Test
  void moreSimultaneousSubmissionsThanDatabaseConnectionsAreAllAcceptedAndAnnounced()
      throws Exception {
    int connections = ((HikariDataSource) dataSource).getMaximumPoolSize();
    int frontDesks = 3 * connections;
    var start = new CountDownLatch(1);
    var submissions = new ArrayList<Future<MockHttpServletResponse>>();
    try (var pool = Executors.newFixedThreadPool(frontDesks)) {
      for (int i = 0; i < frontDesks; i++) {
        submissions.add(
            pool.submit(
                () -> {
                  start.await();
                  return mvc.perform(
                          post("/api/intakes")
                              .contentType(MediaType.APPLICATION_JSON)
                              .content(json.writeValueAsString(Questionnaires.valid()))
                              .with(Staff.frontDesk()))
                      .andReturn()
                      .getResponse();
                }));
      }
      start.countDown();
      var ids = new HashSet<String>();
      for (var submission : submissions) {
        var response = submission.get(60, TimeUnit.SECONDS);
        assertThat(response.getStatus()).as(response.getContentAsString()).isEqualTo(201);
        ids.add(json.readTree(response.getContentAsString()).get("intakeId").asString());
      }
      assertThat(
              KafkaProbe.records(
                  broker.getBrokersAsString(),
                  Topics.INTAKE,
                  ids,
                  frontDesks,
                  Duration.ofSeconds(30)))
          .hasSize(frontDesks);
    }
  }

  @Test
  void submittedIntakeShowsItsAnswersIdentityAndStatus() throws Exception {
    var response =
        mvc.perform(
                post("/api/intakes")
                    .contentType(MediaType.APPLICATION_JSON)
                    .content(json.writeValueAsString(Questionnaires.valid()))
                    .with(Staff.frontDesk()))
            .andReturn()
            .getResponse();
    var location = response.getHeader("Location");

    var shown = mvc.perform(get(location).with(Staff.frontDesk())).andReturn().getResponse();

    assertThat(shown.getStatus()).isEqualTo(200);
    JsonNode intake = json.readTree(shown.getContentAsString());
    assertThat(intake.get("status").asString()).isEqualTo("SUBMITTED");
    assertThat(intake.at("/patient/name").asString()).isEqualTo(Questionnaires.NAME);
    assertThat(intake.at("/patient/dateOfBirth").asString())
        .isEqualTo(Questionnaires.DATE_OF_BIRTH);
    assertThat(intake.at("/patient/email").asString()).isEqualTo(Questionnaires.EMAIL);
    assertThat(intake.at("/patient/consentToContact").asBoolean()).isTrue();
    assertThat(intake.at("/answers/painNow").asInt()).isEqualTo(6);
    assertThat(intake.at("/answers/kneeInjury").asString()).isEqualTo("TWISTING");
    assertThat(intake.at("/answers/numbnessWhere/1").asString()).isEqualTo("BELOW_KNEE");
    assertThat(intake.get("questionnaireVersion").asString()).isEqualTo("2026-12.1");
    assertThat(intake.get("reference").asString())
        .isEqualTo(
            intake.get("intakeId").asString().substring(0, 4).toUpperCase()
                + "-"
                + intake.get("intakeId").asString().substring(4, 8).toUpperCase());
    assertThat(intake.get("amendment").asInt()).isZero();
    assertThat(intake.get("withdrawal").isNull()).isTrue();
    assertThat(intake.get("triage").isNull()).isTrue();
    assertThat(intake.get("education").isNull()).isTrue();
  }

  @Test
  void unknownIntakeIsNotFoundProblem() throws Exception {
    var response =
        mvc.perform(get("/api/intakes/" + UUID.randomUUID()).with(Staff.frontDesk()))
            .andReturn()
            .getResponse();

    assertThat(response.getStatus()).isEqualTo(404);
    assertThat(response.getContentType()).isEqualTo(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
    assertThat(json.readTree(response.getContentAsString()).get("status").asInt()).isEqualTo(404);
  }

  @Test
  void malformedIntakeIdIsBadRequestProblemNamingTheId() throws Exception {
    var response =
        mvc.perform(get("/api/intakes/not-a-uuid").with(Staff.frontDesk()))
            .andReturn()
            .getResponse();

    assertThat(response.getStatus()).isEqualTo(400);
    assertThat(response.getContentType()).isEqualTo(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
    assertThat(json.readTree(response.getContentAsString()).at("/errors/0/field").asString())
        .isEqualTo("id");
  }

  /** 168 and 168.0 are the same answer: the event carries decimals as doubles. */
  static final Comparator<JsonNode> NUMERICALLY =
      (a, b) ->
          a.isNumber() && b.isNumber()
              ? Double.compare(a.asDouble(), b.asDouble())
              : a.equals(b) ? 0 : 1;

  private static List<String> schemaViolations(String value) throws Exception {
    var registry = SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_2020_12);
    try (var in = EventType.class.getResourceAsStream(EventType.INTAKE_SUBMITTED.schema())) {
      return registry.getSchema(in).validate(value, InputFormat.JSON).stream()
          .map(com.networknt.schema.Error::getMessage)
          .toList();
    }
  }
}
