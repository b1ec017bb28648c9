package clinic.triage.system;

import java.util.List;

/** A request that cannot be acted on as it stands; answered 400 with every offending field. */
public class InvalidRequest extends RuntimeException {

  private static final long serialVersionUID = 1L;

  private final transient List<FieldProblem> errors;

  public InvalidRequest(List<FieldProblem> errors) {
    super(errors.size() == 1 ? "1 field is invalid" : errors.size() + " fields are invalid");
    this.errors = List.copyOf(errors);
  }

  public List<FieldProblem> errors() {
    return errors;
  }
}
