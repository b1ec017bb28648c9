package clinic.triage.decision;

import clinic.events.Actor;
import clinic.triage.rules.Answers;
import clinic.triage.rules.Ruleset;
import clinic.triage.rules.RulesetDiff;
import clinic.triage.ruleset.ActiveRuleset;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import org.springframework.stereotype.Component;

/**
 * Replays every stored intake (the answers and age of its latest decision) through the ruleset in
 * use and through a candidate, and records that the replay was run: the candidate is bounded, then
 * validated, then compared, then audited. Nothing about any intake is stored or published.
 */
@Component
class Replays {

  /** The name a candidate's problems are reported under. */
  static final String CANDIDATE = "candidate.yaml";

  private final ActiveRuleset rules;
  private final DecisionRepository decisions;
  private final CandidateBounds bounds;
  private final ReplayAudit audit;
  private final Clock clock = Clock.systemUTC();

  Replays(
      ActiveRuleset rules,
      DecisionRepository decisions,
      CandidateBounds bounds,
      ReplayAudit audit) {
    this.rules = rules;
    this.decisions = decisions;
    this.bounds = bounds;
    this.audit = audit;
  }

  /**
   * @param candidate the candidate ruleset's YAML, as sent
   * @throws CandidateBounds.TooMuchWork if it is over a bound
   * @throws clinic.triage.rules.RulesetException if it does not validate
   */
  ReplaySummary replay(byte[] candidate, Actor by) {
    String yaml = new String(candidate, StandardCharsets.UTF_8);
    bounds.check(yaml);
    Ruleset parsed = Ruleset.parse(CANDIDATE, yaml);
    Map<String, Answers> stored = new LinkedHashMap<>();
    decisions
        .latestAnswers()
        .forEach((intakeId, answers) -> stored.put(intakeId.toString(), answers));
    ReplaySummary summary =
        ReplaySummary.of(RulesetDiff.compare(rules.current().ruleset(), parsed, stored));
    audit.append(
        new ReplayAudit.Entry(
            UUID.randomUUID(),
            clock.instant(),
            by,
            summary.current(),
            summary.candidate(),
            sha256(candidate),
            summary.replayed(),
            summary.changed(),
            summary.counts()));
    return summary;
  }

  private static String sha256(byte[] bytes) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every Java runtime has SHA-256", e);
    }
  }
}
