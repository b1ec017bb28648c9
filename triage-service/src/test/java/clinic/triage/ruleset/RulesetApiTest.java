package clinic.triage.ruleset;

import static org.assertj.core.api.Assertions.assertThat;

import clinic.events.questionnaire.Questionnaire;
import clinic.security.testing.TestIssuer;
import clinic.triage.Api;
import clinic.triage.TriageServiceTest;
import clinic.triage.rules.Ruleset;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import tools.jackson.databind.json.JsonMapper;

/** What ruleset the service runs, as clinicians and operators see it. */
@TriageServiceTest
class RulesetApiTest {

  @Autowired JsonMapper json;
  @LocalServerPort int port;

  Api api;

  @BeforeEach
  void client() {
    api = new Api(port, json).as(TestIssuer.shared().tokenFor("CLINICIAN"));
  }

  @Test
  void rulesetEndpointShowsTheVersionSourcesAndRulesInUse() {
    Ruleset clinic = Ruleset.loadDefault();

    Map<String, Object> ruleset = api.map(api.get("/api/triage/ruleset"));

    assertThat(ruleset)
        .containsEntry("version", clinic.version())
        .containsEntry("questionnaireVersion", Questionnaire.CURRENT.version())
        .containsEntry("location", "classpath:" + Ruleset.DEFAULT_RESOURCE);
    assertThat(ruleset.get("sources")).isEqualTo(clinic.sources());
    List<Map<String, Object>> rules = api.list(ruleset.get("rules"));
    assertThat(rules).extracting(r -> r.get("id")).isEqualTo(clinic.ruleIds());
    assertThat(rules)
        .filteredOn(r -> r.get("id").equals("knee-septic-arthritis"))
        .singleElement()
        .satisfies(
            rule -> {
              assertThat(rule.get("sources")).isEqualTo(List.of("local-pathways"));
              assertThat((String) rule.get("text"))
                  .isEqualTo(
                      "Red flag SEPTIC_ARTHRITIS: a hot, swollen knee with fever suggests a joint"
                          + " infection; same-day hospital assessment");
            });
  }

  @Test
  void actuatorInfoNamesTheRulesetVersion() {
    Map<String, Object> info =
        api.map(api.as(TestIssuer.shared().tokenFor("ADMIN")).get("/actuator/info"));

    assertThat(info.get("triageRuleset"))
        .isEqualTo(
            Map.of(
                "version", Ruleset.loadDefault().version(),
                "location", "classpath:" + Ruleset.DEFAULT_RESOURCE,
                "rules", Ruleset.loadDefault().ruleIds().size()));
  }
}
