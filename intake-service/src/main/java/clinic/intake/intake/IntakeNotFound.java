package clinic.intake.intake;

import java.util.UUID;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.ErrorResponseException;

/** Rendered as a 404 problem by Spring MVC's own {@link ErrorResponseException} handling. */
class IntakeNotFound extends ErrorResponseException {

  IntakeNotFound(UUID id) {
    super(HttpStatus.NOT_FOUND, problem(id), null);
  }

  private static ProblemDetail problem(UUID id) {
    var problem = ProblemDetail.forStatusAndDetail(HttpStatus.NOT_FOUND, "No intake " + id);
    problem.setTitle("Intake not found");
    return problem;
  }
}
