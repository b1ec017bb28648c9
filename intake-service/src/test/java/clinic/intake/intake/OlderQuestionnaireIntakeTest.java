package clinic.intake.intake;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.put;

import clinic.events.Actor;
import clinic.events.questionnaire.Questionnaire;
import clinic.intake.FhirClient;
import clinic.intake.IntakeServiceTest;
import clinic.intake.Questionnaires;
import clinic.intake.Staff;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.UUID;
import org.hl7.fhir.r4.model.QuestionnaireResponse;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.http.MediaType;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.mock.web.MockHttpServletResponse;
import org.springframework.test.web.servlet.MockMvc;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * Intakes stored with questionnaire 2026-11.1, before 2026-12.1 added which leg the pain travels
 * down and knee pain with activity: still shown, served as FHIR with their own Questionnaire, and
 * amended onto the current version (an amendment is a whole answer set to the current questions).
 */
@IntakeServiceTest
class OlderQuestionnaireIntakeTest {

  static final String OLDER = Questionnaire.V2026_11_1.version();

  @Autowired MockMvc mvc;
  @Autowired JsonMapper json;
  @Autowired IntakeValidator validator;
  @Autowired IntakeSubmission submission;
  @Autowired JdbcClient jdbc;
  @LocalServerPort int port;

  /**
   * As stored before 2026-12.1 went live: validated with and recorded under 2026-11.1, whose
   * definition the service recorded when it was current (this test database starts on 2026-12.1).
   */
  private UUID olderIntake() {
    jdbc.sql(
            """
            insert into questionnaire (version, definition, first_used_at)
            values (:version, cast(:definition as jsonb), now() - interval '30 days')
            on conflict (version) do nothing
            """)
        .param("version", OLDER)
        .param("definition", json.writeValueAsString(Questionnaire.V2026_11_1))
        .update();
    var valid =
        validator.submission(
            Questionnaire.V2026_11_1,
            Questionnaires.validForTheOlderQuestionnaire(),
            null,
            Locale.ENGLISH);
    return submission.submit(valid, OLDER, null, Actor.system("test")).intake().id();
  }

  @Test
  void anOlderIntakeIsShownWithItsVersionAndAnswers() throws Exception {
    var id = olderIntake();

    var shown = show(id);

    assertThat(shown.get("questionnaireVersion").asString()).isEqualTo(OLDER);
    assertThat(shown.at("/answers/kneeInjury").asString()).isEqualTo("TWISTING");
    assertThat(shown.get("answers").has("legSide")).isFalse();
    assertThat(shown.get("answers").has("kneePainWithActivity")).isFalse();
  }

  @Test
  void anOlderIntakeIsServedAsAResponseToItsOwnQuestionnaire() throws Exception {
    var id = olderIntake();
    var fhir = new FhirClient(port);

    var read = fhir.get("/fhir/QuestionnaireResponse/" + id, "FRONT_DESK");

    assertThat(read.statusCode()).as(read.body()).isEqualTo(200);
    var response = FhirClient.parse(QuestionnaireResponse.class, read.body());
    assertThat(response.getQuestionnaire()).endsWith("/fhir/Questionnaire/" + OLDER);
    assertThat(read.body()).contains("\"kneeInjury\"").doesNotContain("legSide");
    var questionnaire = fhir.get("/fhir/Questionnaire/" + OLDER, "FRONT_DESK");
    assertThat(questionnaire.statusCode()).isEqualTo(200);
    assertThat(questionnaire.body()).contains("\"linkId\":\"kneeInjury\"");
    assertThat(questionnaire.body()).doesNotContain("kneePainWithActivity");
  }

  @Test
  void anAmendmentMovesAnOlderIntakeToTheCurrentVersionAndMustAnswerTheNewQuestions()
      throws Exception {
    var id = olderIntake();

    // The older answers again, corrected: the two new questions are asked and unanswered.
    var older = Questionnaires.validForTheOlderQuestionnaire();
    Questionnaires.answers(older).put("painNow", 8);
    var refused = amend(id, older);
    assertThat(refused.getStatus()).isEqualTo(400);
    assertThat(json.readTree(refused.getContentAsString()).get("errors").valueStream())
        .extracting(error -> error.get("field").asString())
        .containsExactlyInAnyOrder("answers.legSide", "answers.kneePainWithActivity");
    assertThat(show(id).get("questionnaireVersion").asString()).isEqualTo(OLDER);

    var current = Questionnaires.valid();
    Questionnaires.answers(current).put("painNow", 8);
    var amended = amend(id, current);

    assertThat(amended.getStatus()).as(amended.getContentAsString()).isEqualTo(200);
    var shown = show(id);
    assertThat(shown.get("questionnaireVersion").asString())
        .isEqualTo(Questionnaire.CURRENT.version());
    assertThat(shown.at("/answers/legSide").asString()).isEqualTo("LEFT");
    assertThat(shown.at("/answers/kneePainWithActivity").asBoolean()).isTrue();
  }

  @Test
  void theCorrectionFormOfAnOlderIntakeAsksTheNewQuestionsUnanswered() throws Exception {
    var id = olderIntake();

    var html =
        mvc.perform(get("/intakes/" + id + "/answers").with(Staff.frontDesk()))
            .andReturn()
            .getResponse()
            .getContentAsString();

    assertThat(html).contains("id=\"q-legSide\"", "id=\"q-kneePainWithActivity\"");
    assertThat(html).doesNotContainPattern("name=\"legSide\"\\s+value=\"[A-Z]+\" checked");
    assertThat(html)
        .containsPattern(
            "id=\"kneeInjury-TWISTING\" name=\"kneeInjury\"\\s+value=\"TWISTING\" checked");
  }

  /** The README's and the load test's example is a complete intake of the current version. */
  @Test
  void theJsonExampleIsAValidIntakeOfTheCurrentVersion() throws Exception {
    var example = Files.readString(Path.of("../examples/back-and-leg-intake.json"));

    var response =
        mvc.perform(
                post("/api/intakes")
                    .contentType(MediaType.APPLICATION_JSON)
                    .content(example)
                    .with(Staff.frontDesk()))
            .andReturn()
            .getResponse();

    assertThat(response.getStatus()).as(response.getContentAsString()).isEqualTo(201);
    var id =
        UUID.fromString(json.readTree(response.getContentAsString()).get("intakeId").asString());
    assertThat(show(id).get("questionnaireVersion").asString())
        .isEqualTo(Questionnaire.CURRENT.version());
  }

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

  private JsonNode show(UUID intake) throws Exception {
    var response =
        mvc.perform(get("/api/intakes/" + intake).with(Staff.frontDesk()))
            .andReturn()
            .getResponse();
    assertThat(response.getStatus()).isEqualTo(200);
    return json.readTree(response.getContentAsString());
  }
}
