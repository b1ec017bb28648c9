package clinic.triage.cds;

import static org.assertj.core.api.Assertions.assertThat;

import clinic.events.questionnaire.Question;
import clinic.events.questionnaire.Questionnaire;
import clinic.fhir.Validation;
import clinic.triage.Intakes;
import clinic.triage.ScenarioTest;
import clinic.triage.Tokens;
import clinic.triage.TriageServiceTest;
import com.networknt.schema.Error;
import com.networknt.schema.InputFormat;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.net.http.HttpResponse;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.hl7.fhir.r4.model.BooleanType;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.DateType;
import org.hl7.fhir.r4.model.DecimalType;
import org.hl7.fhir.r4.model.IntegerType;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.QuestionnaireResponse;
import org.hl7.fhir.r4.model.QuestionnaireResponse.QuestionnaireResponseItemComponent;
import org.hl7.fhir.r4.model.QuestionnaireResponse.QuestionnaireResponseStatus;
import org.hl7.fhir.r4.model.StringType;
import org.hl7.fhir.r4.model.Type;
import org.junit.jupiter.api.Test;

/**
 * The CDS Hooks service on the running service, as an EHR calls it: the discovery document and a
 * patient-view call with the patient's QuestionnaireResponse as prefetch, both checked against the
 * CDS Hooks 2.0 response shapes.
 */
@TriageServiceTest
class CdsHooksTest extends ScenarioTest {

  static final SchemaRegistry SCHEMAS =
      SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_2020_12);
  static final String SERVICE = "/cds-services/clinic-triage";

  @Test
  void discoveryNamesTheServiceItsHookAndItsPrefetchWithoutAToken() {
    HttpResponse<String> response = api.anonymous().get("/cds-services");

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(errors("discovery.schema.json", response.body())).isEmpty();
    Map<String, Object> service = api.list(api.map(response).get("services")).getFirst();
    assertThat(service).containsEntry("hook", "patient-view").containsEntry("id", "clinic-triage");
    assertThat(api.map(response).toString()).contains("questionnaireResponse=", "patient=");
  }

  @Test
  void aRedFlagIsACriticalCardThatSaysItsEscalationAndTheFlagFirst() {
    HttpResponse<String> response = call(prefetch(response(Intakes.caudaEquina()), patient(52)));

    assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
    assertThat(errors("cards.schema.json", response.body())).isEmpty();
    Map<String, Object> card = api.list(api.map(response).get("cards")).getFirst();
    assertThat(card).containsEntry("indicator", "critical");
    assertThat((String) card.get("summary"))
        .startsWith("Emergency assessment today. Red flag: numbness in the saddle area");
    assertThat((String) card.get("detail")).contains("**Red flags:**").contains("Surgical consult");
  }

  @Test
  void aCaseWithoutRedFlagsProposesItsRouteAndUrgencyAndLinksTheDashboard() {
    HttpResponse<String> response = call(prefetch(response(Intakes.sciatica()), patient(41)));

    assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
    assertThat(errors("cards.schema.json", response.body())).isEmpty();
    Map<String, Object> card = api.list(api.map(response).get("cards")).getFirst();
    assertThat(card).containsEntry("indicator", "info");
    assertThat((String) card.get("summary"))
        .isEqualTo("Proposed: Physical therapy, soon (within weeks)");
    assertThat((String) card.get("detail")).contains("Herniated disc (likely)");
    Map<String, Object> link = api.list(card.get("links")).getFirst();
    assertThat(link).containsEntry("type", "absolute");
    assertThat((String) link.get("url")).endsWith("/dashboard");
  }

  @Test
  void aResponseOfOneOfTheClinicsIntakesLinksItsReferral() {
    var intake = Intakes.submitted(Intakes.sciatica());
    UUID referralId = scenario.referralFor(intake);
    QuestionnaireResponse answers = response(Intakes.sciatica());
    answers.setId(intake.intakeId().toString());

    HttpResponse<String> response = call(prefetch(searchBundle(answers), patient(41)));

    Map<String, Object> card = api.list(api.map(response).get("cards")).getFirst();
    Map<String, Object> link = api.list(card.get("links")).getFirst();
    assertThat((String) link.get("url")).endsWith("/dashboard/referrals/" + referralId);
  }

  @Test
  void theReadmesExampleRequestGetsACard() throws IOException {
    String example =
        java.nio.file.Files.readString(java.nio.file.Path.of("../examples/cds-patient-view.json"));

    HttpResponse<String> response = call(example);

    assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
    assertThat(errors("cards.schema.json", response.body())).isEmpty();
    assertThat(api.list(api.map(response).get("cards"))).hasSize(1);
    // A complete answer set to the current questionnaire: nothing missing to review.
    assertThat(response.body()).doesNotContain("A clinician must review");
  }

  @Test
  void theAgeMayComeFromTheAnswersWhenThereIsNoPatient() {
    QuestionnaireResponse answers = response(Intakes.sciatica());
    answers
        .addItem()
        .setLinkId("dateOfBirth")
        .addAnswer()
        .setValue(new DateType(LocalDate.now().minusYears(60).toString()));

    HttpResponse<String> response = call(prefetch(answers, null));

    assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
    assertThat(api.list(api.map(response).get("cards"))).hasSize(1);
  }

  @Test
  void withoutTheAgeTheProblemNamesTheField() {
    HttpResponse<String> response = call(prefetch(response(Intakes.sciatica()), null));

    assertThat(response.statusCode()).isEqualTo(400);
    assertThat(response.body()).contains("prefetch.patient.birthDate");
  }

  @Test
  void noAnswersYetMeansNoCards() {
    HttpResponse<String> response = call(prefetchJson("null", null));

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(api.list(api.map(response).get("cards"))).isEmpty();
  }

  @Test
  void withoutThePrefetchItIsAPreconditionFailure() {
    HttpResponse<String> response = api.postJson(SERVICE, request("{}"));

    assertThat(response.statusCode()).isEqualTo(412);
  }

  @Test
  void anAnswerTheQuestionnaireDoesNotAllowIsNamedByItsLinkId() {
    Map<String, Object> answers = Intakes.sciatica();
    answers.put("painNow", 42);

    HttpResponse<String> response = call(prefetch(response(answers), patient(41)));

    assertThat(response.statusCode()).isEqualTo(400);
    assertThat(response.body()).contains("prefetch.questionnaireResponse.item[linkId=painNow]");
  }

  @Test
  void aRequestThatIsNotAPatientViewNamesEveryMissingField() {
    HttpResponse<String> response = api.postJson(SERVICE, "{\"hook\":\"order-sign\"}");

    assertThat(response.statusCode()).isEqualTo(400);
    assertThat(response.body())
        .contains("\"hook\"")
        .contains("hookInstance")
        .contains("context.userId")
        .contains("context.patientId");
  }

  @Test
  void onlyClinicianSystemsMayAsk() {
    String body = prefetch(response(Intakes.sciatica()), patient(41));

    assertThat(api.anonymous().postJson(SERVICE, body).statusCode()).isEqualTo(401);
    assertThat(api.as(Tokens.receivingTeam("Rui")).postJson(SERVICE, body).statusCode())
        .isEqualTo(403);
  }

  private HttpResponse<String> call(String body) {
    return api.postJson(SERVICE, body);
  }

  /** A patient-view request with the prefetch entries (JSON) given. */
  private static String request(String prefetch) {
    return """
        {"hook": "patient-view", "hookInstance": "%s",
         "context": {"userId": "Practitioner/ada", "patientId": "example-patient"},
         "prefetch": %s}"""
        .formatted(UUID.randomUUID(), prefetch);
  }

  private static String prefetch(
      org.hl7.fhir.instance.model.api.IBaseResource answers, Patient patient) {
    return prefetchJson(json(answers), patient == null ? null : json(patient));
  }

  private static String prefetchJson(String answers, String patient) {
    return request(
        "{\"questionnaireResponse\": "
            + answers
            + (patient == null ? "" : ", \"patient\": " + patient)
            + "}");
  }

  private static String json(org.hl7.fhir.instance.model.api.IBaseResource resource) {
    return Validation.R4.newJsonParser().encodeResourceToString(resource);
  }

  private static Patient patient(int ageYears) {
    var patient = new Patient();
    patient.setId("example-patient");
    patient.setBirthDateElement(
        new DateType(LocalDate.now().minusYears(ageYears).minusDays(1).toString()));
    return patient;
  }

  private static Bundle searchBundle(QuestionnaireResponse answers) {
    var bundle = new Bundle().setType(Bundle.BundleType.SEARCHSET);
    bundle.addEntry().setResource(answers);
    return bundle;
  }

  /** A response as another system writes it: one item per answer, choices as codings. */
  static QuestionnaireResponse response(Map<String, Object> answers) {
    var response = new QuestionnaireResponse().setStatus(QuestionnaireResponseStatus.COMPLETED);
    answers.forEach(
        (id, answer) -> {
          QuestionnaireResponseItemComponent item = response.addItem().setLinkId(id);
          if (answer instanceof List<?> chosen) {
            chosen.forEach(c -> item.addAnswer().setValue(new Coding().setCode((String) c)));
          } else if (answer != null) {
            item.addAnswer().setValue(value(id, answer));
          }
        });
    return response;
  }

  private static Type value(String id, Object answer) {
    return switch (answer) {
      case Boolean yes -> new BooleanType(yes);
      case Integer whole -> new IntegerType(whole);
      case Double number -> new DecimalType(BigDecimal.valueOf(number));
      case String text ->
          Questionnaire.CURRENT.question(id).map(Question::type).orElse(null)
                  == Question.Type.CHOICE
              ? new Coding().setCode(text)
              : new StringType(text);
      default -> throw new IllegalArgumentException(id + ": " + answer);
    };
  }

  private static List<Error> errors(String schema, String body) {
    try (InputStream in = CdsHooksTest.class.getResourceAsStream("/cds-hooks/" + schema)) {
      return SCHEMAS.getSchema(in).validate(body, InputFormat.JSON);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
