package clinic.events;

import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.UUID;

/**
 * A clinician accepted triage's proposal as it stood: the referral goes ahead on that route.
 *
 * @param escalation what the decision's red flags ask for first, null without one (and in events
 *     published before escalations existed)
 */
public record ReferralConfirmed(
    UUID intakeId,
    UUID referralId,
    UUID transitionId,
    UUID decisionId,
    Route route,
    List<Route> secondaryRoutes,
    Urgency urgency,
    Escalation escalation,
    Actor confirmedBy,
    Instant confirmedAt)
    implements ClinicEvent {

  public ReferralConfirmed {
    Objects.requireNonNull(intakeId, "intakeId");
    Objects.requireNonNull(referralId, "referralId");
    Objects.requireNonNull(transitionId, "transitionId");
    Objects.requireNonNull(decisionId, "decisionId");
    Objects.requireNonNull(route, "route");
    secondaryRoutes = List.copyOf(secondaryRoutes);
    Objects.requireNonNull(urgency, "urgency");
    Objects.requireNonNull(confirmedBy, "confirmedBy");
    Objects.requireNonNull(confirmedAt, "confirmedAt");
  }

  /** A confirmation without an escalation. */
  public ReferralConfirmed(
      UUID intakeId,
      UUID referralId,
      UUID transitionId,
      UUID decisionId,
      Route route,
      List<Route> secondaryRoutes,
      Urgency urgency,
      Actor confirmedBy,
      Instant confirmedAt) {
    this(
        intakeId,
        referralId,
        transitionId,
        decisionId,
        route,
        secondaryRoutes,
        urgency,
        null,
        confirmedBy,
        confirmedAt);
  }

  @Override
  public UUID eventId() {
    return transitionId;
  }

  @Override
  public Instant occurredAt() {
    return confirmedAt;
  }
}
