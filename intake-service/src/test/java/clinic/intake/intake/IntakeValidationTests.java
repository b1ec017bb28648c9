package clinic.intake.intake;

import static clinic.intake.Questionnaires.answers;
import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;

import clinic.intake.IntakeServiceTest;
import clinic.intake.Questionnaires;
import java.time.LocalDate;
import java.util.List;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.api.Named;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.web.servlet.MockMvc;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

@IntakeServiceTest
class IntakeValidationTests {

  @Autowired MockMvc mvc;
  @Autowired JdbcClient jdbc;
  @Autowired JsonMapper json;

  static Stream<Arguments> invalidQuestionnaires() {
    return Stream.of(
        invalid("missing painAreas", q -> answers(q).remove("painAreas"), "answers.painAreas"),
        invalid("empty painAreas", q -> answers(q).putArray("painAreas"), "answers.painAreas"),
        invalid(
            "unknown painArea value",
            q -> answers(q).putArray("painAreas").add("LEFT_KNEE").add("NECK"),
            "answers.painAreas[1]"),
        invalid("painNow 11", q -> answers(q).put("painNow", 11), "answers.painNow"),
        invalid("painNow as text", q -> answers(q).put("painNow", "6"), "answers.painNow"),
        invalid("painNow with decimals", q -> answers(q).put("painNow", 5.5), "answers.painNow"),
        invalid(
            "red flag as text",
            q -> answers(q).put("saddleNumbness", "no"),
            "answers.saddleNumbness"),
        invalid("unknown field", q -> q.put("favouriteColour", "blue"), "favouriteColour"),
        invalid("unknown question", q -> answers(q).put("neckPain", true), "answers.neckPain"),
        invalid(
            "future date of birth",
            q -> q.put("dateOfBirth", LocalDate.now().plusDays(1).toString()),
            "dateOfBirth"),
        invalid("age over 130", q -> q.put("dateOfBirth", "1850-01-01"), "dateOfBirth"),
        invalid("impossible date", q -> q.put("dateOfBirth", "1968-02-30"), "dateOfBirth"),
        invalid("bad language", q -> q.put("preferredLanguage", "fr"), "preferredLanguage"),
        invalid(
            "knee answers without knee pain",
            q -> answers(q).putArray("painAreas").add("LOWER_BACK"),
            "answers.kneeInjury",
            "answers.kneeLocking"),
        invalid(
            "every offending field at once",
            q -> {
              q.remove("patientName");
              q.put("email", "not-an-address");
              q.putNull("consentToContact");
              answers(q).put("painNow", -1);
              answers(q).put("kneeInjury", "FELL_OFF_A_HORSE");
              answers(q).remove("bladderOrBowelChange");
            },
            "patientName",
            "email",
            "consentToContact",
            "answers.painNow",
            "answers.kneeInjury",
            "answers.bladderOrBowelChange"),
        invalid("missing answers", q -> q.remove("answers"), "answers"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("invalidQuestionnaires")
  void rejectsInvalidQuestionnaireNamingEveryOffendingFieldAndStoresNothing(
      Consumer<ObjectNode> change, List<String> fields) throws Exception {
    var questionnaire = Questionnaires.valid();
    change.accept(questionnaire);

    assertRejected(json.writeValueAsString(questionnaire), fields);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("unreadableBodies")
  void rejectsUnreadableBodyAndStoresNothing(String body) throws Exception {
    assertRejected(body, List.of("body"));
  }

  static Stream<Named<String>> unreadableBodies() {
    return Stream.of(
        Named.of("malformed JSON", "{\"patientName\": \"Ada\", "),
        Named.of("not an object", "[1, 2, 3]"),
        Named.of("empty body", ""));
  }

  private void assertRejected(String body, List<String> fields) throws Exception {
    long intakes = count("intake");
    long publications = count("event_publication");

    var response =
        mvc.perform(post("/api/intakes").contentType(MediaType.APPLICATION_JSON).content(body))
            .andReturn()
            .getResponse();

    assertThat(response.getStatus()).isEqualTo(400);
    assertThat(response.getContentType()).isEqualTo(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
    JsonNode problem = json.readTree(response.getContentAsString());
    assertThat(problem.get("status").asInt()).isEqualTo(400);
    assertThat(problem.get("title").asString()).isNotBlank();
    assertThat(problem.get("detail").asString()).isNotBlank();
    var errors = problem.get("errors");
    assertThat(errors.valueStream().map(e -> e.get("field").asString()))
        .containsExactlyInAnyOrderElementsOf(fields);
    assertThat(errors.valueStream().map(e -> e.get("message").asString()))
        .allSatisfy(message -> assertThat(message).isNotBlank());
    assertThat(response.getContentAsString())
        .as("a problem never echoes identity")
        .doesNotContain(Questionnaires.NAME, Questionnaires.EMAIL, Questionnaires.PHONE);
    assertThat(count("intake")).isEqualTo(intakes);
    assertThat(count("event_publication")).isEqualTo(publications);
  }

  private long count(String table) {
    return jdbc.sql("select count(*) from " + table).query(Long.class).single();
  }

  private static Arguments invalid(
      String name, Consumer<ObjectNode> change, String... expectedFields) {
    return Arguments.of(Named.of(name, change), List.of(expectedFields));
  }
}
