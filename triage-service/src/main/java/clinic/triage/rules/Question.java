package clinic.triage.rules;

import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * One question of the intake questionnaire and the answers it accepts. An answer outside that range
 * is treated like a missing one: a clinician has to look at it.
 */
record Question(String id, Type type, Set<String> choices, int min, int max) {

  enum Type {
    YES_NO,
    NUMBER,
    ONE_OF,
    ANY_OF
  }

  static Question yesNo(String id) {
    return new Question(id, Type.YES_NO, Set.of(), 0, 0);
  }

  static Question number(String id, int min, int max) {
    return new Question(id, Type.NUMBER, Set.of(), min, max);
  }

  static Question oneOf(String id, String... choices) {
    return new Question(id, Type.ONE_OF, Set.of(choices), 0, 0);
  }

  static Question anyOf(String id, String... choices) {
    return new Question(id, Type.ANY_OF, Set.of(choices), 0, 0);
  }

  /** The answer in its normal form (Boolean, Integer, String or List of String), if it is valid. */
  Optional<Object> read(Object raw) {
    return Optional.ofNullable(
        switch (type) {
          case YES_NO -> raw instanceof Boolean b ? b : null;
          case NUMBER -> wholeNumberInRange(raw);
          case ONE_OF -> raw instanceof String s && choices.contains(s) ? s : null;
          case ANY_OF -> choicesFrom(raw);
        });
  }

  private Integer wholeNumberInRange(Object raw) {
    if (raw instanceof Number n && n.doubleValue() == Math.rint(n.doubleValue())) {
      double value = n.doubleValue();
      return value >= min && value <= max ? (int) value : null;
    }
    return null;
  }

  private List<String> choicesFrom(Object raw) {
    if (raw instanceof List<?> list && !list.isEmpty()) {
      List<String> values =
          list.stream()
              .filter(String.class::isInstance)
              .map(String.class::cast)
              .distinct()
              .sorted()
              .toList();
      return values.size() == list.stream().distinct().count() && choices.containsAll(values)
          ? values
          : null;
    }
    return null;
  }
}
