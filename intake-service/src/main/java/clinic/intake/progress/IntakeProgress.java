package clinic.intake.progress;

import clinic.events.ClinicEvent;
import clinic.events.EducationAssigned;
import clinic.events.Escalation;
import clinic.events.ReferralConfirmed;
import clinic.events.ReferralOverridden;
import clinic.events.ReferralStatusChanged;
import clinic.events.Route;
import clinic.events.TriageDecided;
import clinic.events.Urgency;
import java.time.Instant;
import java.util.Comparator;
import java.util.UUID;

/**
 * How far an intake has come, learnt from the other services' events. Events from the two topics
 * can arrive in any order and more than once, so each change only moves forward: the status is
 * derived from what is known, and an older decision or packet never replaces a newer one.
 *
 * @param triage the latest triage decision, null until one arrives
 * @param education the latest education packet, null until one arrives
 * @param referral the referral as the clinician confirmed or overrode it, null until then
 */
public record IntakeProgress(Triage triage, Education education, Referral referral) {

  IntakeProgress(Triage triage, Education education) {
    this(triage, education, null);
  }

  public enum Status {
    SUBMITTED,
    TRIAGED,
    EDUCATION_ASSIGNED,
    /**
     * Set by the intake feature when the intake is withdrawn, never derived from events: progress
     * events that arrive later are recorded but leave a withdrawn intake withdrawn.
     */
    WITHDRAWN
  }

  /**
   * Triage's proposal.
   *
   * @param escalation what its red flags ask for first, null without one
   */
  public record Triage(
      UUID decisionId,
      int decisionVersion,
      Route route,
      Urgency urgency,
      Escalation escalation,
      Instant decidedAt) {

    static Triage from(TriageDecided event) {
      return new Triage(
          event.decisionId(),
          event.decisionVersion(),
          event.route(),
          event.urgency(),
          event.escalation(),
          event.decidedAt());
    }
  }

  /**
   * What the red flags ask for first, as it stands: the clinician's once the referral is confirmed
   * or overridden, triage's proposal before that; null without one.
   */
  public Escalation escalation() {
    if (referral != null) {
      return referral.escalation();
    }
    return triage == null ? null : triage.escalation();
  }

  public record Education(
      UUID packetId, int packetVersion, UUID decisionId, String packetUrl, Instant assignedAt) {

    /** A re-assembled packet has a higher version; the assignment time breaks a tie. */
    static final Comparator<Education> RECENCY =
        Comparator.comparingInt(Education::packetVersion).thenComparing(Education::assignedAt);

    static Education from(EducationAssigned event) {
      return new Education(
          event.packetId(),
          event.packetVersion(),
          event.decisionId(),
          event.packetUrl(),
          event.assignedAt());
    }
  }

  /**
   * The route and urgency the clinician settled on, and how far the referral has gone since.
   *
   * @param escalation what the referral's red flags ask for first (emergency assessment today,
   *     urgent specialist review), null without one
   * @param overridden true when the clinician changed triage's proposal
   * @param decidedAt when it was confirmed or overridden; a later decision replaces an earlier one
   */
  public record Referral(
      UUID referralId,
      Route route,
      Urgency urgency,
      Escalation escalation,
      boolean overridden,
      Instant decidedAt,
      Status status) {

    public enum Status {
      CONFIRMED,
      SENT,
      ACCEPTED,
      DECLINED,
      CANCELLED
    }

    static Referral from(ReferralConfirmed event) {
      return new Referral(
          event.referralId(),
          event.route(),
          event.urgency(),
          event.escalation(),
          false,
          event.confirmedAt(),
          Status.CONFIRMED);
    }

    static Referral from(ReferralOverridden event) {
      return new Referral(
          event.referralId(),
          event.route(),
          event.urgency(),
          event.escalation(),
          true,
          event.overriddenAt(),
          Status.CONFIRMED);
    }
  }

  static IntakeProgress submitted() {
    return new IntakeProgress(null, null);
  }

  /**
   * A packet can only exist once triage decided, so it counts as the furthest step even when it
   * overtook its decision on the way here.
   */
  public Status status() {
    if (education != null) {
      return Status.EDUCATION_ASSIGNED;
    }
    return triage != null ? Status.TRIAGED : Status.SUBMITTED;
  }

  /** Whether the event is one of those that move an intake's progress. */
  static boolean follows(ClinicEvent event) {
    return event instanceof TriageDecided
        || event instanceof EducationAssigned
        || event instanceof ReferralConfirmed
        || event instanceof ReferralOverridden
        || event instanceof ReferralStatusChanged;
  }

  /** The progress after the event: this one itself when the event brings nothing newer. */
  IntakeProgress after(ClinicEvent event) {
    return switch (event) {
      case TriageDecided decided -> afterTriage(decided);
      case EducationAssigned assigned -> afterEducation(assigned);
      case ReferralConfirmed confirmed -> afterReferral(Referral.from(confirmed));
      case ReferralOverridden overridden -> afterReferral(Referral.from(overridden));
      case ReferralStatusChanged changed -> afterReferralStatus(changed);
      default -> throw new IllegalArgumentException("Not a progress event: " + event.getClass());
    };
  }

  IntakeProgress afterTriage(TriageDecided event) {
    if (triage != null && triage.decisionVersion() >= event.decisionVersion()) {
      return this;
    }
    return new IntakeProgress(Triage.from(event), education, referral);
  }

  IntakeProgress afterEducation(EducationAssigned event) {
    var packet = Education.from(event);
    if (education != null && Education.RECENCY.compare(education, packet) >= 0) {
      return this;
    }
    return new IntakeProgress(triage, packet, referral);
  }

  /** A confirmation or override replaces the referral only if it was decided later. */
  IntakeProgress afterReferral(Referral decided) {
    if (referral != null && !decided.decidedAt().isAfter(referral.decidedAt())) {
      return this;
    }
    return new IntakeProgress(triage, education, decided);
  }

  /** The referral moved on (sent, accepted, ...); a change to another referral is ignored. */
  IntakeProgress afterReferralStatus(ReferralStatusChanged event) {
    if (referral == null || !referral.referralId().equals(event.referralId())) {
      return this;
    }
    var status = Referral.Status.valueOf(event.status().name());
    if (status == referral.status()) {
      return this;
    }
    return new IntakeProgress(
        triage,
        education,
        new Referral(
            referral.referralId(),
            referral.route(),
            referral.urgency(),
            referral.escalation(),
            referral.overridden(),
            referral.decidedAt(),
            status));
  }
}
