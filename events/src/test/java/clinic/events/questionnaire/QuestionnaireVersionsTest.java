package clinic.events.questionnaire;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class QuestionnaireVersionsTest {

  static final Questionnaire OLD = Questionnaire.V2026_11_1;
  static final Questionnaire NEW = Questionnaire.V2026_12_1;

  @Test
  void newIntakesUseTheNewVersionAndTheOldOneIsStillKnown() {
    assertThat(Questionnaire.CURRENT.version()).isEqualTo("2026-12.1");
    assertThat(Questionnaire.version("2026-11.1")).containsSame(OLD);
    assertThat(Questionnaire.version("2026-12.1")).containsSame(Questionnaire.CURRENT);
    assertThat(Questionnaire.version("2026-10.1")).isEmpty();
    assertThat(Questionnaire.VERSIONS)
        .extracting(Questionnaire::version)
        .containsExactly("2026-11.1", "2026-12.1");
  }

  @Test
  void theNewVersionOnlyAddsWhichLegAndKneePainWithActivity() {
    List<String> added = new ArrayList<>(ids(NEW));
    added.removeAll(ids(OLD));
    assertThat(added).containsExactly("legSide", "kneePainWithActivity");
    List<String> kept = new ArrayList<>(ids(NEW));
    kept.removeAll(added);
    assertThat(kept).isEqualTo(ids(OLD));
    for (Question question : (Iterable<Question>) OLD.questions()::iterator) {
      assertThat(NEW.question(question.id())).contains(question);
    }
    assertThat(OLD.question("legSide")).isEmpty();
    assertThat(OLD.question("kneePainWithActivity")).isEmpty();
  }

  @Test
  void whichLegIsAskedOnlyWhenThePainTravelsDownTheLeg() {
    var legSide = NEW.question("legSide").orElseThrow();
    assertThat(legSide.options()).containsExactly("LEFT", "RIGHT", "BOTH");
    assertThat(legSide.required()).isTrue();

    assertThat(asked(NEW, Map.of("painAreas", List.of("LOWER_BACK"), "painRadiatesDownLeg", true)))
        .containsSubsequence("painRadiatesDownLeg", "radiatesHowFar", "legSide");
    assertThat(asked(NEW, Map.of("painAreas", List.of("LOWER_BACK"), "painRadiatesDownLeg", false)))
        .doesNotContain("legSide");
    assertThat(asked(NEW, Map.of("painAreas", List.of("LEFT_KNEE")))).doesNotContain("legSide");
    assertThat(asked(OLD, Map.of("painAreas", List.of("LOWER_BACK"), "painRadiatesDownLeg", true)))
        .doesNotContain("legSide");
  }

  @Test
  void kneePainWithActivityIsAskedWheneverAKneeHurts() {
    var activity = NEW.question("kneePainWithActivity").orElseThrow();
    assertThat(activity.type()).isEqualTo(Question.Type.BOOLEAN);
    assertThat(activity.required()).isTrue();

    assertThat(asked(NEW, Map.of("painAreas", List.of("RIGHT_KNEE"))))
        .containsSubsequence("canBearWeight", "kneePainWithActivity", "morningStiffnessMinutes");
    assertThat(asked(NEW, Map.of("painAreas", List.of("LOWER_BACK"))))
        .doesNotContain("kneePainWithActivity");
    assertThat(asked(OLD, Map.of("painAreas", List.of("RIGHT_KNEE"))))
        .doesNotContain("kneePainWithActivity");
  }

  @Test
  void answersStoredWithoutTheirVersionAreReadAsTheVersionTheyAnswer() {
    var sciatica =
        Map.<String, Object>of("painAreas", List.of("LOWER_BACK"), "painRadiatesDownLeg", true);
    assertThat(Questionnaire.answering(sciatica)).isSameAs(OLD);
    var withSide = new java.util.HashMap<>(sciatica);
    withSide.put("legSide", "BOTH");
    assertThat(Questionnaire.answering(withSide)).isSameAs(NEW);

    var knee = Map.<String, Object>of("painAreas", List.of("LEFT_KNEE"));
    assertThat(Questionnaire.answering(knee)).isSameAs(OLD);
    assertThat(
            Questionnaire.answering(
                Map.of("painAreas", List.of("LEFT_KNEE"), "kneePainWithActivity", false)))
        .isSameAs(NEW);
    // Nothing new applies: the current version asks these answers what the older one did.
    assertThat(Questionnaire.answering(Map.of("painAreas", List.of("LOWER_BACK")))).isSameAs(NEW);
  }

  private static List<String> ids(Questionnaire questionnaire) {
    return questionnaire.questions().map(Question::id).toList();
  }

  private static List<String> asked(Questionnaire questionnaire, Map<String, Object> answers) {
    return questionnaire.asked(answers).stream().map(Question::id).toList();
  }
}
