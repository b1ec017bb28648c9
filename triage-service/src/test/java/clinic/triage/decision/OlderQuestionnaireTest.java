package clinic.triage.decision;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import clinic.events.IntakeSubmitted;
import clinic.events.questionnaire.Questionnaire;
import clinic.triage.Intakes;
import clinic.triage.ScenarioTest;
import clinic.triage.TopicReader;
import clinic.triage.TriageServiceTest;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * Intakes answered with questionnaire 2026-11.1, which did not ask which leg hurts or whether the
 * knee hurts with activity, are decided on what they were asked, on a real broker and database: no
 * clinician review for the questions they never had, and read back as that version on replay.
 */
@TriageServiceTest
class OlderQuestionnaireTest extends ScenarioTest {

  @Autowired DecisionRepository decisions;

  /** Vignette "osteoarthritis - 62, no injury, short morning stiffness". */
  private static Map<String, Object> osteoarthritis() {
    Map<String, Object> answers = new java.util.LinkedHashMap<>(Intakes.knee());
    answers.put("morningStiffnessMinutes", 15);
    answers.put("durationWeeks", 40);
    return answers;
  }

  @Test
  void anOlderKneeIntakeIsDecidedWithoutReviewAndACurrentOneWithoutTheNewAnswerIsReviewed() {
    IntakeSubmitted older = Intakes.submitted(Questionnaire.V2026_11_1, osteoarthritis(), 62);
    assertThat(older.answers()).doesNotContainKey("kneePainWithActivity");
    // The same answers claimed for the current version lack a required answer.
    IntakeSubmitted current =
        new IntakeSubmitted(
            java.util.UUID.randomUUID(),
            Questionnaire.CURRENT.version(),
            62,
            "en",
            older.answers(),
            older.submittedAt());
    scenario.referralFor(older);
    scenario.referralFor(current);

    Map<String, Object> decided = api.map(api.get("/api/decisions/" + older.intakeId()));
    assertThat(decided).containsEntry("needsClinicianReview", false);
    assertThat(decided.get("causes").toString()).contains("OSTEOARTHRITIS").contains("LIKELY");
    assertThat(decided.get("missingAnswers")).isEqualTo(List.of());

    Map<String, Object> reviewed = api.map(api.get("/api/decisions/" + current.intakeId()));
    assertThat(reviewed).containsEntry("needsClinicianReview", true);
    assertThat(reviewed.get("missingAnswers")).isEqualTo(List.of("kneePainWithActivity"));
  }

  @Test
  void anOlderSciaticaIntakeIsReplayedAsTheVersionItAnswered() {
    IntakeSubmitted older = Intakes.submitted(Questionnaire.V2026_11_1, Intakes.sciatica(), 41);
    IntakeSubmitted current = Intakes.submitted(Intakes.sciatica());
    assertThat(older.answers()).doesNotContainKey("legSide");
    assertThat(current.answers()).containsEntry("legSide", "RIGHT");
    scenario.referralFor(older);
    scenario.referralFor(current);
    await()
        .atMost(TopicReader.WAIT)
        .until(
            () ->
                decisions.latestAnswers().containsKey(older.intakeId())
                    && decisions.latestAnswers().containsKey(current.intakeId()));

    var stored = decisions.latestAnswers();
    assertThat(stored.get(older.intakeId()).questionnaireVersion()).isEqualTo("2026-11.1");
    assertThat(stored.get(current.intakeId()).questionnaireVersion()).isEqualTo("2026-12.1");
    assertThat(api.map(api.get("/api/decisions/" + older.intakeId())))
        .containsEntry("needsClinicianReview", false);
  }
}
