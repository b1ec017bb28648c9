package clinic.triage.rules;

import clinic.events.questionnaire.Question;
import clinic.events.questionnaire.Questionnaire;
import clinic.events.questionnaire.Section;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;

/**
 * Random complete answers to the questionnaire from a seeded generator: every question that is
 * asked (its section's and its own condition hold on the answers so far) gets a value of its type,
 * among its options and inside its range; optional ones are sometimes left blank. Warning signs are
 * rare, as in clinic, so that many answer sets carry no red flag at all.
 */
final class AnswerGenerator {

  static final Set<String> WARNING_SIGNS =
      Set.of(
          "bladderOrBowelChange",
          "saddleNumbness",
          "bothLegsWeakOrNumb",
          "newSexualDysfunction",
          "fever",
          "historyOfCancer",
          "unexplainedWeightLoss",
          "significantTrauma",
          "intravenousDrugUse",
          "weakenedImmuneSystem",
          "legWeaknessWorsening",
          "footDrop",
          "kneeCannotStraighten",
          "kneeHotAndSwollen");

  private final Random random;

  AnswerGenerator(long seed) {
    this.random = new Random(seed);
  }

  int age() {
    return random.nextInt(10) == 0 ? random.nextInt(131) : 16 + random.nextInt(80);
  }

  Map<String, Object> complete() {
    Map<String, Object> answers = new LinkedHashMap<>();
    for (Section section : Questionnaire.CURRENT.sections()) {
      if (section.shownWhen() != null && !section.shownWhen().holds(answers)) {
        continue;
      }
      for (Question question : section.questions()) {
        if (question.personal()
            || (question.shownWhen() != null && !question.shownWhen().holds(answers))) {
          continue;
        }
        if (!question.required() && random.nextInt(5) == 0) {
          continue;
        }
        answers.put(question.id(), value(question));
      }
    }
    return answers;
  }

  private Object value(Question question) {
    return switch (question.type()) {
      case BOOLEAN ->
          WARNING_SIGNS.contains(question.id())
              ? random.nextInt(12) == 0
              : question.id().equals("canBearWeight")
                  ? random.nextInt(5) != 0
                  : random.nextInt(3) == 0;
      case CHOICE -> question.options().get(random.nextInt(question.options().size()));
      case MULTI_CHOICE -> {
        List<String> chosen = new ArrayList<>();
        for (String option : question.options()) {
          if (random.nextInt(10) < 3) {
            chosen.add(option);
          }
        }
        int least = question.min() == null ? 0 : question.min().intValue();
        if (chosen.size() < least) {
          chosen.add(question.options().get(random.nextInt(question.options().size())));
        }
        yield chosen;
      }
      case INTEGER -> {
        int min = question.min().intValue();
        int max = question.max().intValue();
        // Long ranges (weeks, minutes) matter most at their low end, where thresholds are.
        int top = random.nextBoolean() ? Math.min(max, min + 60) : max;
        yield min + random.nextInt(top - min + 1);
      }
      case DECIMAL -> question.min() + random.nextDouble() * (question.max() - question.min());
      default -> "text";
    };
  }

  /** Wrong types and impossible values, to check evaluation never throws. */
  Object junk() {
    return switch (random.nextInt(8)) {
      case 0 -> "yes";
      case 1 -> 42;
      case 2 -> -1.5;
      case 3 -> List.of("NOT_AN_OPTION");
      case 4 -> java.util.Arrays.asList("LOWER_BACK", null);
      case 5 -> Map.of("a", 1);
      case 6 -> Double.NaN;
      default -> true;
    };
  }

  boolean chance(int percent) {
    return random.nextInt(100) < percent;
  }
}
