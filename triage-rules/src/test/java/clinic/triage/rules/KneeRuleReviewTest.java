package clinic.triage.rules;

import static org.assertj.core.api.Assertions.assertThat;

import clinic.events.Cause;
import clinic.events.TriageDecided.Strength;
import clinic.events.TriageDecided.SuspectedCause;
import clinic.events.questionnaire.Questionnaire;
import clinic.triage.rules.RulesetDiff.Change;
import clinic.triage.rules.Vignettes.Vignette;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The review of issue 17 (ruleset 2026.12-2, questionnaire 2026-12.1) replayed against the ruleset
 * it replaces (2026.12-1, kept as a test resource): only the reviewed cases change, and answers to
 * the older questionnaire, which did not ask the two new questions, are still decided without
 * review.
 */
class KneeRuleReviewTest {

  static final Ruleset BEFORE = previous();
  static final Ruleset AFTER = Ruleset.loadDefault();
  static final String OLDER = Questionnaire.V2026_11_1.version();

  /** The vignettes whose decision the review changes, each for a reason it names. */
  static final List<String> CHANGED_BY_THE_REVIEW =
      List.of(
          // local pathways: a stable twisting injury is a possible sprain too
          "twisting injury with a stable knee without locking is a possible meniscus tear or sprain",
          "twisting injury still painful after 8 weeks of physical therapy",
          // cauda equina guidance: bilateral sciatica (questionnaire 2026-12.1)
          "bilateral sciatica - pain from the back down both legs",
          "bilateral sciatica missing which leg is reviewed within days",
          // NICE NG226: activity-related pain (questionnaire 2026-12.1)
          "knee pain at 60 that does not come with activity is only possible osteoarthritis",
          "knee pain with activity at 50 after a twisting injury is not clinical osteoarthritis",
          "missing knee activity answer is reviewed",
          // NICE NG226: surgery after physical therapy and medicines, medicines first
          "knee osteoarthritis with pain 8 of 10 after physical therapy and medicines that did not"
              + " help",
          "severe knee osteoarthritis after physical therapy with no pain medicines tried yet",
          // local pathways: instability within 6 weeks of any injury
          "twisting injury 3 weeks ago and the knee gives way - acute knee clinic");

  /** Of those, the ones that do not depend on the new questions. */
  static final List<String> CHANGED_FOR_OLDER_ANSWERS =
      List.of(
          "twisting injury with a stable knee without locking is a possible meniscus tear or sprain",
          "twisting injury still painful after 8 weeks of physical therapy",
          "knee pain with activity at 50 after a twisting injury is not clinical osteoarthritis",
          "knee osteoarthritis with pain 8 of 10 after physical therapy and medicines that did not"
              + " help",
          "severe knee osteoarthritis after physical therapy with no pain medicines tried yet",
          "twisting injury 3 weeks ago and the knee gives way - acute knee clinic");

  private static Ruleset previous() {
    try (InputStream in =
        KneeRuleReviewTest.class
            .getClassLoader()
            .getResourceAsStream("clinic/triage/rules/ruleset-2026.12-1.yaml")) {
      return Ruleset.parse(
          "ruleset-2026.12-1.yaml", new String(in.readAllBytes(), StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  @Test
  void replayOnTheVignettesChangesExactlyTheReviewedCases() {
    Map<String, Answers> inputs = new LinkedHashMap<>();
    for (Vignette vignette : Vignettes.all()) {
      inputs.put(vignette.name(), vignette.answers());
    }

    RulesetDiff diff = RulesetDiff.compare(BEFORE, AFTER, inputs);

    assertThat(diff.currentVersion()).isEqualTo("2026.12-1");
    assertThat(diff.candidateVersion()).isEqualTo("2026.12-2");
    assertThat(diff.changes())
        .extracting(Change::label)
        .containsExactlyInAnyOrderElementsOf(CHANGED_BY_THE_REVIEW);
    // No red flag is lost and no urgency drops anywhere.
    for (Change change : diff.changes()) {
      assertThat(change.after().redFlags()).containsAll(change.before().redFlags());
      assertThat(change.after().urgency()).isLessThanOrEqualTo(change.before().urgency());
    }
    assertThat(diff.render())
        .startsWith("Ruleset 2026.12-1 → 2026.12-2: 10 of 75 decisions change");
  }

  @Test
  void answersToTheOlderQuestionnaireChangeOnlyWhereTheRulesWereReviewedAndAreNeverReviewed() {
    Map<String, Answers> inputs = new LinkedHashMap<>();
    for (Vignette vignette : Vignettes.all()) {
      Map<String, Object> answers = new HashMap<>(vignette.answers().answers());
      answers.remove("legSide");
      answers.remove("kneePainWithActivity");
      inputs.put(vignette.name(), new Answers(vignette.answers().ageYears(), answers, OLDER));
    }

    RulesetDiff diff = RulesetDiff.compare(BEFORE, AFTER, inputs);

    assertThat(diff.changes())
        .extracting(Change::label)
        .containsExactlyInAnyOrderElementsOf(CHANGED_FOR_OLDER_ANSWERS);
    for (Answers answers : inputs.values()) {
      Decision decision = AFTER.evaluate(answers);
      assertThat(decision.missingAnswers())
          .as("%s", answers)
          .doesNotContain("legSide", "kneePainWithActivity");
    }
  }

  @Test
  void completeAnswersToTheOlderQuestionnaireAreNeverReviewedAndKeepEveryRedFlag() {
    AnswerGenerator generator = new AnswerGenerator(20261201L);
    for (int i = 0; i < 5_000; i++) {
      Map<String, Object> answers = generator.complete();
      answers.remove("legSide");
      answers.remove("kneePainWithActivity");
      Decision decision = AFTER.evaluate(new Answers(generator.age(), answers, OLDER));
      String why = "case " + i + ": " + answers + " -> " + decision;
      assertThat(decision.needsClinicianReview()).as(why).isFalse();
      assertThat(decision.redFlags().isEmpty())
          .as(why)
          .isEqualTo(!RedFlagPropertyTest.redFlag(answers));
    }
  }

  @Test
  void anOlderIntakeIsDecidedWithoutTheNewQuestionsAndACurrentOneWithoutThemIsReviewed() {
    Map<String, Object> knee =
        new HashMap<>(
            Vignettes.named("osteoarthritis - 62, no injury, short morning stiffness")
                .answers()
                .answers());
    knee.remove("kneePainWithActivity");

    Decision older = AFTER.evaluate(new Answers(62, knee, OLDER));
    assertThat(older.needsClinicianReview()).isFalse();
    assertThat(older.causes())
        .containsExactly(
            new SuspectedCause(
                Cause.OSTEOARTHRITIS,
                Strength.LIKELY,
                List.of("ageYears", "painAreas", "kneeInjury", "morningStiffnessMinutes")));
    assertThat(older).isEqualTo(AFTER.evaluate(new Answers(62, knee, "2026-11.1")));

    Decision current = AFTER.evaluate(new Answers(62, knee));
    assertThat(current.needsClinicianReview()).isTrue();
    assertThat(current.missingAnswers()).containsExactly("kneePainWithActivity");
    assertThat(AFTER.evaluate(new Answers(62, knee, Questionnaire.CURRENT.version())))
        .isEqualTo(current);

    Map<String, Object> sciatica =
        new HashMap<>(
            Vignettes.named("bilateral sciatica - pain from the back down both legs")
                .answers()
                .answers());
    sciatica.remove("legSide");
    assertThat(AFTER.evaluate(new Answers(44, sciatica, OLDER)).needsClinicianReview()).isFalse();
    assertThat(AFTER.evaluate(new Answers(44, sciatica)).missingAnswers())
        .containsExactly("legSide");
  }
}
