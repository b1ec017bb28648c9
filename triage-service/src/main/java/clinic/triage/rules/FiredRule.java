package clinic.triage.rules;

import java.util.List;

/**
 * A rule that contributed to a decision, as recorded with it.
 *
 * @param answersUsed the question ids the rule read
 */
public record FiredRule(String id, String explanation, List<String> answersUsed) {
  public FiredRule {
    answersUsed = List.copyOf(answersUsed);
  }
}
