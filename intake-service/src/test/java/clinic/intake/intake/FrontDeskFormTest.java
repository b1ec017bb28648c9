package clinic.intake.intake;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;

import clinic.events.questionnaire.Question;
import clinic.events.questionnaire.Questionnaire;
import clinic.intake.IntakeServiceTest;
import clinic.intake.Questionnaires;
import clinic.intake.Staff;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.mock.web.MockHttpServletResponse;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.request.MockHttpServletRequestBuilder;
import org.springframework.util.LinkedMultiValueMap;
import org.springframework.util.MultiValueMap;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * The front-desk pages as a browser without JavaScript gets them: the whole questionnaire on one
 * server-rendered form, the same validation and idempotency as the API.
 */
@IntakeServiceTest
class FrontDeskFormTest {

  @Autowired MockMvc mvc;
  @Autowired JdbcClient jdbc;
  @Autowired JsonMapper json;

  @Test
  void formShowsEveryQuestionLabelledAndGroupedWithoutJavaScript() throws Exception {
    var html = page(get("/"));

    assertThat(html).contains("<html class=\"no-js\" lang=\"en\">");
    assertThat(html).contains("<form method=\"post\" action=\"/intakes\" novalidate");
    assertThat(html).doesNotContain(" hidden", "disabled");
    for (var section : Questionnaire.CURRENT.sections()) {
      assertThat(html).contains("<fieldset class=\"section\" id=\"section-" + section.id() + "\"");
    }
    for (var question : (Iterable<Question>) Questionnaire.CURRENT.questions()::iterator) {
      var id = question.id();
      assertThat(html).as(id).contains("id=\"q-" + id + "\"");
      switch (question.type()) {
        case BOOLEAN -> {
          assertThat(html).contains("type=\"radio\" id=\"" + id + "-true\" name=\"" + id + "\"");
          assertThat(html).contains("<label for=\"" + id + "-false\">No</label>");
        }
        case CHOICE ->
            question
                .options()
                .forEach(
                    option ->
                        assertThat(html).contains("<label for=\"" + id + "-" + option + "\">"));
        case MULTI_CHOICE ->
            question
                .options()
                .forEach(
                    option ->
                        assertThat(html)
                            .contains("type=\"checkbox\" id=\"" + id + "-" + option + "\""));
        default -> assertThat(html).contains("<label class=\"label\" for=\"" + id + "\">");
      }
    }
    assertThat(html)
        .contains(
            "type=\"number\" id=\"painNow\" name=\"painNow\" value=\"\" min=\"0\" max=\"10\""
                + " step=\"1\" inputmode=\"numeric\"");
    assertThat(html)
        .contains(
            "Answer this part only if the answer to “Where does it hurt?” includes Left knee or Right knee.");
    assertThat(html).contains("data-shown-when=\"painAreas\" data-any-of=\"LEFT_KNEE RIGHT_KNEE\"");
    assertThat(html).containsPattern("name=\"idempotencyKey\" value=\"[0-9a-f-]{36}\"");
  }

  @Test
  void formAsksWhichLegAfterThePainTravelsDownAndKneePainWithActivityInTheKneePart()
      throws Exception {
    var html = page(get("/"));

    // Which leg: a follow-up of "does the pain travel down your leg", right after how far.
    assertThat(html)
        .containsPattern(
            "id=\"q-legSide\"\\s+data-shown-when=\"painRadiatesDownLeg\"\\s+data-any-of=\"true\"");
    assertThat(html.indexOf("id=\"q-radiatesHowFar\""))
        .isLessThan(html.indexOf("id=\"q-legSide\""));
    assertThat(html.indexOf("id=\"q-legSide\""))
        .isLessThan(html.indexOf("id=\"q-legNumbnessOrTingling\""));
    assertThat(squash(html))
        .contains(
            "Which leg does the pain travel down?",
            "The left leg",
            "The right leg",
            "Both legs",
            "Answer only if the answer to “Does the pain travel from your back down your leg?” is"
                + " Yes.");
    // Knee pain with activity: asked whenever the knee part is, with the stiffness question.
    assertThat(html).contains("id=\"q-kneePainWithActivity\">");
    assertThat(html.indexOf("id=\"section-knee\""))
        .isLessThan(html.indexOf("id=\"q-kneePainWithActivity\""));
    assertThat(html.indexOf("id=\"q-kneePainWithActivity\""))
        .isLessThan(html.indexOf("id=\"q-morningStiffnessMinutes\""));
    assertThat(squash(html)).contains("Does your knee hurt when you are active?");

    var spanish =
        squash(
            mvc.perform(get("/").param("lang", "es").with(Staff.frontDesk()))
                .andReturn()
                .getResponse()
                .getContentAsString());
    assertThat(spanish)
        .contains(
            "¿Por qué pierna baja el dolor?",
            "Por las dos piernas",
            "¿Le duele la rodilla cuando está en actividad?");
  }

  @Test
  void formIsInSpanishWithLangAndStaysSo() throws Exception {
    var response =
        mvc.perform(get("/").param("lang", "es").with(Staff.frontDesk())).andReturn().getResponse();
    var cookie = response.getCookie("lang");

    assertThat(squash(response.getContentAsString()))
        .contains("lang=\"es\"", "¿Dónde le duele?", "Sí");
    assertThat(cookie).isNotNull();
    assertThat(page(get("/intakes/today").cookie(cookie))).contains("Registros de hoy");
  }

  @Test
  void sentFormCreatesTheIntakeAndShowsItsConfirmation() throws Exception {
    var form = form(Questionnaires.kneeOnly());

    var response = send(form);

    assertThat(response.getStatus()).isEqualTo(303);
    var location = response.getRedirectedUrl();
    assertThat(location).matches("/intakes/[0-9a-f-]{36}");
    var id = UUID.fromString(location.substring("/intakes/".length()));
    var stored = storedAnswers(id);
    assertThat(stored.get("painAreas").get(0).asString()).isEqualTo("RIGHT_KNEE");
    assertThat(stored.get("morningStiffnessMinutes").asInt()).isZero();
    assertThat(stored.get("kneeGivingWay").asBoolean()).isTrue();
    assertThat(stored.get("kneePainWithActivity").asBoolean()).isTrue();

    var confirmation = page(get(location));
    assertThat(confirmation).contains(Intake.reference(id), "Received");
    assertThat(confirmation).contains("data-progress-url=\"/api/intakes/" + id + "/progress\"");
    assertThat(confirmation).contains("href=\"/intakes/" + id + "\"");
  }

  @Test
  void theFrontDeskWithdrawsAnIntakeFromItsPageWithAReasonShownInItsHistory() throws Exception {
    var location = send(form(Questionnaires.kneeOnly())).getRedirectedUrl();
    var id = UUID.fromString(location.substring("/intakes/".length()));
    assertThat(page(get(location))).contains("id=\"withdraw-submit\"");

    var noReason = withdraw(id, "");
    assertThat(noReason.getStatus()).isEqualTo(400);
    assertThat(squash(noReason.getContentAsString()))
        .contains("Choose why the intake is withdrawn.")
        .contains("aria-invalid=\"true\"");
    assertThat(withdrawnReason(id)).isNull();

    var withdrawn = withdraw(id, "DUPLICATE");
    assertThat(withdrawn.getStatus()).isEqualTo(303);
    assertThat(withdrawn.getRedirectedUrl()).isEqualTo("/intakes/" + id + "?done=withdrawn");
    assertThat(withdrawnReason(id)).isEqualTo("DUPLICATE");
    var after = page(get(withdrawn.getRedirectedUrl()));
    assertThat(after)
        .contains("The intake is withdrawn.")
        .containsPattern(
            "Withdrawn on \\d{4}-\\d{2}-\\d{2} \\d{2}:\\d{2} by [^:]+: Sent twice \\(duplicate\\)\\.")
        .doesNotContain("id=\"withdraw-submit\"");

    var again = withdraw(id, "OTHER");
    assertThat(again.getStatus()).isEqualTo(409);
    assertThat(withdrawnReason(id)).isEqualTo("DUPLICATE");
  }

  @Test
  void theFrontDeskCorrectsTheAnswersFromTheIntakesPageWithAReasonShownInItsHistory()
      throws Exception {
    var location = send(form(Questionnaires.kneeOnly())).getRedirectedUrl();
    var id = UUID.fromString(location.substring("/intakes/".length()));
    assertThat(page(get(location))).contains("href=\"/intakes/" + id + "/answers\"");

    // The correction form: the stored clinical answers chosen again, no identity questions.
    var correction = page(get("/intakes/" + id + "/answers"));
    assertThat(correction)
        .contains("action=\"/intakes/" + id + "/answers\"")
        .containsPattern("id=\"painAreas-RIGHT_KNEE\"[^>]*checked")
        .contains("id=\"amend-reason\"")
        .doesNotContain("id=\"patientName\"", "id=\"dateOfBirth\"", "idempotencyKey");

    var corrected = form(Questionnaires.kneeOnly());
    corrected.remove("idempotencyKey");
    corrected
        .keySet()
        .removeIf(
            field -> Questionnaire.CURRENT.question(field).map(Question::personal).orElse(false));
    corrected.set("painNow", "9");

    // Without a reason, or with an answer out of range: the form again, each error named, nothing
    // changed.
    var noReason = correct(id, corrected, "");
    assertThat(noReason.getStatus()).isEqualTo(400);
    assertThat(squash(noReason.getContentAsString()))
        .contains("Choose why the answers are corrected.")
        .contains("aria-invalid=\"true\"")
        .containsPattern("id=\"painNow\"[^>]*value=\"9\"");
    var outOfRange = new LinkedMultiValueMap<>(corrected);
    outOfRange.set("painNow", "11");
    var badAnswer = correct(id, outOfRange, "ENTRY_ERROR");
    assertThat(badAnswer.getStatus()).isEqualTo(400);
    assertThat(squash(badAnswer.getContentAsString())).contains("id=\"painNow-error\"");
    assertThat(storedAnswers(id).get("painNow").asInt()).isNotEqualTo(9);
    assertThat(amendmentReasons(id)).isEmpty();

    var done = correct(id, corrected, "PATIENT_CORRECTION");
    assertThat(done.getStatus()).isEqualTo(303);
    assertThat(done.getRedirectedUrl()).isEqualTo("/intakes/" + id + "?done=amended");
    assertThat(storedAnswers(id).get("painNow").asInt()).isEqualTo(9);
    assertThat(amendmentReasons(id)).containsExactly("PATIENT_CORRECTION");
    assertThat(page(get(done.getRedirectedUrl())))
        .contains("The answers are corrected. Triage decides again.")
        .containsPattern(
            "Answers corrected on \\d{4}-\\d{2}-\\d{2} \\d{2}:\\d{2} by [^:]+: the patient"
                + " corrected an answer\\.");

    // Once withdrawn, the answers are no longer corrected.
    assertThat(withdraw(id, "OTHER").getStatus()).isEqualTo(303);
    assertThat(
            mvc.perform(get("/intakes/" + id + "/answers").with(Staff.frontDesk()))
                .andReturn()
                .getResponse()
                .getStatus())
        .isEqualTo(409);
    assertThat(correct(id, corrected, "NEW_INFORMATION").getStatus()).isEqualTo(409);
    assertThat(amendmentReasons(id)).containsExactly("PATIENT_CORRECTION");
  }

  private MockHttpServletResponse correct(
      UUID id, MultiValueMap<String, String> answers, String reason) throws Exception {
    return mvc.perform(
            post("/intakes/" + id + "/answers")
                .contentType(MediaType.APPLICATION_FORM_URLENCODED)
                .params(answers)
                .param("reason", reason)
                .with(Staff.frontDesk()))
        .andReturn()
        .getResponse();
  }

  private List<String> amendmentReasons(UUID id) {
    return jdbc.sql("select reason from intake_amendment where intake_id = ? order by amendment")
        .param(id)
        .query(String.class)
        .list();
  }

  private MockHttpServletResponse withdraw(UUID id, String reason) throws Exception {
    return mvc.perform(
            post("/intakes/" + id + "/withdrawal")
                .contentType(MediaType.APPLICATION_FORM_URLENCODED)
                .param("reason", reason)
                .with(Staff.frontDesk()))
        .andReturn()
        .getResponse();
  }

  private String withdrawnReason(UUID id) {
    return jdbc.sql("select withdrawal_reason from intake where id = ?")
        .param(id)
        .query(String.class)
        .optional()
        .orElse(null);
  }

  @Test
  void answersToSectionsThatDoNotApplyAreDroppedNotRejected() throws Exception {
    var form = form(Questionnaires.backAndLeg());
    // Without JavaScript every section shows: a stray click in the knee section.
    form.add("kneeLocking", "true");
    form.add("kneeInjury", "FALL");
    form.add("physicalTherapyWeeks", "3");

    var response = send(form);

    assertThat(response.getStatus()).isEqualTo(303);
    var id = UUID.fromString(response.getRedirectedUrl().substring("/intakes/".length()));
    assertThat(storedAnswers(id).propertyNames())
        .doesNotContain("kneeLocking", "kneeInjury", "physicalTherapyWeeks")
        .contains("painRadiatesDownLeg", "radiatesHowFar");
  }

  @Test
  void formWithErrorsComesBackWithAnswersKeptAndEachErrorNextToItsField() throws Exception {
    var form = form(Questionnaires.valid());
    form.remove("patientName");
    form.set("painNow", "eleven");
    form.set("dateOfBirth", "2999-01-01");
    long intakes = count();

    var response = send(form);

    assertThat(response.getStatus()).isEqualTo(400);
    var html = squash(response.getContentAsString());
    assertThat(html).contains("<title>Error: Patient questionnaire");
    assertThat(html)
        .contains("<div class=\"error-summary\" id=\"error-summary\" tabindex=\"-1\" autofocus");
    assertThat(links(html)).containsExactly("#patientName", "#dateOfBirth", "#painNow");
    assertThat(html).contains("Full name – Enter the patient’s full name.");
    assertThat(html)
        .contains("id=\"painNow-error\"", "aria-describedby=\"painNow-hint painNow-error\"")
        .contains("value=\"eleven\"")
        .contains("value=\"" + Questionnaires.EMAIL + "\"")
        .contains("id=\"fever-false\" name=\"fever\" value=\"false\" checked=\"checked\"")
        .contains("value=\"" + form.getFirst("idempotencyKey") + "\"");
    assertThat(Pattern.compile("aria-invalid=\"true\"").matcher(html).results().count())
        .as("the name, the date of birth and the pain score")
        .isEqualTo(3);
    assertThat(count()).isEqualTo(intakes);
  }

  @Test
  void numbersTheFormCannotReadAreShownAsErrors() throws Exception {
    var form = form(Questionnaires.valid());
    form.set("painNow", "1e999999999");
    form.set("weightKg", "seventy");
    form.set("durationWeeks", "8.0");

    var response = send(form);

    assertThat(response.getStatus()).isEqualTo(400);
    assertThat(links(squash(response.getContentAsString())))
        .containsExactly("#painNow", "#weightKg");
  }

  @Test
  void sameFormSentTwiceCreatesOneIntake() throws Exception {
    var form = form(Questionnaires.valid());

    var first = send(form);
    var second = send(form);

    assertThat(first.getStatus()).isEqualTo(303);
    assertThat(second.getStatus()).isEqualTo(303);
    assertThat(second.getRedirectedUrl()).isEqualTo(first.getRedirectedUrl());
    assertThat(
            jdbc.sql("select count(*) from intake where idempotency_key = :key")
                .param("key", form.getFirst("idempotencyKey"))
                .query(Long.class)
                .single())
        .isEqualTo(1);
  }

  @Test
  void sameFormSentAgainWithOtherAnswersPointsAtTheIntakeItCreated() throws Exception {
    var form = form(Questionnaires.valid());
    var first = send(form);
    form.set("painNow", "2");
    long intakes = count();

    var again = send(form);

    assertThat(again.getStatus()).isEqualTo(422);
    var html = squash(again.getContentAsString());
    assertThat(html)
        .contains("This form was already sent", "href=\"" + first.getRedirectedUrl() + "\"");
    assertThat(html).doesNotContain("value=\"" + form.getFirst("idempotencyKey") + "\"");
    assertThat(count()).isEqualTo(intakes);
  }

  @Test
  void todayListsTheIntakesOfTheDay() throws Exception {
    var response = send(form(Questionnaires.kneeOnly()));
    var id = UUID.fromString(response.getRedirectedUrl().substring("/intakes/".length()));

    var html = page(get("/intakes/today"));

    assertThat(html).contains("<th scope=\"col\">Reference</th>");
    assertThat(html).contains(">" + Intake.reference(id) + "</a>", "Kim Knee", "Received");
  }

  @Test
  void unknownIntakeIsAPageNotFound() throws Exception {
    var response =
        mvc.perform(get("/intakes/" + UUID.randomUUID()).with(Staff.frontDesk()))
            .andReturn()
            .getResponse();

    assertThat(response.getStatus()).isEqualTo(404);
    assertThat(response.getContentAsString()).contains("Intake not found");
  }

  /** The form fields a browser sends for these answers. */
  static MultiValueMap<String, String> form(ObjectNode questionnaire) {
    var form = new LinkedMultiValueMap<String, String>();
    form.add("idempotencyKey", UUID.randomUUID().toString());
    questionnaire.properties().stream()
        .filter(field -> !field.getKey().equals("answers"))
        .forEach(field -> add(form, field));
    questionnaire.get("answers").properties().forEach(field -> add(form, field));
    return form;
  }

  private static void add(MultiValueMap<String, String> form, Map.Entry<String, JsonNode> field) {
    if (field.getValue().isArray()) {
      field.getValue().valueStream().forEach(value -> form.add(field.getKey(), value.asString()));
    } else {
      form.add(field.getKey(), field.getValue().asString());
    }
  }

  private MockHttpServletResponse send(MultiValueMap<String, String> form) throws Exception {
    return mvc.perform(
            post("/intakes")
                .contentType(MediaType.APPLICATION_FORM_URLENCODED)
                .params(form)
                .with(Staff.frontDesk()))
        .andReturn()
        .getResponse();
  }

  private String page(MockHttpServletRequestBuilder request) throws Exception {
    var response = mvc.perform(request.with(Staff.frontDesk())).andReturn().getResponse();
    assertThat(response.getStatus()).isEqualTo(200);
    assertThat(response.getContentType()).startsWith("text/html");
    return squash(response.getContentAsString());
  }

  /** The page with its template's line breaks and indentation folded into single spaces. */
  private static String squash(String html) {
    return html.replaceAll("\\s+", " ");
  }

  private JsonNode storedAnswers(UUID id) {
    return json.readTree(
        jdbc.sql("select answers::text from intake where id = :id")
            .param("id", id)
            .query(String.class)
            .single());
  }

  private long count() {
    return jdbc.sql("select count(*) from intake").query(Long.class).single();
  }

  private static java.util.List<String> links(String html) {
    var summary = html.substring(html.indexOf("error-summary"), html.indexOf("</div>"));
    return Pattern.compile("<a href=\"(#[^\"]+)\"")
        .matcher(summary)
        .results()
        .map(match -> match.group(1))
        .toList();
  }
}
