package clinic.triage.ruleset;

import clinic.triage.ruleset.TriageRuleset.RuleNote;
import java.util.List;
import java.util.Map;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * The ruleset in use (the active version), for clinicians reviewing it and for checking what a
 * deployment runs.
 */
@RestController
class RulesetApi {

  private final ActiveRuleset active;

  RulesetApi(ActiveRuleset active) {
    this.active = active;
  }

  /**
   * @param location the file it was loaded from, or its place on the class path
   * @param sources the documents the rules cite, id to title
   */
  record RulesetView(
      String version,
      String questionnaireVersion,
      String location,
      Map<String, String> sources,
      List<RuleNote> rules) {}

  @GetMapping("/api/triage/ruleset")
  RulesetView ruleset() {
    TriageRuleset rules = active.current();
    return new RulesetView(
        rules.version(),
        rules.ruleset().questionnaireVersion(),
        rules.location(),
        rules.sources(),
        rules.rules());
  }
}
