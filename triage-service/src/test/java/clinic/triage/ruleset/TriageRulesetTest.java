package clinic.triage.ruleset;

import static org.assertj.core.api.Assertions.assertThat;

import clinic.triage.Intakes;
import clinic.triage.rules.Answers;
import clinic.triage.rules.Decision;
import clinic.triage.rules.Ruleset;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** What the service keeps about each rule besides the engine: its sentence and its sources. */
class TriageRulesetTest {

  private final TriageRuleset rules = TriageRuleset.fromClasspath();

  @Test
  void everyRuleOfTheClinicRulesetHasItsSentenceAndSources() {
    assertThat(rules.rules())
        .extracting(TriageRuleset.RuleNote::id)
        .isEqualTo(Ruleset.loadDefault().ruleIds());
    assertThat(rules.rules())
        .allSatisfy(
            rule -> {
              assertThat(rule.text()).isNotBlank();
              assertThat(rule.sources()).isNotEmpty();
              assertThat(rules.sources()).containsKeys(rule.sources().toArray(String[]::new));
            });
  }

  @Test
  void firedRulesReadAsTheirLinesInTheEngineExplanation() {
    int compared = 0;
    for (Map<String, Object> answers :
        List.of(
            Intakes.caudaEquina(),
            Intakes.sciaticaDespitePhysicalTherapy(8),
            Intakes.twistedKneeDespitePhysicalTherapy())) {
      Decision decision = rules.evaluate(new Answers(Intakes.AGE, answers));
      List<FiredRule> fired = rules.firedRules(decision);

      assertThat(fired).extracting(FiredRule::id).isEqualTo(decision.firedRules());
      for (FiredRule rule : fired) {
        // The explanation leaves out a weaker rule of a cause another rule makes stronger.
        if (decision.explanation().contains("[" + rule.id() + "]")) {
          assertThat(decision.explanation())
              .contains("\n" + rule.explanation() + " [" + rule.id() + "]");
          compared++;
        }
      }
    }
    assertThat(compared).isGreaterThanOrEqualTo(8);
  }
}
