package clinic.triage.decision;

import clinic.triage.rules.Answers;
import clinic.triage.rules.Ruleset;
import clinic.triage.rules.RulesetDiff;
import clinic.triage.rules.RulesetException;
import clinic.triage.ruleset.TriageRuleset;
import java.net.URI;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * Trying the ruleset without touching any intake: a what-if decision for a set of answers, and the
 * review of a candidate ruleset against every stored intake. Neither stores nor publishes anything.
 */
@RestController
@RequestMapping("/api/triage")
class TriageApi {

  static final URI INVALID_RULESET = URI.create("urn:clinic:problem:invalid-ruleset");

  /** The name a candidate's problems are reported under. */
  static final String CANDIDATE = "candidate.yaml";

  private final TriageRuleset rules;
  private final DecisionRepository decisions;
  private final Clock clock = Clock.systemUTC();

  TriageApi(TriageRuleset rules, DecisionRepository decisions) {
    this.rules = rules;
    this.decisions = decisions;
  }

  /** The decision these answers would get now, in the shape of a stored one (ids null). */
  @PostMapping(path = "/evaluate", consumes = MediaType.APPLICATION_JSON_VALUE)
  Decision evaluate(@RequestBody EvaluateRequest request) {
    EvaluateRequest.Checked checked = request.validate();
    return Decision.whatIf(
        checked.ageYears(), checked.preferredLanguage(), checked.answers(), rules, clock.instant());
  }

  /**
   * @param replayed how many stored intakes were decided by both rulesets
   * @param changed the intakes whose decision would change, in the order they were first decided
   */
  record Replay(String current, String candidate, int replayed, List<Changed> changed) {

    /** One intake whose decision would change: one line per aspect, "aspect: before → after". */
    record Changed(UUID intakeId, List<String> differences) {}

    static Replay of(RulesetDiff diff) {
      return new Replay(
          diff.currentVersion(),
          diff.candidateVersion(),
          diff.compared(),
          diff.changes().stream()
              .map(c -> new Changed(UUID.fromString(c.label()), c.differences()))
              .toList());
    }
  }

  /**
   * Replays every stored intake (the answers and age of its latest decision) through the ruleset in
   * use and through the candidate in the body, and lists the decisions that would change.
   */
  @PostMapping(
      path = "/replay",
      consumes = {"application/yaml", "application/x-yaml", "text/yaml", "text/plain"},
      produces = MediaType.APPLICATION_JSON_VALUE)
  Replay replay(@RequestBody String candidate) {
    return Replay.of(diff(candidate));
  }

  /** The same review as readable text (what {@code Accept: text/plain} asks for). */
  @PostMapping(
      path = "/replay",
      consumes = {"application/yaml", "application/x-yaml", "text/yaml", "text/plain"},
      produces = MediaType.TEXT_PLAIN_VALUE)
  String replayText(@RequestBody String candidate) {
    return diff(candidate).render();
  }

  private RulesetDiff diff(String candidateYaml) {
    Ruleset candidate = Ruleset.parse(CANDIDATE, candidateYaml);
    Map<String, Answers> stored = new LinkedHashMap<>();
    decisions
        .latestAnswers()
        .forEach((intakeId, answers) -> stored.put(intakeId.toString(), answers));
    return RulesetDiff.compare(rules.ruleset(), candidate, stored);
  }

  /** A candidate that does not validate: every problem, each naming the rule. */
  @ExceptionHandler
  ProblemDetail invalidRuleset(RulesetException ex) {
    var problem =
        ProblemDetail.forStatusAndDetail(
            HttpStatus.UNPROCESSABLE_CONTENT,
            ex.problems().size() == 1
                ? "The candidate ruleset has 1 problem, see problems."
                : "The candidate ruleset has " + ex.problems().size() + " problems, see problems.");
    problem.setType(INVALID_RULESET);
    problem.setTitle("Invalid ruleset");
    problem.setProperty("problems", ex.problems());
    return problem;
  }
}
