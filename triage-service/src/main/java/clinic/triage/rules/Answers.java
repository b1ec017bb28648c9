package clinic.triage.rules;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The answers of one intake as the rules read them: only questions the ruleset knows, each checked
 * against its question. Answers that are absent or not valid are both "not answered" to a rule.
 */
public final class Answers {

  /** The patient's age travels beside the answers but the rules read it like any other answer. */
  public static final String AGE_YEARS = "ageYears";

  private final Map<String, Object> readable;

  private Answers(Map<String, Object> readable) {
    this.readable = readable;
  }

  public static Answers of(Map<String, ?> answers, int ageYears) {
    Map<String, Object> raw = new LinkedHashMap<>(answers);
    raw.put(AGE_YEARS, ageYears);
    Map<String, Object> readable = new LinkedHashMap<>();
    for (Question question : Questionnaire.QUESTIONS) {
      Object value = raw.get(question.id());
      if (value != null) {
        question.read(value).ifPresent(v -> readable.put(question.id(), v));
      }
    }
    return new Answers(Collections.unmodifiableMap(readable));
  }

  boolean answered(String question) {
    return readable.containsKey(question);
  }

  Optional<Object> get(String question) {
    return Optional.ofNullable(readable.get(question));
  }

  /** The readable answers to the given questions, in the given order. */
  Map<String, Object> only(Set<String> questions) {
    Map<String, Object> picked = new LinkedHashMap<>();
    questions.forEach(q -> get(q).ifPresent(v -> picked.put(q, v)));
    return picked;
  }

  /** The given questions that have no readable answer. */
  Set<String> unanswered(Set<String> questions) {
    Set<String> missing = new LinkedHashSet<>(questions);
    missing.removeIf(this::answered);
    return missing;
  }

  /** Questionnaire v1 (issue 2). */
  static final class Questionnaire {
    static final List<Question> QUESTIONS =
        List.of(
            Question.anyOf(
                "painAreas",
                "LOWER_BACK",
                "BUTTOCK",
                "THIGH",
                "BELOW_KNEE",
                "FOOT",
                "LEFT_KNEE",
                "RIGHT_KNEE"),
            Question.yesNo("painRadiatesDownLeg"),
            Question.yesNo("legNumbnessOrTingling"),
            Question.oneOf("kneeInjury", "NONE", "TWISTING", "PIVOT_WITH_POP", "DIRECT_BLOW"),
            Question.yesNo("kneeLocking"),
            Question.number("painNow", 0, 10),
            Question.yesNo("bladderOrBowelChange"),
            Question.yesNo("saddleNumbness"),
            Question.number(AGE_YEARS, 0, 130));

    private Questionnaire() {}
  }
}
