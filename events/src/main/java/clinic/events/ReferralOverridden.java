package clinic.events;

import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.UUID;

/**
 * A clinician changed triage's proposal (route, urgency or both) and said why. The referral goes
 * ahead on the clinician's route; the proposal it replaced is kept for the record.
 *
 * @param escalation what the decision's red flags ask for first, kept while the clinician's urgency
 *     is as urgent as the escalation; null when the clinician lowered the urgency below it, without
 *     a red flag, and in events published before escalations existed
 */
public record ReferralOverridden(
    UUID intakeId,
    UUID referralId,
    UUID transitionId,
    UUID decisionId,
    Route proposedRoute,
    Urgency proposedUrgency,
    Route route,
    List<Route> secondaryRoutes,
    Urgency urgency,
    Escalation escalation,
    Actor overriddenBy,
    String reason,
    Instant overriddenAt)
    implements ClinicEvent {

  public ReferralOverridden {
    Objects.requireNonNull(intakeId, "intakeId");
    Objects.requireNonNull(referralId, "referralId");
    Objects.requireNonNull(transitionId, "transitionId");
    Objects.requireNonNull(decisionId, "decisionId");
    Objects.requireNonNull(proposedRoute, "proposedRoute");
    Objects.requireNonNull(proposedUrgency, "proposedUrgency");
    Objects.requireNonNull(route, "route");
    secondaryRoutes = List.copyOf(secondaryRoutes);
    Objects.requireNonNull(urgency, "urgency");
    Objects.requireNonNull(overriddenBy, "overriddenBy");
    Objects.requireNonNull(reason, "reason");
    Objects.requireNonNull(overriddenAt, "overriddenAt");
  }

  /** An override without an escalation. */
  public ReferralOverridden(
      UUID intakeId,
      UUID referralId,
      UUID transitionId,
      UUID decisionId,
      Route proposedRoute,
      Urgency proposedUrgency,
      Route route,
      List<Route> secondaryRoutes,
      Urgency urgency,
      Actor overriddenBy,
      String reason,
      Instant overriddenAt) {
    this(
        intakeId,
        referralId,
        transitionId,
        decisionId,
        proposedRoute,
        proposedUrgency,
        route,
        secondaryRoutes,
        urgency,
        null,
        overriddenBy,
        reason,
        overriddenAt);
  }

  @Override
  public UUID eventId() {
    return transitionId;
  }

  @Override
  public Instant occurredAt() {
    return overriddenAt;
  }
}
