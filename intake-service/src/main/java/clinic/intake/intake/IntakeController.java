package clinic.intake.intake;

import clinic.events.Actor;
import clinic.intake.nextstep.PatientNextStep;
import clinic.intake.progress.ContentLinks;
import clinic.intake.progress.IntakeProgress;
import clinic.intake.progress.ProgressRepository;
import clinic.intake.questionnaire.QuestionnaireStore;
import clinic.intake.reads.ReadLog;
import clinic.intake.reads.ReadView;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import jakarta.servlet.http.HttpServletRequest;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.Authentication;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.servlet.support.ServletUriComponentsBuilder;
import tools.jackson.databind.node.ObjectNode;

/**
 * The intake API. Bodies are read as JSON trees, not bound to classes, so that {@link
 * IntakeValidator} sees everything that was sent and reports every offending field at once. Who
 * makes a change ({@link Actor}) is the signed-in user, never a field of the body.
 */
@RestController
@RequestMapping("/api/intakes")
class IntakeController {

  static final String IDEMPOTENCY_KEY = "Idempotency-Key";

  private final IntakeValidator validator;
  private final IntakeSubmission submission;
  private final IntakeRepository intakes;
  private final ProgressRepository progress;
  private final QuestionnaireStore questionnaires;
  private final PatientNextStep nextStep;
  private final ReadLog reads;
  private final ContentLinks links;

  IntakeController(
      IntakeValidator validator,
      IntakeSubmission submission,
      IntakeRepository intakes,
      ProgressRepository progress,
      QuestionnaireStore questionnaires,
      PatientNextStep nextStep,
      ReadLog reads,
      ContentLinks links) {
    this.validator = validator;
    this.submission = submission;
    this.intakes = intakes;
    this.progress = progress;
    this.questionnaires = questionnaires;
    this.nextStep = nextStep;
    this.reads = reads;
    this.links = links;
  }

  /** 201 for a new intake; 200 with the same body when the idempotency key had created it. */
  @PostMapping
  @io.swagger.v3.oas.annotations.parameters.RequestBody(
      content = @Content(schema = @Schema(ref = RequestSchemas.SUBMISSION)))
  @ApiResponse(responseCode = "201", description = "Submitted; Location names the new intake.")
  @ApiResponse(
      responseCode = "200",
      description = "This Idempotency-Key already submitted these answers: that intake again.")
  @ApiResponse(
      responseCode = "422",
      description = "This Idempotency-Key already submitted other answers.")
  ResponseEntity<IntakeView.Submitted> submit(
      @RequestBody ObjectNode body,
      @RequestHeader(name = IDEMPOTENCY_KEY, required = false) String idempotencyKey,
      Locale locale,
      Actor by) {
    var questionnaire = questionnaires.current();
    var valid = validator.submission(questionnaire, body, idempotencyKey, locale);
    var outcome = submission.submit(valid, questionnaire.version(), idempotencyKey, by);
    var intake = outcome.intake();
    var location =
        ServletUriComponentsBuilder.fromCurrentRequest()
            .path("/{id}")
            .buildAndExpand(intake.id())
            .toUri();
    var answer = new IntakeView.Submitted(intake.id(), intake.reference(), status(intake));
    if (outcome.created()) {
      return ResponseEntity.created(location).body(answer);
    }
    return ResponseEntity.ok()
        .location(location)
        .header("Idempotent-Replayed", "true")
        .body(answer);
  }

  /**
   * Identity, contact details and answers: recorded in the audit of reads before it is served. The
   * education link only for those who give it to the patient ({@link ContentLinks#shownTo}).
   */
  @GetMapping("/{id}")
  @ApiResponse(responseCode = "200", description = "The intake; this read is recorded.")
  @ApiResponse(responseCode = "404", description = "No such intake.")
  IntakeView show(
      @PathVariable UUID id, Actor by, Authentication viewer, HttpServletRequest request) {
    var intake = intakes.find(id).orElseThrow(() -> new IntakeNotFound(id));
    reads.record(by, ReadView.API_INTAKE, List.of(id), request);
    return IntakeView.from(
        intake,
        intakes.amendments(id),
        links.shownTo(progressOf(id), viewer),
        nextStep.forIntake(id));
  }

  @GetMapping("/{id}/progress")
  @ApiResponse(responseCode = "200", description = "Where the intake is.")
  @ApiResponse(responseCode = "404", description = "No such intake.")
  IntakeView.Progress progress(@PathVariable UUID id, Authentication viewer) {
    var intake = intakes.find(id).orElseThrow(() -> new IntakeNotFound(id));
    return IntakeView.Progress.from(intake, links.shownTo(progressOf(id), viewer));
  }

  /**
   * The whole corrected set of answers, {@code {"answers": {...}}}, validated like a submission,
   * and optionally why ({@code "reason"}: a code, kept in the intake's history).
   */
  @PutMapping("/{id}/answers")
  @ApiResponse(responseCode = "200", description = "Amended; triage decides it again.")
  @io.swagger.v3.oas.annotations.parameters.RequestBody(
      content = @Content(schema = @Schema(ref = RequestSchemas.AMENDMENT)))
  @ApiResponse(responseCode = "404", description = "No such intake.")
  @ApiResponse(responseCode = "409", description = "The intake was withdrawn.")
  IntakeView.Amended amend(
      @PathVariable UUID id, @RequestBody ObjectNode body, Locale locale, Actor by) {
    var questionnaire = questionnaires.current();
    var correction = validator.amendment(questionnaire, body, false, locale);
    var intake = submission.amend(id, correction, questionnaire.version(), by);
    return new IntakeView.Amended(intake.id(), intake.amendment(), status(intake));
  }

  /** {@code {"reason": "DUPLICATE"}}: final; the intake takes no amendment afterwards. */
  @PostMapping("/{id}/withdrawal")
  @ApiResponse(responseCode = "200", description = "Withdrawn.")
  @io.swagger.v3.oas.annotations.parameters.RequestBody(
      content = @Content(schema = @Schema(ref = RequestSchemas.WITHDRAWAL)))
  @ApiResponse(responseCode = "404", description = "No such intake.")
  @ApiResponse(responseCode = "409", description = "The intake was already withdrawn.")
  IntakeView.Withdrawn withdraw(
      @PathVariable UUID id, @RequestBody ObjectNode body, Locale locale, Actor by) {
    var reason = validator.withdrawal(questionnaires.current(), body, locale);
    var intake = submission.withdraw(id, reason, by);
    return new IntakeView.Withdrawn(
        intake.id(),
        IntakeProgress.Status.WITHDRAWN,
        intake.withdrawal().reason(),
        intake.withdrawal().withdrawnAt());
  }

  private IntakeProgress.Status status(Intake intake) {
    return IntakeView.status(intake, progressOf(intake.id()));
  }

  private IntakeProgress progressOf(UUID id) {
    return progress.find(id).orElseThrow(() -> new IntakeNotFound(id));
  }
}
