package clinic.intake.intake;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.put;

import clinic.events.CloudEventHeaders;
import clinic.events.EventType;
import clinic.events.Route;
import clinic.events.Topics;
import clinic.events.TriageDecided;
import clinic.events.Urgency;
import clinic.intake.EventSchemas;
import clinic.intake.IntakeServiceTest;
import clinic.intake.KafkaProbe;
import clinic.intake.Questionnaires;
import clinic.intake.Staff;
import clinic.security.testing.TestIssuer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.Period;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.Executors;
import java.util.stream.Collectors;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.internals.RecordHeader;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.kafka.test.EmbeddedKafkaBroker;
import org.springframework.mock.web.MockHttpServletResponse;
import org.springframework.test.web.servlet.MockMvc;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * Correcting an intake's answers (so that triage decides again) and withdrawing it, each announced
 * through the outbox on {@code clinic.intake} without identity.
 */
@IntakeServiceTest
class AmendAndWithdrawTest {

  static final Duration TIMEOUT = Duration.ofSeconds(30);

  @Autowired MockMvc mvc;
  @Autowired JdbcClient jdbc;
  @Autowired JsonMapper json;
  @Autowired EmbeddedKafkaBroker broker;
  @Autowired KafkaTemplate<Object, Object> kafka;

  @Test
  void amendmentIsStoredWithItsHistoryAndAnnouncedWithoutIdentity() throws Exception {
    var intake = submit(Questionnaires.valid());
    var corrected = correctedAnswers();

    var response = amend(intake, corrected);

    assertThat(response.getStatus()).as(response.getContentAsString()).isEqualTo(200);
    var amended = json.readTree(response.getContentAsString());
    assertThat(amended.get("amendment").asInt()).isEqualTo(1);
    assertThat(amended.get("status").asString()).isEqualTo("SUBMITTED");

    var shown = show(intake);
    assertThat(shown.at("/answers/painNow").asInt()).isEqualTo(9);
    assertThat(shown.at("/answers/kneeLocking").asBoolean()).isTrue();
    assertThat(shown.get("amendment").asInt()).isEqualTo(1);
    assertThat(shown.at("/amendments/0/amendment").asInt()).isEqualTo(1);
    var history =
        jdbc.sql(
                "select answers::text as a, previous_answers::text as p from intake_amendment"
                    + " where intake_id = :id")
            .param("id", intake)
            .query((rs, row) -> List.of(rs.getString("a"), rs.getString("p")))
            .single();
    assertThat(json.readTree(history.get(0)).get("painNow").asInt()).isEqualTo(9);
    assertThat(json.readTree(history.get(1)).get("painNow").asInt())
        .as("the answers it replaced are kept")
        .isEqualTo(6);

    var records =
        KafkaProbe.records(broker.getBrokersAsString(), Topics.INTAKE, key(intake), 2, TIMEOUT);
    assertThat(records)
        .extracting(r -> header(r, CloudEventHeaders.TYPE))
        .containsExactly(EventType.INTAKE_SUBMITTED.type(), EventType.INTAKE_AMENDED.type());
    var record = records.get(1);
    assertThat(EventSchemas.violations(EventType.INTAKE_AMENDED, record.value())).isEmpty();
    var event = json.readTree(record.value());
    assertThat(header(record, CloudEventHeaders.ID)).isEqualTo(event.get("amendmentId").asString());
    assertThat(event.get("intakeId").asString()).isEqualTo(intake.toString());
    assertThat(event.get("amendment").asInt()).isEqualTo(1);
    assertThat(event.get("questionnaireVersion").asString()).isEqualTo("2026-12.1");
    assertThat(event.get("ageYears").asInt())
        .isEqualTo(
            Period.between(LocalDate.parse(Questionnaires.DATE_OF_BIRTH), LocalDate.now())
                .getYears());
    assertThat(event.get("preferredLanguage").asString()).isEqualTo("es");
    assertThat(event.at("/answers/painNow").asInt()).isEqualTo(9);
    assertThat(event.at("/answers/kneeLocking").asBoolean()).isTrue();
    assertThat(record.value())
        .doesNotContain(
            Questionnaires.NAME,
            Questionnaires.DATE_OF_BIRTH,
            Questionnaires.EMAIL,
            Questionnaires.PHONE,
            "patientName",
            "dateOfBirth",
            "email",
            "phone");
  }

  @Test
  void theSignedInUserIsRecordedAndAnnouncedAsWhoChangedTheIntake() throws Exception {
    var rosa = TestIssuer.shared().token("u-42", "Rosa Front Desk", "FRONT_DESK");
    var intake = submit(Questionnaires.valid());
    var body = json.createObjectNode();
    body.set("answers", correctedAnswers().get("answers"));

    var amended =
        mvc.perform(
                put("/api/intakes/" + intake + "/answers")
                    .contentType(MediaType.APPLICATION_JSON)
                    .content(json.writeValueAsString(body))
                    .with(Staff.withToken(rosa)))
            .andReturn()
            .getResponse();
    var withdrawn =
        mvc.perform(
                post("/api/intakes/" + intake + "/withdrawal")
                    .contentType(MediaType.APPLICATION_JSON)
                    .content("{\"reason\": \"ENTERED_IN_ERROR\"}")
                    .with(Staff.withToken(rosa)))
            .andReturn()
            .getResponse();

    assertThat(amended.getStatus()).as(amended.getContentAsString()).isEqualTo(200);
    assertThat(withdrawn.getStatus()).as(withdrawn.getContentAsString()).isEqualTo(200);
    assertThat(
            jdbc.sql(
                    "select entered_by_subject || '|' || entered_by_name || '|'"
                        + " || withdrawn_by_subject || '|' || withdrawn_by_name"
                        + " from intake where id = :id")
                .param("id", intake)
                .query(String.class)
                .single())
        .isEqualTo("test-front-desk|Test Front Desk|u-42|Rosa Front Desk");
    assertThat(
            jdbc.sql(
                    "select amended_by_subject || '|' || amended_by_name from intake_amendment"
                        + " where intake_id = :id")
                .param("id", intake)
                .query(String.class)
                .single())
        .isEqualTo("u-42|Rosa Front Desk");
    var shown = show(intake);
    assertThat(shown.at("/enteredBy/subject").asString()).isEqualTo("test-front-desk");
    assertThat(shown.at("/amendments/0/amendedBy/name").asString()).isEqualTo("Rosa Front Desk");
    assertThat(shown.at("/withdrawal/withdrawnBy/subject").asString()).isEqualTo("u-42");

    var records =
        KafkaProbe.records(broker.getBrokersAsString(), Topics.INTAKE, key(intake), 3, TIMEOUT);
    assertThat(records)
        .extracting(r -> header(r, CloudEventHeaders.TYPE))
        .containsExactly(
            EventType.INTAKE_SUBMITTED.type(),
            EventType.INTAKE_AMENDED.type(),
            EventType.INTAKE_WITHDRAWN.type());
    var amendedEvent = json.readTree(records.get(1).value());
    var withdrawnEvent = json.readTree(records.get(2).value());
    assertThat(amendedEvent.at("/amendedBy/subject").asString()).isEqualTo("u-42");
    assertThat(amendedEvent.at("/amendedBy/name").asString()).isEqualTo("Rosa Front Desk");
    assertThat(withdrawnEvent.at("/withdrawnBy/subject").asString()).isEqualTo("u-42");
    assertThat(withdrawnEvent.at("/withdrawnBy/name").asString()).isEqualTo("Rosa Front Desk");
  }

  @Test
  void sameAnswersAgainAddNoAmendmentAndNoEvent() throws Exception {
    var intake = submit(Questionnaires.kneeOnly());
    var corrected = Questionnaires.kneeOnly();
    Questionnaires.answers(corrected).put("painNow", 8);
    assertThat(amend(intake, corrected).getStatus()).isEqualTo(200);
    long publications = publicationsFor(intake);

    var again = amend(intake, corrected);

    assertThat(again.getStatus()).isEqualTo(200);
    assertThat(json.readTree(again.getContentAsString()).get("amendment").asInt()).isEqualTo(1);
    assertThat(publicationsFor(intake)).isEqualTo(publications);
    assertThat(amendments(intake)).isEqualTo(1);
  }

  @Test
  void invalidAmendmentIsRejectedNamingEveryFieldAndChangesNothing() throws Exception {
    var intake = submit(Questionnaires.valid());
    var corrected = Questionnaires.valid();
    Questionnaires.answers(corrected).put("painNow", 12);
    Questionnaires.answers(corrected).remove("fever");
    long publications = count("event_publication");

    var body = json.createObjectNode();
    body.set("answers", corrected.get("answers"));
    body.put("patientName", "Someone Else");
    var response =
        mvc.perform(
                put("/api/intakes/" + intake + "/answers")
                    .contentType(MediaType.APPLICATION_JSON)
                    .content(json.writeValueAsString(body))
                    .with(Staff.frontDesk()))
            .andReturn()
            .getResponse();

    assertThat(response.getStatus()).isEqualTo(400);
    assertThat(fields(response)).containsExactly("patientName", "answers.painNow", "answers.fever");
    assertThat(show(intake).at("/answers/painNow").asInt()).isEqualTo(6);
    assertThat(amendments(intake)).isZero();
    assertThat(count("event_publication")).isEqualTo(publications);
  }

  @Test
  void anAmendmentsReasonIsACodeKeptInTheHistory() throws Exception {
    var intake = submit(Questionnaires.kneeOnly());
    var corrected = Questionnaires.kneeOnly();
    Questionnaires.answers(corrected).put("painNow", 9);

    var body = json.createObjectNode();
    body.set("answers", corrected.get("answers"));
    body.put("reason", "My name is Ada and I changed my mind");
    var refused =
        mvc.perform(
                put("/api/intakes/" + intake + "/answers")
                    .contentType(MediaType.APPLICATION_JSON)
                    .content(json.writeValueAsString(body))
                    .with(Staff.frontDesk()))
            .andReturn()
            .getResponse();
    assertThat(refused.getStatus()).isEqualTo(400);
    assertThat(fields(refused)).containsExactly("reason");
    assertThat(amendments(intake)).isZero();

    body.put("reason", "NEW_INFORMATION");
    var amended =
        mvc.perform(
                put("/api/intakes/" + intake + "/answers")
                    .contentType(MediaType.APPLICATION_JSON)
                    .content(json.writeValueAsString(body))
                    .with(Staff.frontDesk()))
            .andReturn()
            .getResponse();
    assertThat(amended.getStatus()).isEqualTo(200);
    assertThat(show(intake).at("/amendments/0/reason").asString()).isEqualTo("NEW_INFORMATION");
  }

  @Test
  void amendingAnUnknownIntakeIsNotFound() throws Exception {
    var response = amend(UUID.randomUUID(), Questionnaires.valid());

    assertThat(response.getStatus()).isEqualTo(404);
    assertThat(response.getContentType()).isEqualTo(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
  }

  @Test
  void withdrawalIsAnnouncedAndFinal() throws Exception {
    var intake = submit(Questionnaires.backAndLeg());

    var response = withdraw(intake, "{\"reason\": \"DUPLICATE\"}");

    assertThat(response.getStatus()).as(response.getContentAsString()).isEqualTo(200);
    var withdrawn = json.readTree(response.getContentAsString());
    assertThat(withdrawn.get("status").asString()).isEqualTo("WITHDRAWN");
    assertThat(withdrawn.get("reason").asString()).isEqualTo("DUPLICATE");
    assertThat(show(intake).get("status").asString()).isEqualTo("WITHDRAWN");
    assertThat(show(intake).at("/withdrawal/reason").asString()).isEqualTo("DUPLICATE");

    var records =
        KafkaProbe.records(broker.getBrokersAsString(), Topics.INTAKE, key(intake), 2, TIMEOUT);
    assertThat(records)
        .extracting(r -> header(r, CloudEventHeaders.TYPE))
        .containsExactly(EventType.INTAKE_SUBMITTED.type(), EventType.INTAKE_WITHDRAWN.type());
    var record = records.get(1);
    assertThat(EventSchemas.violations(EventType.INTAKE_WITHDRAWN, record.value())).isEmpty();
    assertThat(json.readTree(record.value()).get("reason").asString()).isEqualTo("DUPLICATE");
    long publications = publicationsFor(intake);

    var amendAfterwards = amend(intake, Questionnaires.backAndLeg());
    var withdrawAgain = withdraw(intake, "{\"reason\": \"OTHER\"}");

    assertThat(amendAfterwards.getStatus()).isEqualTo(409);
    assertThat(amendAfterwards.getContentType())
        .isEqualTo(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
    assertThat(json.readTree(amendAfterwards.getContentAsString()).get("title").asString())
        .isEqualTo("Intake withdrawn");
    assertThat(withdrawAgain.getStatus()).isEqualTo(409);
    assertThat(amendments(intake)).isZero();
    assertThat(publicationsFor(intake)).isEqualTo(publications);
    assertThat(show(intake).at("/withdrawal/reason").asString()).isEqualTo("DUPLICATE");
  }

  @Test
  void withdrawalNeedsAKnownReasonCode() throws Exception {
    var intake = submit(Questionnaires.kneeOnly());

    var unknown = withdraw(intake, "{\"reason\": \"BORED\"}");
    var missing = withdraw(intake, "{}");
    var freeText = withdraw(intake, "{\"reason\": \"OTHER\", \"note\": \"moved to Ohio\"}");

    assertThat(unknown.getStatus()).isEqualTo(400);
    assertThat(fields(unknown)).containsExactly("reason");
    assertThat(fields(missing)).containsExactly("reason");
    assertThat(fields(freeText)).containsExactly("note");
    assertThat(show(intake).get("status").asString()).isEqualTo("SUBMITTED");
  }

  @Test
  void progressEventsAfterWithdrawalAreRecordedButTheIntakeStaysWithdrawn() throws Exception {
    var intake = submit(Questionnaires.kneeOnly());
    assertThat(withdraw(intake, "{\"reason\": \"PATIENT_DECLINED\"}").getStatus()).isEqualTo(200);
    var decision =
        new TriageDecided(
            intake,
            UUID.randomUUID(),
            1,
            "2026.11.1",
            Route.PHYSICAL_THERAPY,
            List.of(),
            Urgency.ROUTINE,
            List.of(),
            List.of(),
            false,
            List.of(),
            "Test decision.",
            "en",
            Instant.now());
    var record =
        new ProducerRecord<Object, Object>(
            Topics.TRIAGE, intake.toString(), json.writeValueAsString(decision));
    CloudEventHeaders.of(decision)
        .forEach(
            (name, value) ->
                record
                    .headers()
                    .add(new RecordHeader(name, value.getBytes(StandardCharsets.UTF_8))));
    kafka.send(record).get();

    await()
        .atMost(TIMEOUT)
        .untilAsserted(
            () ->
                assertThat(show(intake).at("/triage/route").asString())
                    .isEqualTo("PHYSICAL_THERAPY"));
    assertThat(show(intake).get("status").asString()).isEqualTo("WITHDRAWN");
  }

  @Test
  void eachIntakesEventsReachKafkaInTheOrderTheyHappened() throws Exception {
    var intakes = new ArrayList<UUID>();
    try (var pool = Executors.newFixedThreadPool(4)) {
      var work = new ArrayList<Callable<UUID>>();
      for (int i = 0; i < 12; i++) {
        work.add(
            () -> {
              var intake = submit(Questionnaires.kneeOnly());
              var corrected = Questionnaires.kneeOnly();
              Questionnaires.answers(corrected).put("painNow", 9);
              assertThat(amend(intake, corrected).getStatus()).isEqualTo(200);
              assertThat(withdraw(intake, "{\"reason\": \"OTHER\"}").getStatus()).isEqualTo(200);
              return intake;
            });
      }
      for (var done : pool.invokeAll(work)) {
        intakes.add(done.get());
      }
    }

    var keys = intakes.stream().map(UUID::toString).collect(Collectors.toSet());
    var records =
        KafkaProbe.records(
            broker.getBrokersAsString(), Topics.INTAKE, keys, 3 * intakes.size(), TIMEOUT);
    var types =
        records.stream()
            .collect(
                Collectors.groupingBy(
                    ConsumerRecord::key,
                    Collectors.mapping(
                        r -> header(r, CloudEventHeaders.TYPE), Collectors.toList())));
    assertThat(types).hasSize(intakes.size());
    types.forEach(
        (intake, inOrder) ->
            assertThat(inOrder)
                .as("events of intake %s", intake)
                .containsExactly(
                    EventType.INTAKE_SUBMITTED.type(),
                    EventType.INTAKE_AMENDED.type(),
                    EventType.INTAKE_WITHDRAWN.type()));
  }

  private ObjectNode correctedAnswers() {
    var corrected = Questionnaires.valid();
    Questionnaires.answers(corrected).put("painNow", 9);
    Questionnaires.answers(corrected).put("kneeLocking", true);
    return corrected;
  }

  private UUID submit(ObjectNode questionnaire) throws Exception {
    var response =
        mvc.perform(
                post("/api/intakes")
                    .contentType(MediaType.APPLICATION_JSON)
                    .content(json.writeValueAsString(questionnaire))
                    .with(Staff.frontDesk()))
            .andReturn()
            .getResponse();
    assertThat(response.getStatus()).isEqualTo(201);
    return UUID.fromString(json.readTree(response.getContentAsString()).get("intakeId").asString());
  }

  /** PUTs the answers of a whole questionnaire as the corrected set. */
  private MockHttpServletResponse amend(UUID intake, ObjectNode questionnaire) throws Exception {
    var body = json.createObjectNode();
    body.set("answers", questionnaire.get("answers"));
    return mvc.perform(
            put("/api/intakes/" + intake + "/answers")
                .contentType(MediaType.APPLICATION_JSON)
                .content(json.writeValueAsString(body))
                .with(Staff.frontDesk()))
        .andReturn()
        .getResponse();
  }

  private MockHttpServletResponse withdraw(UUID intake, String body) throws Exception {
    return mvc.perform(
            post("/api/intakes/" + intake + "/withdrawal")
                .contentType(MediaType.APPLICATION_JSON)
                .content(body)
                .with(Staff.frontDesk()))
        .andReturn()
        .getResponse();
  }

  private JsonNode show(UUID intake) throws Exception {
    var response =
        mvc.perform(get("/api/intakes/" + intake).with(Staff.frontDesk()))
            .andReturn()
            .getResponse();
    assertThat(response.getStatus()).isEqualTo(200);
    return json.readTree(response.getContentAsString());
  }

  private List<String> fields(MockHttpServletResponse response) throws Exception {
    return json.readTree(response.getContentAsString())
        .get("errors")
        .valueStream()
        .map(error -> error.get("field").asString())
        .toList();
  }

  private long amendments(UUID intake) {
    return jdbc.sql("select count(*) from intake_amendment where intake_id = :id")
        .param("id", intake)
        .query(Long.class)
        .single();
  }

  private long publicationsFor(UUID intake) {
    return jdbc.sql("select count(*) from event_publication where serialized_event like :id")
        .param("id", "%" + intake + "%")
        .query(Long.class)
        .single();
  }

  private long count(String table) {
    return jdbc.sql("select count(*) from " + table).query(Long.class).single();
  }

  private static String key(UUID intake) {
    return intake.toString();
  }

  private static String header(ConsumerRecord<String, String> record, String name) {
    return new String(record.headers().lastHeader(name).value(), StandardCharsets.UTF_8);
  }
}
