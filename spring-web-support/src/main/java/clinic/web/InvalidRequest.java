package clinic.web;

import java.util.List;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.ErrorResponseException;

/**
 * A request that cannot be acted on as it stands: a 400 problem with every offending field in
 * {@code errors}, rendered by Spring MVC's own {@link ErrorResponseException} handling.
 */
public class InvalidRequest extends ErrorResponseException {

  private static final long serialVersionUID = 1L;

  static final String TITLE = "Invalid request";

  private final transient List<FieldProblem> errors;

  public InvalidRequest(List<FieldProblem> errors) {
    this(errors, TITLE, detail(errors));
  }

  /** With a title and detail of the caller's own, such as ones in the request's language. */
  public InvalidRequest(List<FieldProblem> errors, String title, String detail) {
    super(HttpStatus.BAD_REQUEST, problem(HttpStatus.BAD_REQUEST, title, detail, errors), null);
    this.errors = List.copyOf(errors);
  }

  public List<FieldProblem> errors() {
    return errors;
  }

  /** "2 fields are invalid, see errors." */
  static String detail(List<FieldProblem> errors) {
    return errors.size() == 1
        ? "1 field is invalid, see errors."
        : errors.size() + " fields are invalid, see errors.";
  }

  static ProblemDetail problem(
      HttpStatus status, String title, String detail, List<FieldProblem> errors) {
    var problem = ProblemDetail.forStatusAndDetail(status, detail);
    problem.setTitle(title);
    problem.setProperty("errors", List.copyOf(errors));
    return problem;
  }
}
