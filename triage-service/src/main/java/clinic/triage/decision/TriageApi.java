package clinic.triage.decision;

import clinic.events.Actor;
import clinic.triage.rules.RulesetException;
import clinic.web.FieldProblem;
import clinic.web.InvalidRequest;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import java.util.ArrayList;
import java.util.List;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * Trying the ruleset without touching any intake: a what-if decision for a set of answers, and the
 * review of a candidate ruleset against every stored intake. Neither changes a decision or
 * publishes anything; each replay is recorded in the replay audit.
 */
@RestController
@RequestMapping("/api/triage")
class TriageApi {

  /** The audit is read a page at a time; these bound a page. */
  static final int MAX_PAGE_SIZE = 100;

  static final int MAX_PAGE = 100_000;

  private final WhatIf whatIf;
  private final Replays replays;
  private final ReplayAudit audit;

  TriageApi(WhatIf whatIf, Replays replays, ReplayAudit audit) {
    this.whatIf = whatIf;
    this.replays = replays;
    this.audit = audit;
  }

  /** The decision these answers would get now, in the shape of a stored one (ids null). */
  @PostMapping(path = "/evaluate", consumes = MediaType.APPLICATION_JSON_VALUE)
  Decision evaluate(@RequestBody EvaluateRequest request) {
    return whatIf.decide(request);
  }

  /**
   * Replays every stored intake through the ruleset in use and through the candidate in the body,
   * and answers how many decisions would change, by kind of change, and which intakes. Audited.
   */
  @PostMapping(
      path = "/replay",
      consumes = {"application/yaml", "application/x-yaml", "text/yaml", "text/plain"},
      produces = MediaType.APPLICATION_JSON_VALUE)
  @ApiResponse(
      responseCode = "200",
      description = "How many decisions would change, and how; audited.")
  @ApiResponse(
      responseCode = "422",
      description =
          "The candidate does not validate (invalid-ruleset, each rule's problem in problems) or"
              + " is too large to validate (candidate-ruleset-too-large).")
  @ApiResponse(responseCode = "415", description = "The body is not YAML or text.")
  ReplaySummary replay(@RequestBody byte[] candidate, Actor admin) {
    return replays.replay(candidate, admin);
  }

  /** The same summary as readable text (what {@code Accept: text/plain} asks for). */
  @PostMapping(
      path = "/replay",
      consumes = {"application/yaml", "application/x-yaml", "text/yaml", "text/plain"},
      produces = MediaType.TEXT_PLAIN_VALUE)
  String replayText(@RequestBody byte[] candidate, Actor admin) {
    return replays.replay(candidate, admin).render();
  }

  /** The replays run so far, newest first. */
  @GetMapping("/replays")
  ReplayAudit.Page replays(
      @RequestParam(defaultValue = "0") int page, @RequestParam(defaultValue = "20") int size) {
    List<FieldProblem> errors = new ArrayList<>();
    if (page < 0 || page > MAX_PAGE) {
      errors.add(new FieldProblem("page", "must be between 0 and " + MAX_PAGE));
    }
    if (size < 1 || size > MAX_PAGE_SIZE) {
      errors.add(new FieldProblem("size", "must be between 1 and " + MAX_PAGE_SIZE));
    }
    if (!errors.isEmpty()) {
      throw new InvalidRequest(errors);
    }
    return audit.page(page, size);
  }

  /** A candidate over a bound of validation work: why, before any of that work is done. */
  @ExceptionHandler
  ProblemDetail tooMuchWork(CandidateBounds.TooMuchWork ex) {
    var problem =
        ProblemDetail.forStatusAndDetail(HttpStatus.UNPROCESSABLE_CONTENT, ex.getMessage());
    problem.setType(CandidateBounds.CANDIDATE_TOO_LARGE);
    problem.setTitle("Candidate ruleset too large to validate");
    return problem;
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
    problem.setType(CandidateBounds.INVALID_RULESET);
    problem.setTitle("Invalid ruleset");
    problem.setProperty("problems", ex.problems());
    return problem;
  }
}
