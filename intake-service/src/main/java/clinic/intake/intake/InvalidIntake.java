package clinic.intake.intake;

import clinic.intake.system.FieldProblem;
import java.util.List;
import java.util.Map;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.ErrorResponseException;

/**
 * Input that breaks the questionnaire's rules: a 400 problem listing every offending field. The
 * front-desk form catches it and shows the same messages next to the fields.
 */
class InvalidIntake extends ErrorResponseException {

  private static final long serialVersionUID = 1L;

  private final transient List<FieldProblem> errors;

  InvalidIntake(List<FieldProblem> errors, String title, String detail) {
    super(HttpStatus.BAD_REQUEST, problem(errors, title, detail), null);
    this.errors = List.copyOf(errors);
  }

  List<FieldProblem> errors() {
    return errors;
  }

  private static ProblemDetail problem(List<FieldProblem> errors, String title, String detail) {
    var problem = ProblemDetail.forStatusAndDetail(HttpStatus.BAD_REQUEST, detail);
    problem.setTitle(title);
    problem.setProperties(Map.of("errors", errors));
    return problem;
  }
}
