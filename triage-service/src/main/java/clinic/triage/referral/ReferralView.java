package clinic.triage.referral;

import clinic.events.Escalation;
import clinic.events.Route;
import clinic.events.TriageDecided.RedFlag;
import clinic.events.Urgency;
import clinic.notifications.Delivery;
import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * A referral as the API and the dashboard show it. {@code route}, {@code secondaryRoutes} and
 * {@code urgency} are what goes ahead; the {@code proposed*} fields are triage's proposal from
 * decision {@code decisionVersion}. The escalation (what the red flags ask for first: emergency
 * assessment today or urgent specialist review, null without a red flag), red flags and missing
 * answers come from the latest decision. {@code queueUrgency} is what the queue sorts and filters
 * by: {@code urgency}, or the latest decision's urgency when the answers changed after a clinician
 * acted and it is more urgent. {@code needsReview} is set when something changed after a clinician
 * acted ({@code reviewReason} says what). {@code version} must be sent back with a change. Queue
 * entries leave out {@code transitions}. {@code notifications} (the deliveries to the receiving
 * team, with their attempts) is only filled in by {@code GET /api/referrals/{id}}. The patient's
 * education link is never here: it is the key to the patient's page, and no role of this service
 * gives it to the patient.
 */
public record ReferralView(
    UUID referralId,
    UUID intakeId,
    ReferralStatus status,
    Route route,
    List<Route> secondaryRoutes,
    Urgency urgency,
    Urgency queueUrgency,
    Route proposedRoute,
    List<Route> proposedSecondaryRoutes,
    Urgency proposedUrgency,
    UUID decisionId,
    int decisionVersion,
    int latestDecisionVersion,
    Escalation escalation,
    List<RedFlag> redFlags,
    boolean needsClinicianReview,
    List<String> missingAnswers,
    boolean needsReview,
    String reviewReason,
    Instant waitingSince,
    Instant updatedAt,
    int version,
    @JsonInclude(JsonInclude.Include.NON_NULL) List<Transition> transitions,
    @JsonInclude(JsonInclude.Include.NON_NULL) List<Delivery> notifications) {

  static ReferralView of(Referral r, List<Transition> transitions) {
    return new ReferralView(
        r.id(),
        r.intakeId(),
        r.status(),
        r.route(),
        r.secondaryRoutes(),
        r.urgency(),
        r.queueUrgency(),
        r.proposal().route(),
        r.proposal().secondaryRoutes(),
        r.proposal().urgency(),
        r.proposal().decisionId(),
        r.proposal().decisionVersion(),
        r.latest().decisionVersion(),
        r.latest().escalation(),
        r.latest().redFlags(),
        r.latest().needsClinicianReview(),
        r.latest().missingAnswers(),
        r.reviewReason() != null,
        r.reviewReason(),
        r.waitingSince(),
        r.updatedAt(),
        r.version(),
        transitions,
        null);
  }

  /** The same view with the referral's notifications and their delivery attempts. */
  ReferralView withNotifications(List<Delivery> deliveries) {
    return new ReferralView(
        referralId,
        intakeId,
        status,
        route,
        secondaryRoutes,
        urgency,
        queueUrgency,
        proposedRoute,
        proposedSecondaryRoutes,
        proposedUrgency,
        decisionId,
        decisionVersion,
        latestDecisionVersion,
        escalation,
        redFlags,
        needsClinicianReview,
        missingAnswers,
        needsReview,
        reviewReason,
        waitingSince,
        updatedAt,
        version,
        transitions,
        List.copyOf(deliveries));
  }

  static ReferralView inQueue(Referral r) {
    return of(r, null);
  }
}
