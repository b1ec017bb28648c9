package clinic.triage.decision;

import io.swagger.v3.oas.annotations.responses.ApiResponse;
import java.util.List;
import java.util.UUID;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.ErrorResponseException;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

@RestController
@RequestMapping("/api/decisions")
class DecisionController {

  private final DecisionRepository decisions;

  DecisionController(DecisionRepository decisions) {
    this.decisions = decisions;
  }

  /** The latest decision for the intake (a re-triage adds a higher version). */
  @GetMapping("/{intakeId}")
  @ApiResponse(responseCode = "200", description = "The latest decision.")
  @ApiResponse(responseCode = "404", description = "No decision for this intake.")
  Decision latest(@PathVariable UUID intakeId) {
    return decisions.latestFor(intakeId).orElseThrow(() -> new NoDecision(intakeId));
  }

  /** Every decision version of the intake, oldest first: each re-triage adds one. */
  @GetMapping("/{intakeId}/history")
  @ApiResponse(responseCode = "200", description = "Every decision version, oldest first.")
  @ApiResponse(responseCode = "404", description = "No decision for this intake.")
  List<Decision> history(@PathVariable UUID intakeId) {
    List<Decision> history = decisions.historyFor(intakeId);
    if (history.isEmpty()) {
      throw new NoDecision(intakeId);
    }
    return history;
  }

  static class NoDecision extends ErrorResponseException {

    private static final long serialVersionUID = 1L;

    NoDecision(UUID intakeId) {
      super(HttpStatus.NOT_FOUND, problem(intakeId), null);
    }

    private static ProblemDetail problem(UUID intakeId) {
      var problem =
          ProblemDetail.forStatusAndDetail(
              HttpStatus.NOT_FOUND, "No triage decision for intake " + intakeId);
      problem.setTitle("Decision not found");
      problem.setProperty("intakeId", intakeId);
      return problem;
    }
  }
}
