package clinic.intake.questionnaire;

import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.ErrorResponseException;

/** Rendered as a 404 problem by Spring MVC's own {@link ErrorResponseException} handling. */
class UnknownQuestionnaire extends ErrorResponseException {

  private static final long serialVersionUID = 1L;

  UnknownQuestionnaire(String version, String title, String detail) {
    super(HttpStatus.NOT_FOUND, problem(title, detail), null);
  }

  private static ProblemDetail problem(String title, String detail) {
    var problem = ProblemDetail.forStatusAndDetail(HttpStatus.NOT_FOUND, detail);
    problem.setTitle(title);
    return problem;
  }
}
