package clinic.fhir;

import static org.assertj.core.api.Assertions.assertThat;

import clinic.events.questionnaire.Questionnaire;
import java.math.BigDecimal;
import java.util.List;
import org.hl7.fhir.r4.model.BooleanType;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.DateType;
import org.hl7.fhir.r4.model.DecimalType;
import org.hl7.fhir.r4.model.IntegerType;
import org.hl7.fhir.r4.model.QuestionnaireResponse;
import org.hl7.fhir.r4.model.QuestionnaireResponse.QuestionnaireResponseItemComponent;
import org.hl7.fhir.r4.model.StringType;
import org.hl7.fhir.r4.model.Type;
import org.junit.jupiter.api.Test;

class ResponseAnswersTest {

  private static final Questionnaire QUESTIONNAIRE = Questionnaire.CURRENT;

  @Test
  void readsEachAnswerTypeAsTheQuestionnairesAnswersCarryIt() {
    var response = new QuestionnaireResponse();
    response.addItem(item("painRadiatesDownLeg", new BooleanType(true)));
    response.addItem(item("durationWeeks", new IntegerType(6)));
    response.addItem(item("onset", new Coding().setCode("SUDDEN")));
    response.addItem(item("dateOfBirth", new DateType("1961-04-12")));
    response.addItem(item("patientName", new StringType("Ana Example")));
    response.addItem(item("weightKg", new DecimalType("71.5")));

    assertThat(ResponseAnswers.of(response, QUESTIONNAIRE))
        .containsEntry("painRadiatesDownLeg", true)
        .containsEntry("durationWeeks", 6)
        .containsEntry("onset", "SUDDEN")
        .containsEntry("dateOfBirth", "1961-04-12")
        .containsEntry("patientName", "Ana Example")
        .containsEntry("weightKg", new BigDecimal("71.5"));
  }

  @Test
  void aMultipleChoiceIsAListAlsoWithOneChoice() {
    var response = new QuestionnaireResponse();
    response.addItem(item("painAreas", new Coding().setCode("LEFT_KNEE")));

    assertThat(ResponseAnswers.of(response, QUESTIONNAIRE))
        .containsEntry("painAreas", List.of("LEFT_KNEE"));
  }

  @Test
  void severalAnswersToAOneAnswerQuestionStayVisibleToTheValidator() {
    var onset = item("onset", new Coding().setCode("SUDDEN"));
    onset.addAnswer().setValue(new Coding().setCode("GRADUAL"));
    var response = new QuestionnaireResponse().addItem(onset);

    assertThat(ResponseAnswers.of(response, QUESTIONNAIRE))
        .containsEntry("onset", List.of("SUDDEN", "GRADUAL"));
  }

  @Test
  void sectionsAndItemsNestedUnderAnAnswerAreWalked() {
    var section = new QuestionnaireResponseItemComponent().setLinkId("backAndLeg");
    var radiates = item("painRadiatesDownLeg", new BooleanType(true));
    radiates.getAnswerFirstRep().addItem(item("radiatesHowFar", new Coding().setCode("FOOT")));
    section.addItem(radiates);
    var response = new QuestionnaireResponse().addItem(section);

    assertThat(ResponseAnswers.of(response, QUESTIONNAIRE))
        .containsOnlyKeys("painRadiatesDownLeg", "radiatesHowFar")
        .containsEntry("radiatesHowFar", "FOOT");
  }

  @Test
  void anItemWithoutAnAnswerIsNotAnswered() {
    var response = new QuestionnaireResponse();
    response.addItem(new QuestionnaireResponseItemComponent().setLinkId("legWeakness"));

    assertThat(ResponseAnswers.of(response, QUESTIONNAIRE)).isEmpty();
  }

  private static QuestionnaireResponseItemComponent item(String linkId, Type value) {
    var item = new QuestionnaireResponseItemComponent().setLinkId(linkId);
    item.addAnswer().setValue(value);
    return item;
  }
}
