package clinic.intake.intake;

import static clinic.intake.Questionnaires.answers;
import static org.assertj.core.api.Assertions.assertThat;

import clinic.intake.IntakeServiceTest;
import clinic.intake.Questionnaires;
import clinic.intake.Staff;
import java.time.LocalDate;
import java.util.List;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.api.Named;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.request.MockHttpServletRequestBuilder;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * Every validation rule of {@code POST /api/intakes}, as a table: each invalid payload gets a 400
 * problem naming exactly the offending fields and stores nothing; each valid variant is accepted.
 */
@IntakeServiceTest
class IntakeValidationTest {

  static final String[] KNEE_QUESTIONS = {
    "kneeInjury",
    "kneeSwelling",
    "kneeLocking",
    "kneeGivingWay",
    "canBearWeight",
    "kneePainWithActivity",
    "morningStiffnessMinutes",
    "arthritisDiagnosed",
    "kneeCannotStraighten",
    "kneeHotAndSwollen"
  };

  @Autowired MockMvc mvc;
  @Autowired JdbcClient jdbc;
  @Autowired JsonMapper json;

  static Stream<Arguments> invalidQuestionnaires() {
    return Stream.of(
        // the form as a whole
        invalid(
            "unknown top-level field", q -> q.put("favouriteColour", "blue"), "favouriteColour"),
        invalid("answers missing", q -> q.remove("answers"), "answers"),
        invalid("answers not an object", q -> q.putArray("answers").add(1), "answers"),
        invalid("unknown question", q -> answers(q).put("neckPain", true), "answers.neckPain"),
        invalid(
            "identity sent as an answer",
            q -> answers(q).put("patientName", "Ada"),
            "answers.patientName"),
        // identity and contact
        invalid("name missing", q -> q.remove("patientName"), "patientName"),
        invalid("name blank", q -> q.put("patientName", "   "), "patientName"),
        invalid("name too long", q -> q.put("patientName", "A".repeat(201)), "patientName"),
        invalid("name without letters", q -> q.put("patientName", "12345"), "patientName"),
        invalid("name with markup", q -> q.put("patientName", "Ada <b>L</b>"), "patientName"),
        invalid("name not text", q -> q.put("patientName", 42), "patientName"),
        invalid("date of birth missing", q -> q.remove("dateOfBirth"), "dateOfBirth"),
        invalid(
            "date of birth tomorrow",
            q -> q.put("dateOfBirth", LocalDate.now().plusDays(1).toString()),
            "dateOfBirth"),
        invalid(
            "date of birth today",
            q -> q.put("dateOfBirth", LocalDate.now().toString()),
            "dateOfBirth"),
        invalid(
            "age 131",
            q -> q.put("dateOfBirth", LocalDate.now().minusYears(131).toString()),
            "dateOfBirth"),
        invalid("impossible date", q -> q.put("dateOfBirth", "1968-02-30"), "dateOfBirth"),
        invalid("date not ISO", q -> q.put("dateOfBirth", "23/04/1968"), "dateOfBirth"),
        invalid("e-mail without @", q -> q.put("email", "not-an-address"), "email"),
        invalid("e-mail without domain", q -> q.put("email", "ada@example"), "email"),
        invalid("e-mail too long", q -> q.put("email", "a".repeat(250) + "@example.org"), "email"),
        invalid("phone with words", q -> q.put("phone", "call me"), "phone"),
        invalid("phone too short", q -> q.put("phone", "12 34"), "phone"),
        invalid("phone too many digits", q -> q.put("phone", "1234567890123456"), "phone"),
        invalid(
            "consent without e-mail or phone",
            q -> {
              q.remove("email");
              q.remove("phone");
            },
            "phone"),
        invalid("consent missing", q -> q.remove("consentToContact"), "consentToContact"),
        invalid("consent as text", q -> q.put("consentToContact", "yes"), "consentToContact"),
        invalid("language fr", q -> q.put("preferredLanguage", "fr"), "preferredLanguage"),
        invalid("language missing", q -> q.remove("preferredLanguage"), "preferredLanguage"),
        // multiple choice
        invalid("painAreas missing", q -> answers(q).remove("painAreas"), "answers.painAreas"),
        invalid("painAreas empty", q -> answers(q).putArray("painAreas"), "answers.painAreas"),
        invalid(
            "painAreas unknown value",
            q -> answers(q).putArray("painAreas").add("LEFT_KNEE").add("NECK"),
            "answers.painAreas[1]"),
        invalid(
            "painAreas twice the same",
            q -> answers(q).putArray("painAreas").add("LEFT_KNEE").add("LEFT_KNEE"),
            "answers.painAreas[1]"),
        invalid(
            "painAreas not a list",
            q -> answers(q).put("painAreas", "LOWER_BACK"),
            "answers.painAreas"),
        invalid(
            "painAreas longer than its options",
            q -> {
              var areas = answers(q).putArray("painAreas");
              for (int i = 0; i < 8; i++) {
                areas.add("LOWER_BACK");
              }
            },
            "answers.painAreas"),
        invalid(
            "worseWith unknown value",
            q -> answers(q).putArray("worseWith").add("MONDAYS"),
            "answers.worseWith[0]"),
        invalid(
            "currentMedicines not a list",
            q -> answers(q).put("currentMedicines", true),
            "answers.currentMedicines"),
        // numbers
        invalid("painNow 11", q -> answers(q).put("painNow", 11), "answers.painNow"),
        invalid("painNow -1", q -> answers(q).put("painNow", -1), "answers.painNow"),
        invalid("painNow as text", q -> answers(q).put("painNow", "6"), "answers.painNow"),
        invalid("painNow with decimals", q -> answers(q).put("painNow", 5.5), "answers.painNow"),
        invalid("painNow null", q -> answers(q).putNull("painNow"), "answers.painNow"),
        invalid(
            "durationWeeks over ten years",
            q -> answers(q).put("durationWeeks", 521),
            "answers.durationWeeks"),
        invalid(
            "huge number",
            q -> answers(q).put("durationWeeks", new java.math.BigInteger("9".repeat(40))),
            "answers.durationWeeks"),
        invalid("weight 10 kg", q -> answers(q).put("weightKg", 10), "answers.weightKg"),
        invalid("weight as text", q -> answers(q).put("weightKg", "heavy"), "answers.weightKg"),
        // choices and yes/no
        invalid("onset unknown", q -> answers(q).put("onset", "YESTERDAY"), "answers.onset"),
        invalid("onset missing", q -> answers(q).remove("onset"), "answers.onset"),
        invalid(
            "yes/no as text",
            q -> answers(q).put("saddleNumbness", "no"),
            "answers.saddleNumbness"),
        invalid("yes/no as number", q -> answers(q).put("fever", 1), "answers.fever"),
        invalid(
            "red flag missing",
            q -> answers(q).remove("bladderOrBowelChange"),
            "answers.bladderOrBowelChange"),
        // conditions: required when asked, rejected when not asked
        invalid(
            "follow-up of a yes missing",
            q -> answers(q).remove("radiatesHowFar"),
            "answers.radiatesHowFar"),
        // questionnaire 2026-12.1
        invalid(
            "which leg missing when the pain travels down the leg",
            q -> answers(q).remove("legSide"),
            "answers.legSide"),
        invalid("which leg unknown", q -> answers(q).put("legSide", "MIDDLE"), "answers.legSide"),
        invalid(
            "which leg answered when the pain stays in the back",
            q -> {
              answers(q).put("painRadiatesDownLeg", false);
              answers(q).remove("radiatesHowFar");
            },
            "answers.legSide"),
        invalid(
            "knee pain with activity missing with knee pain",
            q -> answers(q).remove("kneePainWithActivity"),
            "answers.kneePainWithActivity"),
        invalid(
            "answers of questionnaire 2026-11.1 are incomplete for new intakes",
            q -> {
              answers(q).remove("legSide");
              answers(q).remove("kneePainWithActivity");
            },
            "answers.legSide",
            "answers.kneePainWithActivity"),
        invalid(
            "knee question missing with knee pain",
            q -> answers(q).remove("kneeLocking"),
            "answers.kneeLocking"),
        invalid(
            "follow-up of a no answered",
            q -> answers(q).put("physicalTherapyTried", false),
            "answers.physicalTherapyWeeks",
            "answers.physicalTherapyHelped"),
        invalid(
            "knee answers without knee pain",
            q -> answers(q).putArray("painAreas").add("LOWER_BACK").add("THIGH"),
            Stream.of(KNEE_QUESTIONS).map(id -> "answers." + id).toArray(String[]::new)),
        invalid(
            "back answers for a knee-only patient",
            q -> answers(q).putArray("painAreas").add("LEFT_KNEE"),
            "answers.painRadiatesDownLeg",
            "answers.radiatesHowFar",
            "answers.legSide",
            "answers.legNumbnessOrTingling",
            "answers.numbnessWhere",
            "answers.legWeakness",
            "answers.worseWith",
            "answers.betterWith"),
        invalid(
            "follow-up of a hidden question",
            q -> {
              answers(q).putArray("painAreas").add("LEFT_KNEE");
              Stream.of(
                      "painRadiatesDownLeg",
                      "radiatesHowFar",
                      "legSide",
                      "legNumbnessOrTingling",
                      "numbnessWhere",
                      "worseWith",
                      "betterWith")
                  .forEach(answers(q)::remove);
              answers(q).put("footDrop", true);
            },
            "answers.legWeakness",
            "answers.footDrop"),
        // several at once
        invalid(
            "every offending field at once",
            q -> {
              q.remove("patientName");
              q.put("email", "not-an-address");
              q.putNull("consentToContact");
              answers(q).put("painNow", -1);
              answers(q).put("kneeInjury", "FELL_OFF_A_HORSE");
              answers(q).remove("bladderOrBowelChange");
              answers(q).put("neckPain", true);
            },
            "patientName",
            "email",
            "consentToContact",
            "answers.painNow",
            "answers.kneeInjury",
            "answers.bladderOrBowelChange",
            "answers.neckPain"));
  }

  static Stream<Arguments> validQuestionnaires() {
    return Stream.of(
        valid("back and knee", Questionnaires.valid(), q -> {}),
        valid("back and leg only", Questionnaires.backAndLeg(), q -> {}),
        valid("knee only", Questionnaires.kneeOnly(), q -> {}),
        valid(
            "no contact wanted, no contact details",
            Questionnaires.valid(),
            q -> {
              q.put("consentToContact", false);
              q.remove("email");
              q.remove("phone");
            }),
        valid("contact by e-mail only", Questionnaires.valid(), q -> q.remove("phone")),
        valid("contact by phone only", Questionnaires.valid(), q -> q.remove("email")),
        valid(
            "optional questions left out",
            Questionnaires.valid(),
            q ->
                Stream.of(
                        "worseWith",
                        "betterWith",
                        "legLengthDifference",
                        "weightKg",
                        "heightCm",
                        "currentMedicines",
                        "medicineCount")
                    .forEach(answers(q)::remove)),
        valid(
            "optional questions null",
            Questionnaires.valid(),
            q -> {
              answers(q).putNull("weightKg");
              answers(q).putNull("newSexualDysfunction");
              q.putNull("phone");
            }),
        valid(
            "optional multiple choice empty",
            Questionnaires.valid(),
            q -> answers(q).putArray("worseWith")),
        valid(
            "name with accents, hyphen and apostrophe",
            Questionnaires.valid(),
            q -> q.put("patientName", "  María-José O’Neil  ")),
        valid(
            "lowest and highest numbers",
            Questionnaires.valid(),
            q -> {
              answers(q).put("painNow", 0);
              answers(q).put("painWorst", 10);
              answers(q).put("durationWeeks", 0);
              answers(q).put("weightKg", 20);
              answers(q).put("heightCm", 250);
            }),
        valid(
            "age 130",
            Questionnaires.valid(),
            q -> q.put("dateOfBirth", LocalDate.now().minusYears(130).toString())),
        valid(
            "weakness opens its follow-ups",
            Questionnaires.backAndLeg(),
            q -> {
              answers(q).put("legWeakness", true);
              answers(q).put("legWeaknessWorsening", true);
              answers(q).put("footDrop", false);
            }),
        valid(
            "pain down both legs, knee not hurting with activity",
            Questionnaires.valid(),
            q -> {
              answers(q).put("legSide", "BOTH");
              answers(q).put("kneePainWithActivity", false);
            }),
        valid(
            "answers in another order",
            Questionnaires.kneeOnly(),
            q -> {
              var reversed = json().createObjectNode();
              var names = List.copyOf(answers(q).propertyNames()).reversed();
              names.forEach(name -> reversed.set(name, answers(q).get(name)));
              q.set("answers", reversed);
            }));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("invalidQuestionnaires")
  void rejectsInvalidQuestionnaireNamingEveryOffendingFieldAndStoresNothing(
      Consumer<ObjectNode> change, List<String> fields) throws Exception {
    var questionnaire = Questionnaires.valid();
    change.accept(questionnaire);

    assertRejected(post(json.writeValueAsString(questionnaire)), fields);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("validQuestionnaires")
  void acceptsValidQuestionnaire(ObjectNode questionnaire, Consumer<ObjectNode> change)
      throws Exception {
    change.accept(questionnaire);
    long intakes = count("intake");
    long publications = count("event_publication");

    var response =
        mvc.perform(post(json.writeValueAsString(questionnaire)).with(Staff.frontDesk()))
            .andReturn()
            .getResponse();

    assertThat(response.getStatus()).as(response.getContentAsString()).isEqualTo(201);
    assertThat(count("intake")).isEqualTo(intakes + 1);
    assertThat(count("event_publication")).isEqualTo(publications + 1);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("unreadableBodies")
  void rejectsUnreadableBodyAndStoresNothing(String body) throws Exception {
    assertRejected(post(body), List.of("body"));
  }

  static Stream<Named<String>> unreadableBodies() {
    return Stream.of(
        Named.of("malformed JSON", "{\"patientName\": \"Ada\", "),
        Named.of("not an object", "[1, 2, 3]"),
        Named.of("empty body", ""));
  }

  @ParameterizedTest(name = "Idempotency-Key \"{0}\"")
  @MethodSource("malformedKeys")
  void rejectsMalformedIdempotencyKeyWithTheOtherErrors(String key) throws Exception {
    var questionnaire = Questionnaires.valid();
    answers(questionnaire).put("painNow", 11);

    assertRejected(
        post(json.writeValueAsString(questionnaire)).header("Idempotency-Key", key),
        List.of("Idempotency-Key", "answers.painNow"));
  }

  static Stream<String> malformedKeys() {
    return Stream.of("", "has spaces", "k".repeat(129), "clé");
  }

  @Test
  void rejectsBodyOverTheSizeLimitAndStoresNothing() throws Exception {
    var questionnaire = Questionnaires.valid();
    questionnaire.put("patientName", "A".repeat(70_000));
    long intakes = count("intake");

    var response =
        mvc.perform(post(json.writeValueAsString(questionnaire)).with(Staff.frontDesk()))
            .andReturn()
            .getResponse();

    assertThat(response.getStatus()).isEqualTo(413);
    assertThat(response.getContentType()).isEqualTo(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
    assertThat(json.readTree(response.getContentAsString()).at("/errors/0/field").asString())
        .isEqualTo("body");
    assertThat(count("intake")).isEqualTo(intakes);
  }

  @Test
  void messagesSayWhatToDoInTheRequestsLanguage() throws Exception {
    var questionnaire = Questionnaires.valid();
    answers(questionnaire).put("painNow", 11);
    answers(questionnaire).putArray("painAreas").add("LOWER_BACK");

    var english = problem(post(json.writeValueAsString(questionnaire)));
    var spanish =
        problem(post(json.writeValueAsString(questionnaire)).header("Accept-Language", "es"));

    assertThat(message(english, "answers.painNow")).isEqualTo("Enter a whole number from 0 to 10.");
    assertThat(message(english, "answers.kneeInjury"))
        .isEqualTo(
            "This question is only asked when the answer to “Where does it hurt?” includes Left"
                + " knee or Right knee. Leave it out.");
    assertThat(message(spanish, "answers.painNow"))
        .isEqualTo("Escriba un número entero del 0 al 10.");
    assertThat(spanish.get("title").asString()).isEqualTo("Solicitud no válida");
  }

  private JsonNode problem(MockHttpServletRequestBuilder request) throws Exception {
    var response = mvc.perform(request.with(Staff.frontDesk())).andReturn().getResponse();
    assertThat(response.getStatus()).isEqualTo(400);
    return json.readTree(response.getContentAsString());
  }

  private static String message(JsonNode problem, String field) {
    return problem
        .get("errors")
        .valueStream()
        .filter(error -> error.get("field").asString().equals(field))
        .map(error -> error.get("message").asString())
        .findFirst()
        .orElseThrow(() -> new AssertionError("no error for " + field + " in " + problem));
  }

  private void assertRejected(MockHttpServletRequestBuilder request, List<String> fields)
      throws Exception {
    long intakes = count("intake");
    long publications = count("event_publication");

    var response = mvc.perform(request.with(Staff.frontDesk())).andReturn().getResponse();

    assertThat(response.getStatus()).as(response.getContentAsString()).isEqualTo(400);
    assertThat(response.getContentType()).isEqualTo(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
    JsonNode problem = json.readTree(response.getContentAsString());
    assertThat(problem.get("status").asInt()).isEqualTo(400);
    assertThat(problem.get("title").asString()).isNotBlank();
    assertThat(problem.get("detail").asString()).isNotBlank();
    var errors = problem.get("errors");
    assertThat(errors.valueStream().map(e -> e.get("field").asString()))
        .containsExactlyInAnyOrderElementsOf(fields);
    assertThat(errors.valueStream().map(e -> e.get("message").asString()))
        .allSatisfy(message -> assertThat(message).isNotBlank().endsWith("."));
    assertThat(response.getContentAsString())
        .as("a problem never echoes identity")
        .doesNotContain(Questionnaires.NAME, Questionnaires.EMAIL, Questionnaires.PHONE);
    assertThat(count("intake")).isEqualTo(intakes);
    assertThat(count("event_publication")).isEqualTo(publications);
  }

  private static MockHttpServletRequestBuilder post(String body) {
    return org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post("/api/intakes")
        .contentType(MediaType.APPLICATION_JSON)
        .content(body);
  }

  private long count(String table) {
    return jdbc.sql("select count(*) from " + table).query(Long.class).single();
  }

  private static JsonMapper json() {
    return JsonMapper.builder().build();
  }

  private static Arguments invalid(
      String name, Consumer<ObjectNode> change, String... expectedFields) {
    return Arguments.of(Named.of(name, change), List.of(expectedFields));
  }

  private static Arguments valid(String name, ObjectNode base, Consumer<ObjectNode> change) {
    return Arguments.of(Named.of(name, base), change);
  }
}
