package clinic.intake.questionnaire;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;

import clinic.events.questionnaire.Question;
import clinic.events.questionnaire.Questionnaire;
import clinic.events.questionnaire.Section;
import clinic.intake.IntakeServiceTest;
import clinic.intake.Staff;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.request.MockHttpServletRequestBuilder;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

@IntakeServiceTest
class QuestionnaireApiTest {

  @Autowired MockMvc mvc;
  @Autowired JdbcClient jdbc;
  @Autowired JsonMapper json;
  @Autowired QuestionnaireStore store;

  @Test
  void currentDefinitionIsServedWithItsConditionsAndEnglishWording() throws Exception {
    var definition = fetch(get("/api/questionnaires/current"));

    assertThat(definition.get("version").asString()).isEqualTo(Questionnaire.CURRENT.version());
    assertThat(definition.get("language").asString()).isEqualTo("en");
    assertThat(definition.get("sections").valueStream().map(s -> s.get("id").asString()))
        .containsExactlyElementsOf(
            Questionnaire.CURRENT.sections().stream().map(Section::id).toList());
    assertThat(
            definition
                .get("sections")
                .valueStream()
                .flatMap(s -> s.get("questions").valueStream())
                .map(q -> q.get("id").asString()))
        .containsExactlyElementsOf(Questionnaire.CURRENT.questions().map(Question::id).toList());

    var painAreas = question(definition, "painAreas");
    assertThat(painAreas.get("type").asString()).isEqualTo("MULTI_CHOICE");
    assertThat(painAreas.get("required").asBoolean()).isTrue();
    assertThat(painAreas.get("label").asString()).isEqualTo("Where does it hurt?");
    assertThat(painAreas.get("help").asString()).isEqualTo("Choose every place that hurts.");
    assertThat(painAreas.at("/options/5/value").asString()).isEqualTo("LEFT_KNEE");
    assertThat(painAreas.at("/options/5/label").asString()).isEqualTo("Left knee");

    var knee = section(definition, "knee");
    assertThat(knee.get("title").asString()).isEqualTo("Your knee");
    assertThat(knee.at("/shownWhen/question").asString()).isEqualTo("painAreas");
    assertThat(knee.at("/shownWhen/anyOf").valueStream().map(JsonNode::asString))
        .containsExactly("LEFT_KNEE", "RIGHT_KNEE");
    assertThat(knee.at("/shownWhen/description").asString())
        .isEqualTo(
            "Asked when the answer to “Where does it hurt?” includes Left knee or Right knee.");

    var painNow = question(definition, "painNow");
    assertThat(painNow.get("min").asInt()).isZero();
    assertThat(painNow.get("max").asInt()).isEqualTo(10);
    var followUp = question(definition, "radiatesHowFar");
    assertThat(followUp.at("/shownWhen/question").asString()).isEqualTo("painRadiatesDownLeg");
    assertThat(followUp.at("/shownWhen/anyOf/0").asString()).isEqualTo("true");
    var fever = question(definition, "fever");
    assertThat(fever.at("/options/0/label").asString()).isEqualTo("Yes");
    var name = question(definition, "patientName");
    assertThat(name.get("personal").asBoolean()).isTrue();
    assertThat(name.get("maxLength").asInt()).isEqualTo(200);
  }

  @Test
  void wordingFollowsTheLangParameterOrAcceptLanguage() throws Exception {
    var byParameter = fetch(get("/api/questionnaires/current").param("lang", "es"));
    var byHeader =
        fetch(get("/api/questionnaires/current").header("Accept-Language", "es-MX,es;q=0.9"));
    var unsupported = fetch(get("/api/questionnaires/current").header("Accept-Language", "fr"));

    assertThat(byParameter.get("language").asString()).isEqualTo("es");
    assertThat(question(byParameter, "painAreas").get("label").asString())
        .isEqualTo("¿Dónde le duele?");
    assertThat(question(byHeader, "kneeLocking").get("label").asString())
        .isEqualTo("¿Se le bloquea o se le engancha la rodilla?");
    assertThat(question(byHeader, "fever").at("/options/0/label").asString()).isEqualTo("Sí");
    assertThat(unsupported.get("language").asString()).isEqualTo("en");
    assertThat(question(unsupported, "painAreas").get("label").asString())
        .isEqualTo("Where does it hurt?");
  }

  @Test
  void everyVersionUsedIsServedByItsVersion() throws Exception {
    var current = fetch(get("/api/questionnaires/" + Questionnaire.CURRENT.version()));
    var first = fetch(get("/api/questionnaires/1"));

    assertThat(current).isEqualTo(fetch(get("/api/questionnaires/current")));
    assertThat(first.get("version").asString()).isEqualTo("1");
    assertThat(question(first, "kneeInjury").at("/shownWhen/anyOf/1").asString())
        .isEqualTo("RIGHT_KNEE");
    assertThat(question(first, "painNow").get("label").asString())
        .isEqualTo("How bad is the pain now?");
  }

  @Test
  void unknownVersionIsNotFoundProblem() throws Exception {
    var response =
        mvc.perform(get("/api/questionnaires/1999-01.1").with(Staff.frontDesk()))
            .andReturn()
            .getResponse();

    assertThat(response.getStatus()).isEqualTo(404);
    assertThat(response.getContentType()).isEqualTo(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
    var problem = json.readTree(response.getContentAsString());
    assertThat(problem.get("title").asString()).isEqualTo("Questionnaire not found");
    assertThat(problem.get("detail").asString()).contains("1999-01.1");
  }

  @Test
  void currentDefinitionIsStoredUnderItsVersion() {
    var stored =
        jdbc.sql("select definition::text from questionnaire where version = :version")
            .param("version", Questionnaire.CURRENT.version())
            .query(String.class)
            .single();

    assertThat(json.readValue(stored, Questionnaire.class)).isEqualTo(Questionnaire.CURRENT);
    assertThat(store.find("1")).get().extracting(Questionnaire::version).isEqualTo("1");
  }

  @Test
  void changedQuestionsUnderAnExistingVersionAreRefused() {
    var current = Questionnaire.CURRENT;
    var changed = new Questionnaire(current.version(), current.sections().subList(0, 2));

    assertThatThrownBy(() -> store.record(changed))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("needs a new version");
    assertThat(store.find(current.version())).contains(current);
  }

  @Test
  void aNewVersionIsStoredNextToTheOthers() {
    var next =
        new Questionnaire(
            "test-" + System.nanoTime(), List.of(Questionnaire.CURRENT.sections().getFirst()));

    store.record(next);

    assertThat(store.find(next.version())).contains(next);
    assertThat(
            jdbc.sql("select count(*) from questionnaire where version = :version")
                .param("version", next.version())
                .query(Long.class)
                .single())
        .isEqualTo(1);
  }

  private JsonNode fetch(MockHttpServletRequestBuilder request) throws Exception {
    var response = mvc.perform(request.with(Staff.frontDesk())).andReturn().getResponse();
    assertThat(response.getStatus()).isEqualTo(200);
    return json.readTree(response.getContentAsString());
  }

  private static JsonNode section(JsonNode definition, String id) {
    return definition
        .get("sections")
        .valueStream()
        .filter(s -> s.get("id").asString().equals(id))
        .findFirst()
        .orElseThrow();
  }

  private static JsonNode question(JsonNode definition, String id) {
    return definition
        .get("sections")
        .valueStream()
        .flatMap(s -> s.get("questions").valueStream())
        .filter(q -> q.get("id").asString().equals(id))
        .findFirst()
        .orElseThrow();
  }
}
