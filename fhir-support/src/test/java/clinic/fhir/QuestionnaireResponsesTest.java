package clinic.fhir;

import static org.assertj.core.api.Assertions.assertThat;

import clinic.events.questionnaire.Questionnaire;
import java.math.BigDecimal;
import java.util.LinkedHashMap;
import java.util.List;
import org.junit.jupiter.api.Test;

class QuestionnaireResponsesTest {

  @Test
  void storedAnswersReadBackAsTheSameAnswers() {
    var answers = new LinkedHashMap<String, Object>();
    answers.put("patientName", "Ana Example");
    answers.put("dateOfBirth", "1961-04-12");
    answers.put("painAreas", List.of("LOWER_BACK", "LEFT_KNEE"));
    answers.put("onset", "SUDDEN");
    answers.put("durationWeeks", 6);
    answers.put("painRadiatesDownLeg", true);
    answers.put("weightKg", 71.5);

    var response = QuestionnaireResponses.withItems(Questionnaire.CURRENT, answers);

    assertThat(response.getItem())
        .extracting(item -> item.getLinkId())
        .containsExactly("aboutYou", "whereItHurts", "backAndLeg", "howMuch");
    var read = ResponseAnswers.of(response, Questionnaire.CURRENT);
    assertThat(read)
        .containsEntry("patientName", "Ana Example")
        .containsEntry("dateOfBirth", "1961-04-12")
        .containsEntry("painAreas", List.of("LOWER_BACK", "LEFT_KNEE"))
        .containsEntry("onset", "SUDDEN")
        .containsEntry("durationWeeks", 6)
        .containsEntry("painRadiatesDownLeg", true)
        .containsEntry("weightKg", new BigDecimal("71.5"));
    assertThat(
            response
                .getItem()
                .get(1)
                .getItem()
                .getFirst()
                .getAnswerFirstRep()
                .getValueCoding()
                .getSystem())
        .isEqualTo(AnswerCodes.SYSTEM);
  }
}
