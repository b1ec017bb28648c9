package clinic.triage.decision;

import clinic.triage.ruleset.ActiveRuleset;
import java.time.Clock;
import java.util.Map;
import org.springframework.stereotype.Component;

/**
 * The decision a set of answers would get now from the ruleset in use, checked as {@code POST
 * /api/triage/evaluate} checks them; nothing is stored or published. The what-if API and the CDS
 * Hooks service both ask here.
 */
@Component
public class WhatIf {

  private final ActiveRuleset rules;
  private final Clock clock = Clock.systemUTC();

  WhatIf(ActiveRuleset rules) {
    this.rules = rules;
  }

  /**
   * The decision for these values, read as JSON carries them.
   *
   * @throws clinic.web.InvalidRequest naming each offending field ({@code ageYears}, {@code
   *     answers.<question id>})
   */
  public Decision decide(Object ageYears, Object preferredLanguage, Map<String, Object> answers) {
    return decide(new EvaluateRequest(ageYears, preferredLanguage, answers));
  }

  Decision decide(EvaluateRequest request) {
    EvaluateRequest.Checked checked = request.validate();
    return Decision.whatIf(
        checked.ageYears(),
        checked.preferredLanguage(),
        checked.answers(),
        rules.current(),
        clock.instant());
  }
}
