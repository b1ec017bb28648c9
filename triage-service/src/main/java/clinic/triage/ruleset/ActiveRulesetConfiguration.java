package clinic.triage.ruleset;

import clinic.triage.rules.Vignettes;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import javax.sql.DataSource;
import org.springframework.boot.actuate.info.InfoContributor;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * At start: stores the shipped ruleset if its version is new to the database (and then makes it
 * active), and decides with whichever version is active (see {@link RulesetVersions#seed}).
 */
@Configuration(proxyBeanMethods = false)
class ActiveRulesetConfiguration {

  @Bean
  ActiveRuleset activeRuleset(
      TriageRuleset shipped, RulesetVersions versions, DataSource dataSource) {
    UUID id = versions.seed(shipped, Vignettes.text(), Instant.now());
    var active = versions.find(id).orElseThrow();
    TriageRuleset rules =
        active.sha256().equals(RulesetVersions.sha256(shipped.yaml()))
            ? shipped
            : TriageRuleset.parse("ruleset " + active.version(), active.location(), active.yaml());
    return new ActiveRuleset(versions, dataSource, id, rules);
  }

  /** The version in {@code /actuator/info}, beside the build, for whoever checks a deployment. */
  @Bean
  InfoContributor triageRulesetInfo(ActiveRuleset active) {
    return info -> {
      TriageRuleset rules = active.current();
      info.withDetail(
          "triageRuleset",
          Map.of(
              "version", rules.version(),
              "location", rules.location(),
              "rules", rules.rules().size()));
    };
  }
}
