package clinic.events.questionnaire;

import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * When a question is relevant: the answer to another question is one of some values (for a multiple
 * choice: includes any of them), or is yes.
 */
public record Condition(String question, List<String> anyOf) {

  public Condition {
    Objects.requireNonNull(question, "question");
    anyOf = List.copyOf(anyOf);
  }

  static Condition isYes(String question) {
    return new Condition(question, List.of("true"));
  }

  static Condition anyOf(String question, String... values) {
    return new Condition(question, List.of(values));
  }

  /** Whether the condition holds for these answers; an unanswered question never satisfies it. */
  public boolean holds(Map<String, Object> answers) {
    Object answer = answers.get(question);
    if (answer instanceof Collection<?> chosen) {
      return chosen.stream().map(String::valueOf).anyMatch(anyOf::contains);
    }
    return answer != null && anyOf.contains(String.valueOf(answer));
  }
}
