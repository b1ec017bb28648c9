package clinic.triage.rules;

import java.util.List;

/**
 * A ruleset that cannot be used. The message names the file, the rule (or definition) and the
 * problem, one line per problem, e.g. {@code ruleset.yaml: rule 'meniscus-locking': unknown
 * question 'kneeLockd'}.
 */
public class RulesetException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  private final List<String> problems;

  RulesetException(List<String> problems) {
    super(String.join("\n", problems));
    this.problems = List.copyOf(problems);
  }

  RulesetException(String problem, Throwable cause) {
    super(problem, cause);
    this.problems = List.of(problem);
  }

  /** Every problem found, each naming the file and the rule. */
  public List<String> problems() {
    return problems;
  }
}
