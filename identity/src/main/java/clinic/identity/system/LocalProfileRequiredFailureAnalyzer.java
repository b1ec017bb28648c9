package clinic.identity.system;

import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/** Says why the demo provider did not start, and what to do, instead of a stack trace. */
class LocalProfileRequiredFailureAnalyzer
    extends AbstractFailureAnalyzer<LocalProfileRequiredException> {

  @Override
  protected FailureAnalysis analyze(Throwable rootFailure, LocalProfileRequiredException cause) {
    return new FailureAnalysis(
        cause.getMessage()
            + ". Its demo staff accounts and API clients have published passwords, so it never"
            + " starts without that profile.",
        "Start it with --spring.profiles.active=local (./run does), or do not run it at all and"
            + " point the services at your clinic's identity provider with CLINIC_ISSUER_URI.",
        cause);
  }
}
