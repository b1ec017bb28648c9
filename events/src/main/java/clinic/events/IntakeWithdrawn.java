package clinic.events;

import java.time.Instant;
import java.util.Objects;
import java.util.UUID;

/**
 * An intake was withdrawn (entered by mistake, the patient left, a duplicate): whatever it started
 * stops. The reason is a code, never free text, so that nothing identifying can slip into it.
 */
public record IntakeWithdrawn(UUID intakeId, Reason reason, Actor withdrawnBy, Instant withdrawnAt)
    implements ClinicEvent {

  public IntakeWithdrawn {
    Objects.requireNonNull(intakeId, "intakeId");
    Objects.requireNonNull(reason, "reason");
    Objects.requireNonNull(withdrawnBy, "withdrawnBy");
    Objects.requireNonNull(withdrawnAt, "withdrawnAt");
  }

  public enum Reason {
    ENTERED_IN_ERROR,
    DUPLICATE,
    PATIENT_DECLINED,
    OTHER
  }

  /** An intake is withdrawn at most once, so the id is derived from the intake's. */
  @Override
  public UUID eventId() {
    return UUID.nameUUIDFromBytes(("withdrawn:" + intakeId).getBytes());
  }

  @Override
  public Instant occurredAt() {
    return withdrawnAt;
  }
}
