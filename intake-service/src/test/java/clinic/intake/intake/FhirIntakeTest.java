package clinic.intake.intake;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.put;

import clinic.events.Topics;
import clinic.fhir.FormFiller;
import clinic.fhir.ResponseIssues;
import clinic.fhir.Validation;
import clinic.intake.FhirClient;
import clinic.intake.IntakeServiceTest;
import clinic.intake.KafkaProbe;
import clinic.intake.Staff;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.Bundle.BundleType;
import org.hl7.fhir.r4.model.Bundle.HTTPVerb;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.ContactPoint.ContactPointSystem;
import org.hl7.fhir.r4.model.DateType;
import org.hl7.fhir.r4.model.Enumerations.AdministrativeGender;
import org.hl7.fhir.r4.model.IntegerType;
import org.hl7.fhir.r4.model.OperationOutcome;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.Questionnaire;
import org.hl7.fhir.r4.model.QuestionnaireResponse;
import org.hl7.fhir.r4.model.QuestionnaireResponse.QuestionnaireResponseItemComponent;
import org.hl7.fhir.r4.model.QuestionnaireResponse.QuestionnaireResponseStatus;
import org.hl7.fhir.r4.model.StringType;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.http.MediaType;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.kafka.test.EmbeddedKafkaBroker;
import org.springframework.test.web.servlet.MockMvc;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * QuestionnaireResponses in and out of {@code /fhir}. The responses are written by walking the FHIR
 * Questionnaire the service serves (its items, types, options, ranges and enableWhen), never the
 * definition it was rendered from: a form filler that knows only FHIR.
 */
@IntakeServiceTest
class FhirIntakeTest {

  static final String NAME = FormFiller.PATIENT_NAME;
  static final String BIRTH_DATE = FormFiller.PATIENT_BIRTH_DATE;

  @LocalServerPort int port;
  @Autowired Validation validation;
  @Autowired JdbcClient jdbc;
  @Autowired JsonMapper json;
  @Autowired MockMvc mvc;
  @Autowired EmbeddedKafkaBroker broker;

  FhirClient fhir;
  Questionnaire questionnaire;

  @BeforeEach
  void readTheQuestionnaire() throws Exception {
    fhir = new FhirClient(port);
    var bundle =
        FhirClient.parse(Bundle.class, fhir.get("/fhir/Questionnaire", "FRONT_DESK").body());
    questionnaire =
        bundle.getEntry().stream()
            .map(entry -> (Questionnaire) entry.getResource())
            .filter(
                q ->
                    q.getVersion()
                        .equals(clinic.events.questionnaire.Questionnaire.CURRENT.version()))
            .findFirst()
            .orElseThrow();
  }

  @Test
  void aResponseWrittenFromTheFhirQuestionnaireBecomesAnIntakeLikeTheJsonOne() throws Exception {
    var response = FormFiller.fill(questionnaire);
    assertThat(validation.errors(response)).as("the filler writes a valid response").isEmpty();

    var created = fhir.post("/fhir/QuestionnaireResponse", "FRONT_DESK", response);

    assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
    var location = created.headers().firstValue("Location").orElseThrow();
    assertThat(location).matches(".*/fhir/QuestionnaireResponse/[0-9a-f-]{36}(/_history/.*)?");
    var id =
        UUID.fromString(location.replaceAll(".*/QuestionnaireResponse/([0-9a-f-]{36}).*", "$1"));
    assertThat(
            jdbc.sql("select patient_name from intake where id = ?")
                .param(id)
                .query(String.class)
                .single())
        .isEqualTo(NAME);

    // The same answers through POST /api/intakes, as a JSON client sends them.
    var jsonId = submitAsJson(FormFiller.asJson(response));
    var fromFhir = event(id);
    var fromJson = event(jsonId);
    assertThat(
            fromFhir
                .get("answers")
                .equals(IntakeSubmissionTest.NUMERICALLY, fromJson.get("answers")))
        .as("FHIR %s%nJSON %s", fromFhir.get("answers"), fromJson.get("answers"))
        .isTrue();
    assertThat(fromFhir.get("ageYears")).isEqualTo(fromJson.get("ageYears"));
    assertThat(fromFhir.get("preferredLanguage")).isEqualTo(fromJson.get("preferredLanguage"));
    assertThat(fromFhir.get("questionnaireVersion"))
        .isEqualTo(fromJson.get("questionnaireVersion"));

    var read = fhir.get("/fhir/QuestionnaireResponse/" + id, "CLINICIAN");
    assertThat(read.statusCode()).as(read.body()).isEqualTo(200);
    var back = FhirClient.parse(QuestionnaireResponse.class, read.body());
    assertThat(validation.errors(back)).isEmpty();
    assertThat(back.getStatus()).isEqualTo(QuestionnaireResponseStatus.COMPLETED);
    assertThat(back.getQuestionnaire()).isEqualTo(questionnaire.getUrl());
    assertThat(FormFiller.asJson(back)).isEqualTo(FormFiller.asJson(response));
    assertThat(((Patient) back.getContained().getFirst()).getNameFirstRep().getText())
        .isEqualTo(NAME);
    assertThat(
            jdbc.sql("select view from intake_read where ? = any(intake_ids)")
                .param(id)
                .query(String.class)
                .list())
        .containsExactly("FHIR_RESPONSE");
  }

  @Test
  void theStatusReadBackFollowsTheIntakesAmendmentsAndWithdrawal() throws Exception {
    var answers = FormFiller.asJson(FormFiller.fill(questionnaire));
    var amended = submitAsJson(answers);
    var body = json.createObjectNode();
    body.set("answers", answers.get("answers").deepCopy());
    ((ObjectNode) body.get("answers")).put("painNow", 5);
    assertThat(send(put("/api/intakes/" + amended + "/answers"), body)).isEqualTo(200);
    var duplicate = submitAsJson(answers);
    assertThat(
            send(
                post("/api/intakes/" + duplicate + "/withdrawal"),
                json.createObjectNode().put("reason", "DUPLICATE")))
        .isEqualTo(200);
    var mistaken = submitAsJson(answers);
    assertThat(
            send(
                post("/api/intakes/" + mistaken + "/withdrawal"),
                json.createObjectNode().put("reason", "ENTERED_IN_ERROR")))
        .isEqualTo(200);

    assertThat(readBack(amended).getStatus()).isEqualTo(QuestionnaireResponseStatus.AMENDED);
    assertThat(readBack(duplicate).getStatus()).isEqualTo(QuestionnaireResponseStatus.STOPPED);
    assertThat(readBack(mistaken).getStatus())
        .isEqualTo(QuestionnaireResponseStatus.ENTEREDINERROR);
    assertThat(validation.errors(readBack(amended))).isEmpty();
  }

  private int send(
      org.springframework.test.web.servlet.request.MockHttpServletRequestBuilder request,
      ObjectNode body)
      throws Exception {
    return mvc.perform(
            request
                .contentType(MediaType.APPLICATION_JSON)
                .content(json.writeValueAsString(body))
                .with(Staff.frontDesk()))
        .andReturn()
        .getResponse()
        .getStatus();
  }

  private QuestionnaireResponse readBack(UUID id) throws Exception {
    var read = fhir.get("/fhir/QuestionnaireResponse/" + id, "CLINICIAN");
    assertThat(read.statusCode()).as(read.body()).isEqualTo(200);
    return FhirClient.parse(QuestionnaireResponse.class, read.body());
  }

  @Test
  void aBadResponseIsRefusedNamingEachItemAndNothingIsStored() throws Exception {
    var response = FormFiller.fill(questionnaire);
    response.addItem().setLinkId("nickname").addAnswer().setValue(new StringType("Ana"));
    remove(response.getItem(), "painNow");
    find(response.getItem(), "onset")
        .getAnswerFirstRep()
        .setValue(
            new Coding(
                find(response.getItem(), "onset").getAnswerFirstRep().getValueCoding().getSystem(),
                "YESTERDAY",
                null));
    find(response.getItem(), "durationWeeks").getAnswerFirstRep().setValue(new IntegerType(9999));
    var before = intakes();

    var refused = fhir.post("/fhir/QuestionnaireResponse", "FRONT_DESK", response);

    assertThat(refused.statusCode()).as(refused.body()).isEqualTo(422);
    var outcome = FhirClient.parse(OperationOutcome.class, refused.body());
    assertThat(outcome.getIssue())
        .as(refused.body())
        .extracting(issue -> issue.getExpression().getFirst().getValue())
        .contains(
            ResponseIssues.expression("nickname"),
            ResponseIssues.expression("painNow"),
            ResponseIssues.expression("onset"),
            ResponseIssues.expression("durationWeeks"));
    assertThat(outcome.getIssue())
        .as("one issue per item, the validator's and the project's messages together")
        .hasSize(4);
    assertThat(outcome.getIssue())
        .allSatisfy(
            issue ->
                assertThat(issue.getSeverity()).isEqualTo(OperationOutcome.IssueSeverity.ERROR));
    assertThat(intakes()).isEqualTo(before);
  }

  @Test
  void theSameResponseAgainWithItsKeyIsTheSameIntake() throws Exception {
    var response = FormFiller.fill(questionnaire);
    response
        .getIdentifier()
        .setSystem("urn:ietf:rfc:3986")
        .setValue("urn:uuid:" + UUID.randomUUID());

    var first = fhir.post("/fhir/QuestionnaireResponse", "FRONT_DESK", response);
    var again = fhir.post("/fhir/QuestionnaireResponse", "ADMIN", response);
    var key = UUID.randomUUID().toString();
    var withHeader =
        fhir.post(
            "/fhir/QuestionnaireResponse",
            "FRONT_DESK",
            FormFiller.fill(questionnaire),
            "Idempotency-Key",
            key);
    var withHeaderAgain =
        fhir.post(
            "/fhir/QuestionnaireResponse",
            "FRONT_DESK",
            FormFiller.fill(questionnaire),
            "Idempotency-Key",
            key);
    var changed = FormFiller.fill(questionnaire);
    find(changed.getItem(), "painNow").getAnswerFirstRep().setValue(new IntegerType(3));
    var reused =
        fhir.post("/fhir/QuestionnaireResponse", "FRONT_DESK", changed, "Idempotency-Key", key);

    assertThat(first.statusCode()).isEqualTo(201);
    assertThat(again.statusCode()).as(again.body()).isEqualTo(200);
    assertThat(id(again)).isEqualTo(id(first));
    assertThat(withHeader.statusCode()).isEqualTo(201);
    assertThat(withHeaderAgain.statusCode()).isEqualTo(200);
    assertThat(id(withHeaderAgain)).isEqualTo(id(withHeader)).isNotEqualTo(id(first));
    assertThat(reused.statusCode()).as(reused.body()).isEqualTo(422);
    assertThat(reused.body()).contains("Idempotency-Key");
    var records =
        KafkaProbe.records(
            broker.getBrokersAsString(),
            Topics.INTAKE,
            id(first).toString(),
            1,
            Duration.ofSeconds(30));
    assertThat(records).as("one IntakeSubmitted for the key").hasSize(1);
  }

  @Test
  void aTransactionWithAPatientTakesItsDetailsFromThePatient() throws Exception {
    var response = FormFiller.fill(questionnaire);
    for (var linkId : List.of("patientName", "dateOfBirth", "phone", "email")) {
      remove(response.getItem(), linkId);
    }
    var patient = new Patient();
    patient.addName().setFamily("Tester").addGiven("Bea");
    patient.setBirthDateElement(new DateType("1980-02-03"));
    patient.setGender(AdministrativeGender.FEMALE);
    patient.addTelecom().setSystem(ContactPointSystem.EMAIL).setValue("bea@example.org");
    var bundle = new Bundle().setType(BundleType.TRANSACTION);
    bundle
        .addEntry()
        .setFullUrl("urn:uuid:" + UUID.randomUUID())
        .setResource(patient)
        .getRequest()
        .setMethod(HTTPVerb.POST)
        .setUrl("Patient");
    bundle
        .addEntry()
        .setFullUrl("urn:uuid:" + UUID.randomUUID())
        .setResource(response)
        .getRequest()
        .setMethod(HTTPVerb.POST)
        .setUrl("QuestionnaireResponse");

    var answer = fhir.post("/fhir", "FRONT_DESK", bundle);

    assertThat(answer.statusCode()).as(answer.body()).isEqualTo(200);
    var result = FhirClient.parse(Bundle.class, answer.body());
    assertThat(result.getType()).isEqualTo(BundleType.TRANSACTIONRESPONSE);
    var created = result.getEntry().get(1).getResponse();
    assertThat(created.getStatus()).startsWith("201");
    var id =
        UUID.fromString(
            created.getLocation().replaceAll(".*QuestionnaireResponse/([0-9a-f-]{36}).*", "$1"));
    var stored =
        jdbc.sql("select patient_name, date_of_birth::text, email, phone from intake where id = ?")
            .param(id)
            .query()
            .singleRow();
    assertThat(stored)
        .containsEntry("patient_name", "Bea Tester")
        .containsEntry("date_of_birth", "1980-02-03")
        .containsEntry("email", "bea@example.org")
        .containsEntry("phone", null);
  }

  @Test
  void onlyTheRolesOfTheJsonApiGetIn() throws Exception {
    var response = FormFiller.fill(questionnaire);
    var before = intakes();

    assertThat(fhir.post("/fhir/QuestionnaireResponse", null, response).statusCode())
        .isEqualTo(401);
    assertThat(fhir.post("/fhir/QuestionnaireResponse", "CLINICIAN", response).statusCode())
        .isEqualTo(403);
    assertThat(
            fhir.post("/fhir", "RECEIVING_TEAM", new Bundle().setType(BundleType.TRANSACTION))
                .statusCode())
        .isEqualTo(403);
    assertThat(fhir.get("/fhir/Questionnaire", null).statusCode()).isEqualTo(401);
    assertThat(intakes()).isEqualTo(before);
    var id = id(fhir.post("/fhir/QuestionnaireResponse", "ADMIN", response));
    assertThat(fhir.get("/fhir/QuestionnaireResponse/" + id, null).statusCode()).isEqualTo(401);
    assertThat(fhir.get("/fhir/QuestionnaireResponse/" + id, "RECEIVING_TEAM").statusCode())
        .isEqualTo(403);
    assertThat(fhir.get("/fhir/QuestionnaireResponse/" + id, "CONTENT_EDITOR").statusCode())
        .isEqualTo(403);
    assertThat(
            fhir.get("/fhir/QuestionnaireResponse/" + UUID.randomUUID(), "FRONT_DESK").statusCode())
        .isEqualTo(404);
  }

  /** The README's example, served by the gateway there: here the service's own base URL. */
  @Test
  void theExampleResponseIsAnIntake() throws Exception {
    var example =
        java.nio.file.Files.readString(
                java.nio.file.Path.of("../examples/back-and-leg-questionnaire-response.json"))
            .replace("http://localhost:8080/fhir/", "http://localhost:8081/fhir/");
    var response = FhirClient.parse(QuestionnaireResponse.class, example);
    assertThat(validation.errors(response)).isEmpty();

    var created = fhir.post("/fhir/QuestionnaireResponse", "FRONT_DESK", response);

    assertThat(created.statusCode()).as(created.body()).isIn(200, 201);
    assertThat(created.headers().firstValue("Location")).isPresent();
  }

  // --- helpers

  private long intakes() {
    return jdbc.sql("select count(*) from intake").query(Long.class).single();
  }

  private UUID submitAsJson(ObjectNode body) throws Exception {
    var response =
        mvc.perform(
                post("/api/intakes")
                    .contentType(MediaType.APPLICATION_JSON)
                    .content(json.writeValueAsString(body))
                    .with(Staff.frontDesk()))
            .andReturn()
            .getResponse();
    assertThat(response.getStatus()).as(response.getContentAsString()).isEqualTo(201);
    return UUID.fromString(json.readTree(response.getContentAsString()).get("intakeId").asString());
  }

  private JsonNode event(UUID id) {
    var records =
        KafkaProbe.records(
            broker.getBrokersAsString(), Topics.INTAKE, id.toString(), 1, Duration.ofSeconds(30));
    assertThat(records).hasSize(1);
    return json.readTree(records.getFirst().value());
  }

  private static UUID id(HttpResponse<String> created) {
    return UUID.fromString(
        created
            .headers()
            .firstValue("Location")
            .orElseThrow()
            .replaceAll(".*/QuestionnaireResponse/([0-9a-f-]{36}).*", "$1"));
  }

  static QuestionnaireResponseItemComponent find(
      List<QuestionnaireResponseItemComponent> items, String linkId) {
    for (var item : items) {
      if (item.getLinkId().equals(linkId)) {
        return item;
      }
      var nested = find(item.getItem(), linkId);
      if (nested != null) {
        return nested;
      }
    }
    return null;
  }

  static void remove(List<QuestionnaireResponseItemComponent> items, String linkId) {
    items.removeIf(item -> item.getLinkId().equals(linkId));
    items.forEach(item -> remove(item.getItem(), linkId));
  }
}
