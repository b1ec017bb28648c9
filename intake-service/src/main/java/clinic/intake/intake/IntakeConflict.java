package clinic.intake.intake;

import java.util.UUID;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.ErrorResponseException;

/**
 * A request that is well-formed but cannot apply to the intake as it is now. Title and detail come
 * from the message bundles ({@code problem.<code>.title}, {@code problem.<code>.detail}) in the
 * request's language, through Spring MVC's own {@link ErrorResponseException} handling.
 */
class IntakeConflict extends ErrorResponseException {

  private static final long serialVersionUID = 1L;

  private final String titleCode;
  private final UUID intakeId;

  private IntakeConflict(HttpStatus status, String code, UUID intakeId) {
    super(status, problem(status, intakeId), null, "problem." + code + ".detail", null);
    this.titleCode = "problem." + code + ".title";
    this.intakeId = intakeId;
  }

  /** 409: a withdrawn intake is final. */
  static IntakeConflict withdrawn(UUID intakeId) {
    return new IntakeConflict(HttpStatus.CONFLICT, "withdrawn", intakeId);
  }

  /**
   * 422: the Idempotency-Key already created an intake from other answers (draft-ietf-httpapi-
   * idempotency-key-header: "Unprocessable Content" for a key reused with another payload).
   */
  static IntakeConflict keyReused(UUID earlierIntake) {
    return new IntakeConflict(HttpStatus.UNPROCESSABLE_CONTENT, "keyReused", earlierIntake);
  }

  UUID intakeId() {
    return intakeId;
  }

  @Override
  public String getTitleMessageCode() {
    return titleCode;
  }

  private static ProblemDetail problem(HttpStatus status, UUID intakeId) {
    var problem = ProblemDetail.forStatus(status);
    problem.setProperty("intakeId", intakeId);
    return problem;
  }
}
