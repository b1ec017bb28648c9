package clinic.triage.rules;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * When a rule applies, written as data (question id, operator, value) so that a ruleset file can
 * express the same thing later without code.
 */
sealed interface Condition {

  Truth test(Answers answers);

  /** The questions this condition reads, in the order it reads them. */
  Set<String> questions();

  /** The yes/no question was answered yes. */
  static Condition yes(String question) {
    return new Yes(question);
  }

  /** The one-of question was answered with this choice. */
  static Condition is(String question, String choice) {
    return new Is(question, choice);
  }

  /** The any-of question includes at least one of these choices. */
  static Condition includesAny(String question, String... choices) {
    return new IncludesAny(question, List.of(choices));
  }

  /** The number answered is at least this. */
  static Condition atLeast(String question, int threshold) {
    return new AtLeast(question, threshold);
  }

  static Condition all(Condition... conditions) {
    return new All(List.of(conditions));
  }

  record Yes(String question) implements Condition {
    @Override
    public Truth test(Answers answers) {
      return answers.get(question).map(v -> Truth.of((Boolean) v)).orElse(Truth.UNKNOWN);
    }

    @Override
    public Set<String> questions() {
      return Set.of(question);
    }
  }

  record Is(String question, String choice) implements Condition {
    @Override
    public Truth test(Answers answers) {
      return answers.get(question).map(v -> Truth.of(choice.equals(v))).orElse(Truth.UNKNOWN);
    }

    @Override
    public Set<String> questions() {
      return Set.of(question);
    }
  }

  record IncludesAny(String question, List<String> choices) implements Condition {
    @Override
    public Truth test(Answers answers) {
      return answers
          .get(question)
          .map(v -> Truth.of(((List<?>) v).stream().anyMatch(choices::contains)))
          .orElse(Truth.UNKNOWN);
    }

    @Override
    public Set<String> questions() {
      return Set.of(question);
    }
  }

  record AtLeast(String question, int threshold) implements Condition {
    @Override
    public Truth test(Answers answers) {
      return answers
          .get(question)
          .map(v -> Truth.of(((Integer) v) >= threshold))
          .orElse(Truth.UNKNOWN);
    }

    @Override
    public Set<String> questions() {
      return Set.of(question);
    }
  }

  record All(List<Condition> conditions) implements Condition {
    @Override
    public Truth test(Answers answers) {
      return conditions.stream().map(c -> c.test(answers)).reduce(Truth.TRUE, Truth::and);
    }

    @Override
    public Set<String> questions() {
      Set<String> questions = new LinkedHashSet<>();
      conditions.forEach(c -> questions.addAll(c.questions()));
      return questions;
    }
  }
}
