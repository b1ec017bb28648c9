package clinic.triage.decision;

import clinic.triage.rules.Answers;
import java.util.Map;
import java.util.UUID;
import org.springframework.stereotype.Component;

/**
 * The answers a candidate ruleset is replayed on, for the ruleset's safety gate: each stored
 * intake's latest answers and age, in the order the intakes were first decided.
 */
@Component
public class StoredIntakes {

  private final DecisionRepository decisions;

  StoredIntakes(DecisionRepository decisions) {
    this.decisions = decisions;
  }

  public Map<UUID, Answers> latestAnswers() {
    return decisions.latestAnswers();
  }
}
