package clinic.triage.ruleset;

import java.util.List;

/**
 * A rule that fired for a decision, as stored with it: its id, the sentence a clinician reads about
 * it and the ids of the documents it cites (the ruleset's {@code sources}).
 */
public record FiredRule(String id, String explanation, List<String> sources) {
  public FiredRule {
    // Decisions stored before rules named their sources have none.
    sources = sources == null ? List.of() : List.copyOf(sources);
  }
}
