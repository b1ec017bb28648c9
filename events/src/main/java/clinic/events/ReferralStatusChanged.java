package clinic.events;

import java.time.Instant;
import java.util.Objects;
import java.util.UUID;

/**
 * A referral moved on after the clinician's decision: it was sent to the receiving team, the team
 * accepted or declined it, or it was cancelled (e.g. the intake was withdrawn). One record for
 * these because they carry the same facts; confirmation and override have their own records.
 *
 * @param by who made the change: a clinician, a receiving team, or {@code system}
 * @param reason why, where the change needs one (declined, cancelled); null otherwise
 */
public record ReferralStatusChanged(
    UUID intakeId,
    UUID referralId,
    UUID transitionId,
    Status status,
    Route route,
    Urgency urgency,
    Actor by,
    String reason,
    Instant changedAt)
    implements ClinicEvent {

  public ReferralStatusChanged {
    Objects.requireNonNull(intakeId, "intakeId");
    Objects.requireNonNull(referralId, "referralId");
    Objects.requireNonNull(transitionId, "transitionId");
    Objects.requireNonNull(status, "status");
    Objects.requireNonNull(route, "route");
    Objects.requireNonNull(urgency, "urgency");
    Objects.requireNonNull(by, "by");
    Objects.requireNonNull(changedAt, "changedAt");
  }

  public enum Status {
    SENT,
    ACCEPTED,
    DECLINED,
    CANCELLED
  }

  @Override
  public UUID eventId() {
    return transitionId;
  }

  @Override
  public Instant occurredAt() {
    return changedAt;
  }
}
