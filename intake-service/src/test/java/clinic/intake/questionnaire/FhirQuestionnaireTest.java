package clinic.intake.questionnaire;

import static org.assertj.core.api.Assertions.assertThat;

import clinic.events.questionnaire.Condition;
import clinic.events.questionnaire.Question;
import clinic.events.questionnaire.Questionnaire;
import clinic.events.questionnaire.Section;
import clinic.fhir.AnswerCodes;
import clinic.fhir.Validation;
import clinic.intake.FhirClient;
import clinic.intake.IntakeServiceTest;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Locale;
import java.util.Map;
import org.hl7.fhir.r4.model.BooleanType;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.CapabilityStatement;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.Extension;
import org.hl7.fhir.r4.model.PrimitiveType;
import org.hl7.fhir.r4.model.Questionnaire.EnableWhenBehavior;
import org.hl7.fhir.r4.model.Questionnaire.QuestionnaireItemComponent;
import org.hl7.fhir.r4.model.Questionnaire.QuestionnaireItemType;
import org.hl7.fhir.r4.model.Type;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.json.JsonMapper;

@IntakeServiceTest
class FhirQuestionnaireTest {

  static final String CURRENT = Questionnaire.CURRENT.version();

  @LocalServerPort int port;
  @Autowired Validation validation;
  @Autowired Labels labels;
  @Autowired JdbcClient jdbc;
  @Autowired JsonMapper json;

  FhirClient fhir;

  @BeforeEach
  void client() {
    fhir = new FhirClient(port);
  }

  @Test
  void metadataIsPublicAndListsWhatTheServerDoes() throws Exception {
    var response = fhir.get("/fhir/metadata", null);

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.headers().firstValue("Content-Type"))
        .hasValueSatisfying(type -> assertThat(type).startsWith(FhirClient.FHIR_JSON));
    var capabilities = FhirClient.parse(CapabilityStatement.class, response.body());
    assertThat(capabilities.getFhirVersion().toCode()).isEqualTo("4.0.1");
    var resources =
        capabilities.getRestFirstRep().getResource().stream()
            .map(CapabilityStatement.CapabilityStatementRestResourceComponent::getType)
            .toList();
    assertThat(resources).contains("Questionnaire", "QuestionnaireResponse");
    assertThat(validation.errors(capabilities)).isEmpty();
  }

  @Test
  void theCurrentQuestionnaireValidatesWithoutErrors() throws Exception {
    var questionnaire = read(CURRENT);

    assertThat(validation.errors(questionnaire)).isEmpty();
    assertThat(questionnaire.getUrl())
        .isEqualTo("http://localhost:8081/fhir/Questionnaire/" + CURRENT);
    assertThat(questionnaire.getVersion()).isEqualTo(CURRENT);
  }

  @Test
  void anOlderStoredVersionIsServedAndValidatesToo() throws Exception {
    var older =
        new Questionnaire(
            "2026-10.0-test",
            Questionnaire.CURRENT.sections().stream()
                .filter(section -> !section.id().equals("howYouMove"))
                .toList());
    jdbc.sql(
            """
            insert into questionnaire (version, definition, first_used_at)
            values (:version, cast(:definition as jsonb), '2026-10-01T00:00:00Z')
            on conflict (version) do nothing
            """)
        .param("version", older.version())
        .param("definition", json.writeValueAsString(older))
        .update();

    var questionnaire = read(older.version());

    assertThat(validation.errors(questionnaire)).isEmpty();
    assertThat(FhirQuestionnaires.linkIds(questionnaire))
        .contains("whereItHurts")
        .doesNotContain("howYouMove", "limpOrUnevenWalking");
    var search =
        FhirClient.parse(
            Bundle.class,
            fhir.get("/fhir/Questionnaire?version=" + older.version(), "CLINICIAN").body());
    assertThat(search.getEntry()).hasSize(1);
    var all = FhirClient.parse(Bundle.class, fhir.get("/fhir/Questionnaire", "CLINICIAN").body());
    assertThat(all.getEntry())
        .extracting(
            entry -> ((org.hl7.fhir.r4.model.Questionnaire) entry.getResource()).getVersion())
        .contains(older.version(), CURRENT);
  }

  @Test
  void searchByCanonicalUrlFindsTheVersion() throws Exception {
    var url = "http://localhost:8081/fhir/Questionnaire/" + CURRENT;
    var byUrl =
        FhirClient.parse(
            Bundle.class, fhir.get("/fhir/Questionnaire?url=" + url, "FRONT_DESK").body());
    var byUrlAndVersion =
        FhirClient.parse(
            Bundle.class,
            fhir.get("/fhir/Questionnaire?url=" + url + "%7C" + CURRENT, "FRONT_DESK").body());
    var elsewhere =
        FhirClient.parse(
            Bundle.class,
            fhir.get(
                    "/fhir/Questionnaire?url=http://elsewhere.example/Questionnaire/x",
                    "FRONT_DESK")
                .body());

    assertThat(byUrl.getEntry()).hasSize(1);
    assertThat(byUrlAndVersion.getEntry()).hasSize(1);
    assertThat(elsewhere.getEntry()).isEmpty();
  }

  @Test
  void anUnknownVersionIsNotFound() throws Exception {
    assertThat(fhir.get("/fhir/Questionnaire/1999-01.0", "FRONT_DESK").statusCode()).isEqualTo(404);
  }

  /**
   * Walks the definition, not the FHIR form: a question or condition added to the definition
   * without its FHIR counterpart fails here.
   */
  @Test
  void everyQuestionAndConditionOfTheDefinitionIsInTheQuestionnaire() throws Exception {
    var questionnaire = read(CURRENT);
    var definition = Questionnaire.CURRENT;
    var linkIds = FhirQuestionnaires.linkIds(questionnaire);
    assertThat(new HashSet<>(linkIds)).as("linkIds are unique").hasSameSizeAs(linkIds);

    assertThat(questionnaire.getItem())
        .extracting(QuestionnaireItemComponent::getLinkId)
        .containsExactlyElementsOf(definition.sections().stream().map(Section::id).toList());
    for (Section section : definition.sections()) {
      var group =
          questionnaire.getItem().stream()
              .filter(item -> item.getLinkId().equals(section.id()))
              .findFirst()
              .orElseThrow();
      assertThat(group.getType()).isEqualTo(QuestionnaireItemType.GROUP);
      assertThat(group.getText()).isEqualTo(labels.section(section.id(), Locale.ENGLISH));
      assertThat(spanish(group.getTextElement()))
          .isEqualTo(labels.section(section.id(), Locale.forLanguageTag("es")));
      assertCondition(section.id(), group, section.shownWhen(), definition);
      assertThat(
              group.getItem().stream()
                  .filter(item -> item.getType() != QuestionnaireItemType.DISPLAY)
                  .map(QuestionnaireItemComponent::getLinkId))
          .containsExactlyElementsOf(section.questions().stream().map(Question::id).toList());
      for (Question question : section.questions()) {
        var item =
            group.getItem().stream()
                .filter(i -> i.getLinkId().equals(question.id()))
                .findFirst()
                .orElseThrow();
        assertQuestion(question, item);
        assertCondition(question.id(), item, question.shownWhen(), definition);
      }
    }
  }

  private void assertQuestion(Question question, QuestionnaireItemComponent item) {
    var id = question.id();
    assertThat(item.getRequired()).as(id + " required").isEqualTo(question.required());
    assertThat(item.getText()).as(id).isEqualTo(labels.question(id, Locale.ENGLISH));
    assertThat(spanish(item.getTextElement()))
        .as(id + " in Spanish")
        .isEqualTo(labels.question(id, Locale.forLanguageTag("es")));
    var expectedType =
        switch (question.type()) {
          case BOOLEAN -> QuestionnaireItemType.BOOLEAN;
          case INTEGER -> QuestionnaireItemType.INTEGER;
          case DECIMAL -> QuestionnaireItemType.DECIMAL;
          case CHOICE, MULTI_CHOICE -> QuestionnaireItemType.CHOICE;
          case TEXT -> QuestionnaireItemType.STRING;
          case DATE -> QuestionnaireItemType.DATE;
        };
    assertThat(item.getType()).as(id + " type").isEqualTo(expectedType);
    assertThat(item.getRepeats())
        .as(id + " repeats")
        .isEqualTo(question.type() == Question.Type.MULTI_CHOICE);
    assertThat(item.getAnswerOption())
        .as(id + " options")
        .extracting(
            option -> option.getValueCoding().getSystem() + "|" + option.getValueCoding().getCode())
        .containsExactlyElementsOf(
            question.options().stream().map(o -> AnswerCodes.SYSTEM + "|" + o).toList());
    if (question.type() == Question.Type.INTEGER || question.type() == Question.Type.DECIMAL) {
      assertThat(number(item.getExtensionByUrl(FhirQuestionnaires.MIN_VALUE)))
          .as(id + " min")
          .isEqualTo(question.min());
      assertThat(number(item.getExtensionByUrl(FhirQuestionnaires.MAX_VALUE)))
          .as(id + " max")
          .isEqualTo(question.max());
    }
    if (question.type() == Question.Type.TEXT) {
      assertThat(item.getMaxLength()).as(id + " maxLength").isEqualTo(TextLimits.of(question));
    }
  }

  private static void assertCondition(
      String id, QuestionnaireItemComponent item, Condition condition, Questionnaire definition) {
    if (condition == null) {
      assertThat(item.getEnableWhen()).as(id + " is always asked").isEmpty();
      return;
    }
    var asked = definition.question(condition.question()).orElseThrow();
    assertThat(item.getEnableBehavior()).as(id).isEqualTo(EnableWhenBehavior.ANY);
    assertThat(item.getEnableWhen())
        .as(id + " enableWhen")
        .allSatisfy(when -> assertThat(when.getQuestion()).isEqualTo(asked.id()))
        .extracting(when -> value(when.getAnswer()))
        .containsExactlyInAnyOrderElementsOf(condition.anyOf());
  }

  private static String value(Type answer) {
    return switch (answer) {
      case BooleanType b -> String.valueOf(b.booleanValue());
      case Coding c -> {
        assertThat(c.getSystem()).isEqualTo(AnswerCodes.SYSTEM);
        yield c.getCode();
      }
      default -> answer.primitiveValue();
    };
  }

  private static Double number(Extension extension) {
    return extension == null ? null : Double.valueOf(extension.getValue().primitiveValue());
  }

  private static String spanish(PrimitiveType<?> text) {
    Map<String, String> byLanguage = new HashMap<>();
    for (var translation : text.getExtensionsByUrl(FhirQuestionnaires.TRANSLATION)) {
      byLanguage.put(
          translation.getExtensionByUrl("lang").getValue().primitiveValue(),
          translation.getExtensionByUrl("content").getValue().primitiveValue());
    }
    return byLanguage.get("es");
  }

  private org.hl7.fhir.r4.model.Questionnaire read(String version) throws Exception {
    var response = fhir.get("/fhir/Questionnaire/" + version, "CONTENT_EDITOR");
    assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
    return FhirClient.parse(org.hl7.fhir.r4.model.Questionnaire.class, response.body());
  }
}
