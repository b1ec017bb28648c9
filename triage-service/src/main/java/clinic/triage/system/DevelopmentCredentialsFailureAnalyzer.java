package clinic.triage.system;

import clinic.triage.system.DevelopmentCredentialsGuard.DevelopmentCredentialsException;
import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/** Says why the service did not start, and what to do, instead of a stack trace. */
class DevelopmentCredentialsFailureAnalyzer
    extends AbstractFailureAnalyzer<DevelopmentCredentialsException> {

  @Override
  protected FailureAnalysis analyze(Throwable rootFailure, DevelopmentCredentialsException cause) {
    return new FailureAnalysis(
        cause.getMessage() + ". Those credentials are published in the source code.",
        "Give the service a database role of its own with a password only your deployment knows"
            + " (docker-compose.yml reads it from .env, see .env.example), or leave out the prod"
            + " profile on a developer's machine.",
        cause);
  }
}
