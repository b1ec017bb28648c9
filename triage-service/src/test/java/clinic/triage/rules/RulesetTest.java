package clinic.triage.rules;

import static org.assertj.core.api.Assertions.assertThat;

import clinic.events.Cause;
import clinic.events.Route;
import clinic.events.TriageDecided.RedFlag;
import clinic.events.TriageDecided.Strength;
import clinic.events.TriageDecided.SuspectedCause;
import clinic.events.Urgency;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class RulesetTest {

  private final Ruleset ruleset = Ruleset.current();

  /** A fully answered questionnaire with nothing notable: lower back pain only, pain 3/10. */
  private static Map<String, Object> calmBack() {
    Map<String, Object> answers = new HashMap<>();
    answers.put("painAreas", List.of("LOWER_BACK"));
    answers.put("painRadiatesDownLeg", false);
    answers.put("legNumbnessOrTingling", false);
    answers.put("painNow", 3);
    answers.put("bladderOrBowelChange", false);
    answers.put("saddleNumbness", false);
    return answers;
  }

  private static Map<String, Object> with(Map<String, Object> base, Object... pairs) {
    Map<String, Object> answers = new HashMap<>(base);
    for (int i = 0; i < pairs.length; i += 2) {
      answers.put((String) pairs[i], pairs[i + 1]);
    }
    return answers;
  }

  private static Map<String, Object> knee(String injury, boolean locking) {
    return with(
        calmBack(),
        "painAreas",
        List.of("RIGHT_KNEE"),
        "kneeInjury",
        injury,
        "kneeLocking",
        locking);
  }

  record Expected(
      Route route,
      Urgency urgency,
      List<Route> secondary,
      List<SuspectedCause> causes,
      List<String> redFlagCodes,
      boolean review) {}

  static Stream<Arguments> vignettes() {
    return Stream.of(
        Arguments.of(
            "bladder or bowel change alone is a cauda equina emergency",
            with(calmBack(), "bladderOrBowelChange", true),
            40,
            new Expected(
                Route.SURGICAL_CONSULT,
                Urgency.EMERGENCY,
                List.of(),
                List.of(),
                List.of("CAUDA_EQUINA"),
                false)),
        Arguments.of(
            "saddle numbness alone is a cauda equina emergency",
            with(calmBack(), "saddleNumbness", true),
            40,
            new Expected(
                Route.SURGICAL_CONSULT,
                Urgency.EMERGENCY,
                List.of(),
                List.of(),
                List.of("CAUDA_EQUINA"),
                false)),
        Arguments.of(
            "a red flag outranks sciatica and a locked knee",
            with(
                knee("TWISTING", true),
                "painAreas",
                List.of("LOWER_BACK", "LEFT_KNEE"),
                "painRadiatesDownLeg",
                true,
                "saddleNumbness",
                true),
            50,
            new Expected(
                Route.SURGICAL_CONSULT,
                Urgency.EMERGENCY,
                List.of(Route.PHYSICAL_THERAPY),
                List.of(
                    cause(
                        Cause.MENISCUS_TEAR,
                        Strength.LIKELY,
                        "painAreas",
                        "kneeInjury",
                        "kneeLocking"),
                    cause(Cause.HERNIATED_DISC, Strength.POSSIBLE, "painRadiatesDownLeg"),
                    cause(
                        Cause.REFERRED_KNEE_PAIN,
                        Strength.POSSIBLE,
                        "painAreas",
                        "painRadiatesDownLeg")),
                List.of("CAUDA_EQUINA", "LOCKED_KNEE"),
                false)),
        Arguments.of(
            "radiating leg pain with numbness is a likely herniated disc for physical therapy",
            with(
                calmBack(),
                "painAreas",
                List.of("LOWER_BACK", "THIGH", "BELOW_KNEE"),
                "painRadiatesDownLeg",
                true,
                "legNumbnessOrTingling",
                true),
            38,
            new Expected(
                Route.PHYSICAL_THERAPY,
                Urgency.ROUTINE,
                List.of(),
                List.of(
                    cause(
                        Cause.HERNIATED_DISC,
                        Strength.LIKELY,
                        "painRadiatesDownLeg",
                        "legNumbnessOrTingling")),
                List.of(),
                false)),
        Arguments.of(
            "radiating leg pain without numbness is a possible herniated disc",
            with(calmBack(), "painRadiatesDownLeg", true),
            38,
            new Expected(
                Route.PHYSICAL_THERAPY,
                Urgency.ROUTINE,
                List.of(),
                List.of(cause(Cause.HERNIATED_DISC, Strength.POSSIBLE, "painRadiatesDownLeg")),
                List.of(),
                false)),
        Arguments.of(
            "severe radiating pain is seen soon and adds a medication review",
            with(calmBack(), "painRadiatesDownLeg", true, "painNow", 8),
            38,
            new Expected(
                Route.PHYSICAL_THERAPY,
                Urgency.SOON,
                List.of(Route.MEDICATION_REVIEW),
                List.of(cause(Cause.HERNIATED_DISC, Strength.POSSIBLE, "painRadiatesDownLeg")),
                List.of(),
                false)),
        Arguments.of(
            "a locked knee after twisting is an urgent surgical consult for a meniscus tear",
            knee("TWISTING", true),
            30,
            new Expected(
                Route.SURGICAL_CONSULT,
                Urgency.URGENT,
                List.of(Route.PHYSICAL_THERAPY),
                List.of(
                    cause(
                        Cause.MENISCUS_TEAR,
                        Strength.LIKELY,
                        "painAreas",
                        "kneeInjury",
                        "kneeLocking")),
                List.of("LOCKED_KNEE"),
                false)),
        Arguments.of(
            "a twisting injury without locking is a possible meniscus tear for physical therapy",
            knee("TWISTING", false),
            30,
            new Expected(
                Route.PHYSICAL_THERAPY,
                Urgency.ROUTINE,
                List.of(),
                List.of(cause(Cause.MENISCUS_TEAR, Strength.POSSIBLE, "painAreas", "kneeInjury")),
                List.of(),
                false)),
        Arguments.of(
            "a pop while pivoting is a likely ligament sprain",
            knee("PIVOT_WITH_POP", false),
            24,
            new Expected(
                Route.SURGICAL_CONSULT,
                Urgency.SOON,
                List.of(),
                List.of(cause(Cause.LIGAMENT_SPRAIN, Strength.LIKELY, "painAreas", "kneeInjury")),
                List.of(),
                false)),
        Arguments.of(
            "knee pain without injury at 45 or older is possible osteoarthritis",
            knee("NONE", false),
            45,
            new Expected(
                Route.PHYSICAL_THERAPY,
                Urgency.ROUTINE,
                List.of(),
                List.of(
                    cause(
                        Cause.OSTEOARTHRITIS,
                        Strength.POSSIBLE,
                        "painAreas",
                        "kneeInjury",
                        "ageYears")),
                List.of(),
                false)),
        Arguments.of(
            "knee pain without injury before 45 matches no rule and is reviewed",
            knee("NONE", false),
            44,
            new Expected(
                Route.PHYSICAL_THERAPY, Urgency.ROUTINE, List.of(), List.of(), List.of(), true)),
        Arguments.of(
            "knee pain with radiating leg pain may be referred from the sciatic nerve",
            with(
                knee("NONE", false),
                "painAreas",
                List.of("LOWER_BACK", "LEFT_KNEE"),
                "painRadiatesDownLeg",
                true),
            30,
            new Expected(
                Route.PHYSICAL_THERAPY,
                Urgency.ROUTINE,
                List.of(),
                List.of(
                    cause(Cause.HERNIATED_DISC, Strength.POSSIBLE, "painRadiatesDownLeg"),
                    cause(
                        Cause.REFERRED_KNEE_PAIN,
                        Strength.POSSIBLE,
                        "painAreas",
                        "painRadiatesDownLeg")),
                List.of(),
                false)),
        Arguments.of(
            "high pain alone adds a medication review as a secondary route",
            with(calmBack(), "painNow", 7),
            30,
            new Expected(
                Route.PHYSICAL_THERAPY,
                Urgency.ROUTINE,
                List.of(Route.MEDICATION_REVIEW),
                List.of(),
                List.of(),
                true)));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("vignettes")
  void vignetteIsTriagedAsTheReferencesSay(
      String vignette, Map<String, Object> answers, int age, Expected expected) {
    Assessment assessment = ruleset.assess(Answers.of(answers, age));

    assertThat(assessment.route()).as("route").isEqualTo(expected.route());
    assertThat(assessment.urgency()).as("urgency").isEqualTo(expected.urgency());
    assertThat(assessment.secondaryRoutes()).as("secondary").isEqualTo(expected.secondary());
    assertThat(assessment.causes()).as("causes").isEqualTo(expected.causes());
    assertThat(assessment.redFlags())
        .extracting(RedFlag::code)
        .as("red flags")
        .isEqualTo(expected.redFlagCodes());
    assertThat(assessment.needsClinicianReview()).as("review").isEqualTo(expected.review());
    assertThat(assessment.missingAnswers()).as("missing").isEmpty();
    assertThat(assessment.rulesetVersion()).isEqualTo("0.1.0");
    assertThat(assessment.firedRules()).isNotEmpty();
    assertThat(assessment.explanation()).isNotBlank();
  }

  @Test
  void bothCaudaEquinaSignsGiveOneRedFlagWithBothReasons() {
    Assessment assessment =
        ruleset.assess(
            Answers.of(with(calmBack(), "bladderOrBowelChange", true, "saddleNumbness", true), 60));

    assertThat(assessment.redFlags()).hasSize(1);
    assertThat(assessment.redFlags().getFirst().reason()).contains("bladder", "saddle");
    assertThat(assessment.firedRules())
        .extracting(FiredRule::id)
        .containsExactly("CAUDA_EQUINA_BLADDER_BOWEL", "CAUDA_EQUINA_SADDLE_NUMBNESS");
    assertThat(assessment.explanation()).startsWith("Proposed: surgical consult, emergency.");
  }

  @Test
  void missingRedFlagAnswerNeedsClinicianReviewAndIsNeverRoutine() {
    Map<String, Object> answers = calmBack();
    answers.remove("saddleNumbness");

    Assessment assessment = ruleset.assess(Answers.of(answers, 40));

    assertThat(assessment.needsClinicianReview()).isTrue();
    assertThat(assessment.missingAnswers()).containsExactly("saddleNumbness");
    assertThat(assessment.urgency()).isEqualTo(Urgency.URGENT);
    assertThat(assessment.explanation()).contains("Not answered: saddleNumbness");
  }

  @Test
  void kneeQuestionsLeftBlankWhenTheKneeHurtsAreListedAsMissing() {
    Map<String, Object> answers = with(calmBack(), "painAreas", List.of("LEFT_KNEE"));

    Assessment assessment = ruleset.assess(Answers.of(answers, 50));

    assertThat(assessment.needsClinicianReview()).isTrue();
    assertThat(assessment.missingAnswers()).containsExactly("kneeInjury", "kneeLocking");
    assertThat(assessment.urgency()).isEqualTo(Urgency.URGENT);
  }

  @Test
  void kneeQuestionsLeftBlankDoNotMatterWhenNoKneeHurts() {
    Assessment assessment = ruleset.assess(Answers.of(calmBack(), 50));

    assertThat(assessment.missingAnswers()).isEmpty();
  }

  @Test
  void unreadableAnswersCountAsMissing() {
    Map<String, Object> answers =
        with(calmBack(), "painNow", 11, "painRadiatesDownLeg", "yes", "painAreas", List.of("NECK"));

    Assessment assessment = ruleset.assess(Answers.of(answers, 40));

    assertThat(assessment.needsClinicianReview()).isTrue();
    assertThat(assessment.missingAnswers()).contains("painAreas", "painRadiatesDownLeg", "painNow");
    assertThat(assessment.urgency()).isNotEqualTo(Urgency.ROUTINE);
  }

  @Test
  void emptyQuestionnaireIsReviewedNotRoutine() {
    Assessment assessment = ruleset.assess(Answers.of(Map.of(), 40));

    assertThat(assessment.needsClinicianReview()).isTrue();
    assertThat(assessment.missingAnswers())
        .contains("bladderOrBowelChange", "saddleNumbness", "painRadiatesDownLeg", "painNow");
    assertThat(assessment.urgency()).isEqualTo(Urgency.URGENT);
    assertThat(assessment.firedRules())
        .extracting(FiredRule::id)
        .containsExactly("NO_RULE_MATCHED");
  }

  @Test
  void firedRulesRecordTheAnswersTheyRead() {
    Map<String, Object> answers = with(knee("NONE", false), "painNow", 9);

    Assessment assessment = ruleset.assess(Answers.of(answers, 70));

    assertThat(assessment.firedRules())
        .containsExactly(
            new FiredRule(
                "KNEE_OSTEOARTHRITIS",
                ruleExplanation("KNEE_OSTEOARTHRITIS"),
                List.of("painAreas", "kneeInjury", "ageYears")),
            new FiredRule(
                "SEVERE_PAIN_MEDICATION_REVIEW",
                ruleExplanation("SEVERE_PAIN_MEDICATION_REVIEW"),
                List.of("painNow")));
    assertThat(assessment.answersUsed())
        .containsExactly(
            Map.entry("painAreas", List.of("RIGHT_KNEE")),
            Map.entry("kneeInjury", "NONE"),
            Map.entry("ageYears", 70),
            Map.entry("painNow", 9));
  }

  @Test
  void sameAnswersGiveAnEqualAssessment() {
    Map<String, Object> answers =
        with(
            knee("TWISTING", true),
            "painAreas",
            List.of("LOWER_BACK", "LEFT_KNEE", "FOOT"),
            "painRadiatesDownLeg",
            true,
            "legNumbnessOrTingling",
            true,
            "painNow",
            8);

    Assessment first = ruleset.assess(Answers.of(answers, 52));
    Assessment second = ruleset.assess(Answers.of(new HashMap<>(answers), 52));

    assertThat(second).isEqualTo(first);
    assertThat(second.explanation()).isEqualTo(first.explanation());
  }

  @Test
  void everyRuleHasAnIdAnExplanationAndASource() {
    assertThat(ruleset.rules())
        .allSatisfy(
            rule -> {
              assertThat(rule.id()).matches("[A-Z_]+");
              assertThat(rule.explanation()).isNotBlank();
              assertThat(rule.source()).isNotBlank();
            });
    assertThat(ruleset.rules()).extracting(Rule::id).doesNotHaveDuplicates();
  }

  private String ruleExplanation(String id) {
    return ruleset.rules().stream()
        .filter(r -> r.id().equals(id))
        .findFirst()
        .orElseThrow()
        .explanation();
  }

  private static SuspectedCause cause(Cause cause, Strength strength, String... evidence) {
    return new SuspectedCause(cause, strength, List.of(evidence));
  }
}
