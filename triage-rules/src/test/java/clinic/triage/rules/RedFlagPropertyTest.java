package clinic.triage.rules;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import clinic.events.Escalation;
import clinic.events.Urgency;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * Red flags, checked on many thousands of random answer sets against an oracle written straight
 * from the clinical references (not from the ruleset): whatever else is answered, a red flag makes
 * the decision EMERGENCY or URGENT, and no input makes evaluation throw.
 */
class RedFlagPropertyTest {

  private static final Ruleset RULESET = Ruleset.loadDefault();
  private static final int COMPLETE_CASES = 30_000;
  private static final int INCOMPLETE_CASES = 10_000;
  private static final int JUNK_CASES = 5_000;
  private static final List<String> SPINAL_SIGNS =
      List.of(
          "fever",
          "historyOfCancer",
          "unexplainedWeightLoss",
          "significantTrauma",
          "intravenousDrugUse",
          "weakenedImmuneSystem");
  private static final List<String> CAUDA_EQUINA_REQUIRED =
      List.of("bladderOrBowelChange", "saddleNumbness", "bothLegsWeakOrNumb");

  /**
   * What the references (and issue 17) call an emergency, assessed today: cauda equina signs
   * (bilateral sciatica among them: pain travelling down both legs), a suspected spinal infection
   * (fever with spinal pain), a septic knee.
   */
  static boolean emergency(Map<String, Object> a) {
    boolean spinal = area(a, "LOWER_BACK") || yes(a, "painRadiatesDownLeg");
    return yes(a, "bladderOrBowelChange")
        || (spinal && yes(a, "fever"))
        || yes(a, "saddleNumbness")
        || yes(a, "bothLegsWeakOrNumb")
        || yes(a, "newSexualDysfunction")
        || (yes(a, "painRadiatesDownLeg") && "BOTH".equals(a.get("legSide")))
        || (knee(a) && yes(a, "kneeHotAndSwollen") && yes(a, "fever"));
  }

  /** Every red flag of the references, as far as the given answers show it. */
  static boolean redFlag(Map<String, Object> a) {
    boolean spinal = area(a, "LOWER_BACK") || yes(a, "painRadiatesDownLeg");
    Object injury = a.get("kneeInjury");
    return emergency(a)
        || yes(a, "legWeaknessWorsening")
        || yes(a, "footDrop")
        || (spinal && SPINAL_SIGNS.stream().anyMatch(sign -> yes(a, sign)))
        || (knee(a) && yes(a, "kneeCannotStraighten"))
        || (knee(a) && yes(a, "kneeHotAndSwollen") && no(a, "fever"))
        || (knee(a) && injury != null && !"NONE".equals(injury) && no(a, "canBearWeight"));
  }

  private static boolean yes(Map<String, Object> a, String id) {
    return Boolean.TRUE.equals(a.get(id));
  }

  private static boolean no(Map<String, Object> a, String id) {
    return Boolean.FALSE.equals(a.get(id));
  }

  private static boolean area(Map<String, Object> a, String area) {
    return a.get("painAreas") instanceof List<?> areas && areas.contains(area);
  }

  private static boolean knee(Map<String, Object> a) {
    return area(a, "LEFT_KNEE") || area(a, "RIGHT_KNEE");
  }

  private static boolean urgentOrWorse(Decision decision) {
    return decision.urgency() == Urgency.EMERGENCY || decision.urgency() == Urgency.URGENT;
  }

  @Test
  void anyRedFlagInCompleteAnswersIsEmergencyOrUrgentAndNothingElseRaisesOne() {
    AnswerGenerator generator = new AnswerGenerator(20261101L);
    int flagged = 0;
    for (int i = 0; i < COMPLETE_CASES; i++) {
      Map<String, Object> answers = generator.complete();
      Decision decision = RULESET.evaluate(new Answers(generator.age(), answers));
      boolean flag = redFlag(answers);
      flagged += flag ? 1 : 0;
      String why = "case " + i + ": " + answers + " -> " + decision;
      assertThat(decision.redFlags().isEmpty()).as(why).isEqualTo(!flag);
      if (flag) {
        assertThat(urgentOrWorse(decision)).as(why).isTrue();
      }
      if (emergency(answers)) {
        assertThat(decision.urgency()).as(why).isEqualTo(Urgency.EMERGENCY);
      }
      // The escalation: today for an emergency, an urgent review for any other red flag, none
      // without one.
      assertThat(decision.escalation())
          .as(why)
          .isEqualTo(
              emergency(answers)
                  ? Escalation.EMERGENCY_TODAY
                  : flag ? Escalation.URGENT_REVIEW : null);
      assertThat(decision.needsClinicianReview()).as(why).isFalse();
      assertThat(decision.missingAnswers()).as(why).isEmpty();
    }
    // The generator must exercise both sides of the property.
    assertThat(flagged).isBetween(COMPLETE_CASES / 10, COMPLETE_CASES * 9 / 10);
  }

  @Test
  void incompleteAnswersNeverHideARedFlagAndNameOnlyAnswersThatAreReallyMissing() {
    AnswerGenerator generator = new AnswerGenerator(4242L);
    int reviewed = 0;
    for (int i = 0; i < INCOMPLETE_CASES; i++) {
      Map<String, Object> answers = generator.complete();
      Set<String> removed = new HashSet<>();
      for (String id : new ArrayList<>(answers.keySet())) {
        if (generator.chance(10)) {
          answers.remove(id);
          removed.add(id);
        }
      }
      Decision decision = RULESET.evaluate(new Answers(generator.age(), answers));
      String why = "case " + i + ": removed " + removed + " from " + answers + " -> " + decision;
      if (redFlag(answers)) {
        assertThat(decision.redFlags()).as(why).isNotEmpty();
        assertThat(urgentOrWorse(decision)).as(why).isTrue();
      }
      if (emergency(answers)) {
        assertThat(decision.urgency()).as(why).isEqualTo(Urgency.EMERGENCY);
      }
      if (CAUDA_EQUINA_REQUIRED.stream().anyMatch(removed::contains)) {
        // Nobody may assume cauda equina is absent: review, and see the patient within days.
        assertThat(decision.needsClinicianReview()).as(why).isTrue();
        assertThat(urgentOrWorse(decision)).as(why).isTrue();
      }
      assertThat(decision.needsClinicianReview())
          .as(why)
          .isEqualTo(!decision.missingAnswers().isEmpty());
      assertThat(removed).as(why).containsAll(decision.missingAnswers());
      reviewed += decision.needsClinicianReview() ? 1 : 0;
    }
    assertThat(reviewed).isGreaterThan(INCOMPLETE_CASES / 2);
  }

  @Test
  void answersOfTheWrongTypeOrOutOfRangeNeverThrowAndOnlyAbsentOrSpoiledOnesAreMissing() {
    AnswerGenerator generator = new AnswerGenerator(777L);
    for (int i = 0; i < JUNK_CASES; i++) {
      Map<String, Object> answers = new HashMap<>(generator.complete());
      Set<String> spoiled = new HashSet<>();
      for (String id : new ArrayList<>(answers.keySet())) {
        if (generator.chance(15)) {
          answers.put(id, generator.chance(20) ? null : generator.junk());
          spoiled.add(id);
        }
      }
      int age = generator.chance(5) ? -3 : generator.age();
      Answers input = new Answers(age, answers);
      assertThatCode(() -> RULESET.evaluate(input))
          .as("case %d: %s", i, answers)
          .doesNotThrowAnyException();
      Decision decision = RULESET.evaluate(input);
      if (age < 0) {
        spoiled.add("ageYears");
      }
      // A spoiled answer can also change which questions are asked: those may then be missing.
      for (String missing : decision.missingAnswers()) {
        assertThat(spoiled.contains(missing) || answers.get(missing) == null)
            .as("case %d: %s is neither spoiled nor absent: %s", i, missing, decision)
            .isTrue();
      }
    }
  }

  @Test
  void emptyAndNullAnswersAreReviewedAsMissingEverything() {
    Decision empty = RULESET.evaluate(new Answers(40, Map.of()));
    assertThat(empty.needsClinicianReview()).isTrue();
    assertThat(empty.missingAnswers())
        .contains("painAreas", "bladderOrBowelChange", "saddleNumbness");
    assertThat(empty.urgency()).isEqualTo(Urgency.URGENT);
    assertThat(RULESET.evaluate(new Answers(40, null))).isEqualTo(empty);
  }
}
