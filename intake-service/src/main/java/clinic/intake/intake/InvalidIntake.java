package clinic.intake.intake;

import clinic.web.FieldProblem;
import clinic.web.InvalidRequest;
import java.util.List;

/**
 * Input that breaks the questionnaire's rules: a 400 problem listing every offending field, with a
 * title and detail in the request's language. The front-desk form catches it and shows the same
 * messages next to the fields.
 */
class InvalidIntake extends InvalidRequest {

  private static final long serialVersionUID = 1L;

  InvalidIntake(List<FieldProblem> errors, String title, String detail) {
    super(errors, title, detail);
  }
}
