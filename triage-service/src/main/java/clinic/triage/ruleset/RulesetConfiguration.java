package clinic.triage.ruleset;

import java.nio.file.Path;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.actuate.info.InfoContributor;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Loads the triage ruleset once, at start: the clinic's own from the class path, or the file that
 * {@code triage.ruleset} ({@code TRIAGE_RULESET}) names. A ruleset that does not validate stops the
 * start (see {@link RulesetFailureAnalyzer}): the service never decides with a broken one.
 */
@Configuration(proxyBeanMethods = false)
class RulesetConfiguration {

  private static final Logger log = LoggerFactory.getLogger(RulesetConfiguration.class);

  @Bean
  TriageRuleset triageRuleset(@Value("${triage.ruleset:}") String file) {
    TriageRuleset rules =
        file.isBlank() ? TriageRuleset.fromClasspath() : TriageRuleset.fromFile(Path.of(file));
    log.info(
        "Triage ruleset {} loaded from {}: {} rules",
        rules.version(),
        rules.location(),
        rules.rules().size());
    return rules;
  }

  /** The version in {@code /actuator/info}, beside the build, for whoever checks a deployment. */
  @Bean
  InfoContributor triageRulesetInfo(TriageRuleset rules) {
    return info ->
        info.withDetail(
            "triageRuleset",
            Map.of(
                "version", rules.version(),
                "location", rules.location(),
                "rules", rules.rules().size()));
  }
}
