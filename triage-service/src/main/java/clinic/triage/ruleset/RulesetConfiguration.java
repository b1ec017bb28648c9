package clinic.triage.ruleset;

import java.nio.file.Path;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Loads the ruleset the service ships with once, at start: the clinic's own from the class path, or
 * the file that {@code triage.ruleset} ({@code TRIAGE_RULESET}) names. A ruleset that does not
 * validate stops the start (see {@link RulesetFailureAnalyzer}): the service never decides with a
 * broken one. It seeds the stored versions ({@link ActiveRulesetConfiguration}); the service
 * decides with the active stored version.
 */
@Configuration(proxyBeanMethods = false)
class RulesetConfiguration {

  private static final Logger log = LoggerFactory.getLogger(RulesetConfiguration.class);

  @Bean
  TriageRuleset triageRuleset(@Value("${triage.ruleset:}") String file) {
    TriageRuleset rules =
        file.isBlank() ? TriageRuleset.fromClasspath() : TriageRuleset.fromFile(Path.of(file));
    log.info(
        "Triage ruleset {} shipped from {}: {} rules",
        rules.version(),
        rules.location(),
        rules.rules().size());
    return rules;
  }
}
