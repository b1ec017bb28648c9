package clinic.triage.candidate;

import clinic.events.Actor;
import clinic.triage.decision.CandidateBounds;
import clinic.triage.ruleset.ActiveRuleset;
import clinic.triage.ruleset.RulesetVersions;
import clinic.triage.ruleset.RulesetVersions.AuditEntry;
import clinic.triage.ruleset.RulesetVersions.Version;
import clinic.web.FieldProblem;
import clinic.web.InvalidRequest;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import java.net.URI;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * The ruleset's versions for administrators: upload a candidate (validated, replayed over the
 * stored intakes and judged by the safety gate), publish one that passed, re-activate one that was
 * active before, and read every version with its report and every step's audit. The actor is always
 * the signed-in administrator.
 */
@RestController
@RequestMapping("/api/triage/rulesets")
class CandidateApi {

  static final URI REFUSED = URI.create("urn:clinic:problem:ruleset-step-refused");
  static final int MAX_REASON = 2000;
  static final int MAX_ACKNOWLEDGEMENTS = 500;

  private final Candidates candidates;
  private final RulesetVersions versions;
  private final ActiveRuleset active;

  CandidateApi(Candidates candidates, RulesetVersions versions, ActiveRuleset active) {
    this.candidates = candidates;
    this.versions = versions;
    this.active = active;
  }

  /**
   * @param ruleset the candidate ruleset's YAML
   * @param vignettes its own vignettes file (YAML), or null to be judged on the active version's
   * @param reason why it is proposed
   * @param acknowledgements the reviewer's reason for each finding it expects, by intake id or
   *     vignette name
   */
  record UploadRequest(
      String ruleset, String vignettes, String reason, List<Acknowledgement> acknowledgements) {}

  record Acknowledgement(String subject, String reason) {}

  record StepRequest(String reason) {}

  /** One version, as listed. */
  record VersionSummary(
      UUID id,
      String version,
      String status,
      boolean active,
      Instant uploadedAt,
      Actor uploadedBy,
      String reason,
      Instant firstActivatedAt) {
    static VersionSummary from(Version v, UUID activeId) {
      return new VersionSummary(
          v.id(),
          v.version(),
          v.status().name(),
          v.id().equals(activeId),
          v.uploadedAt(),
          v.uploadedBy(),
          v.reason(),
          v.firstActivatedAt());
    }
  }

  /** One version in full: its text, the gate's report (and as text) and every step. */
  record VersionView(
      VersionSummary summary,
      String location,
      Map<String, String> acknowledgements,
      GateReport report,
      String reportText,
      List<AuditEntry> audit,
      String yaml) {}

  @PostMapping(consumes = MediaType.APPLICATION_JSON_VALUE)
  @ApiResponse(
      responseCode = "201",
      description =
          "Stored with the safety gate's verdict: status PASSED (it may be published) or REFUSED"
              + " (report says which vignettes fail and which intakes lose what).")
  @ApiResponse(
      responseCode = "422",
      description = "The ruleset or the vignettes do not validate (each problem in problems).")
  @ApiResponse(
      responseCode = "409",
      description = "A version of that name is stored and was not refused.")
  ResponseEntity<VersionView> upload(@RequestBody UploadRequest request, Actor admin) {
    List<FieldProblem> errors = new ArrayList<>();
    if (request.ruleset() == null || request.ruleset().isBlank()) {
      errors.add(new FieldProblem("ruleset", "Give the candidate ruleset's YAML."));
    }
    if (request.vignettes() != null && request.vignettes().isBlank()) {
      errors.add(new FieldProblem("vignettes", "Leave it out, or give a vignettes file."));
    }
    reason(errors, "reason", request.reason());
    Map<String, String> reasons = new LinkedHashMap<>();
    List<Acknowledgement> acks =
        request.acknowledgements() == null ? List.of() : request.acknowledgements();
    if (acks.size() > MAX_ACKNOWLEDGEMENTS) {
      errors.add(
          new FieldProblem("acknowledgements", "At most " + MAX_ACKNOWLEDGEMENTS + " entries."));
    } else {
      for (int i = 0; i < acks.size(); i++) {
        Acknowledgement ack = acks.get(i);
        String field = "acknowledgements[" + i + "]";
        if (ack == null || ack.subject() == null || ack.subject().isBlank()) {
          errors.add(
              new FieldProblem(field + ".subject", "Name the intake (its id) or the vignette."));
          continue;
        }
        if (reason(errors, field + ".reason", ack.reason())) {
          reasons.put(ack.subject().strip(), ack.reason().strip());
        }
      }
    }
    if (!errors.isEmpty()) {
      throw new InvalidRequest(errors);
    }
    Version stored =
        candidates.upload(
            request.ruleset(), request.vignettes(), request.reason().strip(), reasons, admin);
    return ResponseEntity.created(URI.create("/api/triage/rulesets/" + stored.id()))
        .body(view(stored.id()));
  }

  @GetMapping
  List<VersionSummary> versions() {
    UUID activeId = active.currentId();
    return versions.all().stream().map(v -> VersionSummary.from(v, activeId)).toList();
  }

  /** Every step of every version, and uploads that did not validate: the latest 500. */
  @GetMapping("/audit")
  List<AuditEntry> audit() {
    return versions.audit(null);
  }

  @GetMapping("/{id}")
  VersionView version(@PathVariable UUID id) {
    return view(id);
  }

  @PostMapping(path = "/{id}/publish", consumes = MediaType.APPLICATION_JSON_VALUE)
  @ApiResponse(responseCode = "200", description = "Active on every instance.")
  @ApiResponse(
      responseCode = "409",
      description =
          "Refused (by the gate, now or at upload), active already, or was active before.")
  VersionView publish(@PathVariable UUID id, @RequestBody StepRequest request, Actor admin) {
    candidates.publish(id, checkedReason(request), admin);
    return view(id);
  }

  @PostMapping(path = "/{id}/reactivate", consumes = MediaType.APPLICATION_JSON_VALUE)
  @ApiResponse(responseCode = "200", description = "Active on every instance again.")
  @ApiResponse(responseCode = "409", description = "Active already, or never was.")
  VersionView reactivate(@PathVariable UUID id, @RequestBody StepRequest request, Actor admin) {
    candidates.reactivate(id, checkedReason(request), admin);
    return view(id);
  }

  private VersionView view(UUID id) {
    Version v = versions.find(id).orElseThrow(() -> new Candidates.NotFound(id));
    GateReport report = candidates.report(v);
    return new VersionView(
        VersionSummary.from(v, versions.active().orElseThrow().id()),
        v.location(),
        v.acknowledgements(),
        report,
        report == null ? null : report.render(),
        versions.audit(id),
        v.yaml());
  }

  private static String checkedReason(StepRequest request) {
    List<FieldProblem> errors = new ArrayList<>();
    reason(errors, "reason", request == null ? null : request.reason());
    if (!errors.isEmpty()) {
      throw new InvalidRequest(errors);
    }
    return request.reason().strip();
  }

  private static boolean reason(List<FieldProblem> errors, String field, String reason) {
    if (reason == null || reason.isBlank()) {
      errors.add(new FieldProblem(field, "Give a reason."));
      return false;
    }
    if (reason.length() > MAX_REASON) {
      errors.add(new FieldProblem(field, "At most " + MAX_REASON + " characters."));
      return false;
    }
    return true;
  }

  @ExceptionHandler
  ProblemDetail invalid(Candidates.Invalid ex) {
    var problem =
        ProblemDetail.forStatusAndDetail(
            HttpStatus.UNPROCESSABLE_CONTENT,
            "The candidate's "
                + ex.field
                + " has "
                + (ex.problems.size() == 1 ? "1 problem" : ex.problems.size() + " problems")
                + ", see problems.");
    problem.setType(CandidateBounds.INVALID_RULESET);
    problem.setTitle(ex.field.equals("ruleset") ? "Invalid ruleset" : "Invalid vignettes");
    problem.setProperty("problems", ex.problems);
    problem.setProperty(
        "errors", ex.problems.stream().map(p -> new FieldProblem(ex.field, p)).toList());
    return problem;
  }

  @ExceptionHandler
  ProblemDetail tooMuchWork(CandidateBounds.TooMuchWork ex) {
    var problem =
        ProblemDetail.forStatusAndDetail(HttpStatus.UNPROCESSABLE_CONTENT, ex.getMessage());
    problem.setType(CandidateBounds.CANDIDATE_TOO_LARGE);
    problem.setTitle("Candidate ruleset too large to validate");
    problem.setProperty("errors", List.of(new FieldProblem("ruleset", ex.getMessage())));
    return problem;
  }

  @ExceptionHandler
  ProblemDetail refused(Candidates.Refused ex) {
    var problem = ProblemDetail.forStatusAndDetail(HttpStatus.CONFLICT, ex.getMessage());
    problem.setType(REFUSED);
    problem.setTitle("Not done");
    if (ex.report != null) {
      problem.setProperty("report", ex.report);
      problem.setProperty("reportText", ex.report.render());
    }
    return problem;
  }

  @ExceptionHandler
  ProblemDetail notFound(Candidates.NotFound ex) {
    return ProblemDetail.forStatusAndDetail(HttpStatus.NOT_FOUND, ex.getMessage());
  }
}
