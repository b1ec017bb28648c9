package clinic.events.questionnaire;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashSet;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class QuestionnaireTest {

  final Questionnaire questionnaire = Questionnaire.CURRENT;

  @Test
  void aKneeOnlyPatientIsAskedNoSciaticaQuestion() {
    var asked = ids(Map.of("painAreas", List.of("LEFT_KNEE")));

    assertThat(asked).contains("kneeInjury", "kneeLocking", "painNow", "bladderOrBowelChange");
    assertThat(asked).doesNotContain("painRadiatesDownLeg", "legWeakness", "worseWith");
  }

  @Test
  void aBackOnlyPatientIsAskedNoKneeQuestion() {
    var asked = ids(Map.of("painAreas", List.of("LOWER_BACK", "THIGH")));

    assertThat(asked).contains("painRadiatesDownLeg", "legNumbnessOrTingling");
    assertThat(asked).doesNotContain("kneeInjury", "kneeLocking", "kneeHotAndSwollen");
  }

  @Test
  void followUpQuestionsAreAskedOnlyAfterAYes() {
    assertThat(ids(Map.of("painAreas", List.of("FOOT"), "painRadiatesDownLeg", false)))
        .doesNotContain("radiatesHowFar");
    assertThat(ids(Map.of("painAreas", List.of("FOOT"), "painRadiatesDownLeg", true)))
        .contains("radiatesHowFar");
  }

  @Test
  void anAnswerToAHiddenQuestionDoesNotOpenItsFollowUps() {
    // legWeakness belongs to the back-and-leg section, which a knee-only patient never sees.
    var asked = ids(Map.of("painAreas", List.of("RIGHT_KNEE"), "legWeakness", true));

    assertThat(asked).doesNotContain("legWeaknessWorsening", "footDrop");
  }

  @Test
  void questionIdsAreUniqueAndConditionsNameEarlierQuestions() {
    var seen = new HashSet<String>();
    for (Section section : questionnaire.sections()) {
      if (section.shownWhen() != null) {
        assertThat(seen).contains(section.shownWhen().question());
      }
      for (Question question : section.questions()) {
        if (question.shownWhen() != null) {
          assertThat(seen).as(question.id()).contains(question.shownWhen().question());
        }
        assertThat(seen.add(question.id())).as("duplicate " + question.id()).isTrue();
      }
    }
  }

  @Test
  void identityAndContactAreMarkedPersonal() {
    assertThat(questionnaire.questions().filter(Question::personal).map(Question::id))
        .containsExactlyInAnyOrder(
            "patientName",
            "dateOfBirth",
            "phone",
            "email",
            "preferredLanguage",
            "consentToContact");
    assertThat(questionnaire.clinicalQuestions().map(Question::id)).doesNotContain("patientName");
  }

  List<String> ids(Map<String, Object> answers) {
    return questionnaire.asked(answers).stream().map(Question::id).toList();
  }
}
