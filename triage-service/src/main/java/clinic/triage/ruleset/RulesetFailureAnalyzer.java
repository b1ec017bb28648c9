package clinic.triage.ruleset;

import clinic.triage.rules.RulesetException;
import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/**
 * Turns a ruleset that does not validate into a short start-up report listing each problem (file,
 * rule, what is wrong) instead of a stack trace through the bean factory.
 */
class RulesetFailureAnalyzer extends AbstractFailureAnalyzer<RulesetException> {

  @Override
  protected FailureAnalysis analyze(Throwable rootFailure, RulesetException cause) {
    return new FailureAnalysis(
        "The triage ruleset is not valid:\n  " + String.join("\n  ", cause.problems()),
        "Correct the ruleset file, or unset TRIAGE_RULESET (triage.ruleset) to use the clinic's"
            + " ruleset, and start the service again.",
        cause);
  }
}
