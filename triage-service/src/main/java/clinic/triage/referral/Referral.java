package clinic.triage.referral;

import clinic.events.Actor;
import clinic.events.ClinicEvent;
import clinic.events.Escalation;
import clinic.events.IntakeWithdrawn;
import clinic.events.ReferralConfirmed;
import clinic.events.ReferralOverridden;
import clinic.events.ReferralStatusChanged;
import clinic.events.Route;
import clinic.events.TriageDecided;
import clinic.events.TriageDecided.RedFlag;
import clinic.events.Urgency;
import clinic.web.FieldProblem;
import clinic.web.InvalidRequest;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.UUID;

/**
 * The referral of one intake and its lifecycle. Triage proposes it; a clinician confirms or
 * overrides the proposal; it is sent to the receiving team, which accepts or declines it; an open
 * referral can be cancelled. Each method checks that its change is allowed from the current status
 * and refuses it with {@link TransitionRefused} otherwise. Every change adds one {@link Transition}
 * (the audit trail) and raises the version by one; a change a receiving system must hear of also
 * registers its event. The caller stores the referral, the new transitions and the events in one
 * transaction.
 */
final class Referral {

  /** Who acts for triage's own proposals and re-proposals. */
  static final Actor TRIAGE = Actor.system("triage");

  /** Who acts when the change comes from another service's event (an intake withdrawn). */
  static final Actor SYSTEM = Actor.system("system");

  /** The longest name and reason the event contracts accept. */
  static final int MAX_NAME = 200;

  static final int MAX_REASON = 2000;

  /** What triage proposed: a route with its secondary routes and an urgency, from one decision. */
  record Proposal(
      UUID decisionId,
      int decisionVersion,
      Route route,
      List<Route> secondaryRoutes,
      Urgency urgency) {

    Proposal {
      secondaryRoutes = List.copyOf(secondaryRoutes);
    }

    static Proposal from(TriageDecided decided) {
      return new Proposal(
          decided.decisionId(),
          decided.decisionVersion(),
          decided.route(),
          decided.secondaryRoutes(),
          decided.urgency());
    }
  }

  /**
   * What the latest decision found, whatever the status: red flags in amended answers must show
   * even on a referral that was confirmed before.
   *
   * @param escalation what the red flags ask for first (shown before the route), null without one
   */
  record Triaged(
      UUID decisionId,
      int decisionVersion,
      Urgency urgency,
      Escalation escalation,
      List<RedFlag> redFlags,
      boolean needsClinicianReview,
      List<String> missingAnswers) {

    Triaged {
      redFlags = List.copyOf(redFlags);
      missingAnswers = List.copyOf(missingAnswers);
    }

    static Triaged from(TriageDecided decided) {
      return new Triaged(
          decided.decisionId(),
          decided.decisionVersion(),
          decided.urgency(),
          decided.escalation(),
          decided.redFlags(),
          decided.needsClinicianReview(),
          decided.missingAnswers());
    }
  }

  private final UUID id;
  private final UUID intakeId;
  private ReferralStatus status;
  private Proposal proposal;
  private Route route;
  private List<Route> secondaryRoutes;
  private Urgency urgency;
  private Triaged latest;
  private String reviewReason;
  private final Instant waitingSince;
  private Instant updatedAt;
  private int version;
  private final int storedVersion;
  private final List<Transition> newTransitions = new ArrayList<>();
  private final List<ClinicEvent> newEvents = new ArrayList<>();

  /** A referral as stored; {@code version} is the stored version. */
  Referral(
      UUID id,
      UUID intakeId,
      ReferralStatus status,
      Proposal proposal,
      Route route,
      List<Route> secondaryRoutes,
      Urgency urgency,
      Triaged latest,
      String reviewReason,
      Instant waitingSince,
      Instant updatedAt,
      int version) {
    this.id = Objects.requireNonNull(id);
    this.intakeId = Objects.requireNonNull(intakeId);
    this.status = Objects.requireNonNull(status);
    this.proposal = Objects.requireNonNull(proposal);
    this.route = Objects.requireNonNull(route);
    this.secondaryRoutes = List.copyOf(secondaryRoutes);
    this.urgency = Objects.requireNonNull(urgency);
    this.latest = Objects.requireNonNull(latest);
    this.reviewReason = reviewReason;
    this.waitingSince = Objects.requireNonNull(waitingSince);
    this.updatedAt = Objects.requireNonNull(updatedAt);
    this.version = version;
    this.storedVersion = version;
  }

  /** One referral per intake, so its id is derived from the intake's. */
  static UUID idFor(UUID intakeId) {
    return UUID.nameUUIDFromBytes(("referral/" + intakeId).getBytes(StandardCharsets.UTF_8));
  }

  /** The referral triage proposes with an intake's first decision; it waits from then on. */
  static Referral propose(TriageDecided decided) {
    Proposal proposal = Proposal.from(decided);
    Referral referral =
        new Referral(
            idFor(decided.intakeId()),
            decided.intakeId(),
            ReferralStatus.PROPOSED,
            proposal,
            proposal.route(),
            proposal.secondaryRoutes(),
            proposal.urgency(),
            Triaged.from(decided),
            null,
            decided.decidedAt(),
            decided.decidedAt(),
            0);
    referral.record(
        null,
        TRIAGE,
        "Proposed by triage decision v" + decided.decisionVersion(),
        proposal.decisionVersion(),
        decided.decidedAt());
    return referral;
  }

  /**
   * A new decision after the answers were amended. A proposal nobody has acted on yet is replaced
   * by the new one; a referral a clinician already stands behind keeps its route and urgency and is
   * flagged for review instead, because silently changing it would undo a person's decision. A
   * decision not newer than the one already seen changes nothing.
   *
   * @return whether the referral changed
   */
  boolean retriage(TriageDecided decided) {
    if (decided.decisionVersion() <= latest.decisionVersion()) {
      return false;
    }
    latest = Triaged.from(decided);
    String proposes =
        "decision v"
            + decided.decisionVersion()
            + " proposes "
            + words(decided.route())
            + ", "
            + words(decided.urgency());
    switch (status) {
      case PROPOSED -> {
        proposal = Proposal.from(decided);
        route = proposal.route();
        secondaryRoutes = proposal.secondaryRoutes();
        urgency = proposal.urgency();
        record(
            status,
            TRIAGE,
            "Re-triaged after the answers changed: " + proposes,
            proposal.decisionVersion(),
            decided.decidedAt());
      }
      case CONFIRMED, SENT, ACCEPTED ->
          flag("Answers changed after confirmation: " + proposes, decided);
      case OVERRIDDEN -> flag("Answers changed after the override: " + proposes, decided);
      case DECLINED, CANCELLED ->
          record(
              status,
              TRIAGE,
              "Answers changed after the referral was " + status.adjective() + ": " + proposes,
              decided.decisionVersion(),
              decided.decidedAt());
    }
    return true;
  }

  private void flag(String reason, TriageDecided decided) {
    reviewReason = reason;
    record(status, TRIAGE, reason, decided.decisionVersion(), decided.decidedAt());
  }

  /** A clinician accepts triage's proposal as it stands. */
  void confirm(Actor by, Instant at) {
    allowedFrom("confirmed", ReferralStatus.PROPOSED);
    by = checked(by);
    ReferralStatus from = status;
    status = ReferralStatus.CONFIRMED;
    Transition transition = record(from, by, null, proposal.decisionVersion(), at);
    newEvents.add(
        new ReferralConfirmed(
            intakeId,
            id,
            transition.transitionId(),
            proposal.decisionId(),
            route,
            secondaryRoutes,
            urgency,
            escalationKept(),
            by,
            at));
  }

  /**
   * A clinician changes the proposal's route, urgency or both, and says why. A null route or
   * urgency keeps the proposal's. The proposal's other routes stay as secondary routes.
   *
   * @throws InvalidRequest if neither differs from the proposal: that is a confirmation
   */
  void override(Actor by, Route newRoute, Urgency newUrgency, String reason, Instant at) {
    allowedFrom("overridden", ReferralStatus.PROPOSED);
    by = checked(by);
    reason = reason(reason);
    Route chosenRoute = newRoute == null ? proposal.route() : newRoute;
    Urgency chosenUrgency = newUrgency == null ? proposal.urgency() : newUrgency;
    if (chosenRoute == proposal.route() && chosenUrgency == proposal.urgency()) {
      String message =
          "Choose a route or an urgency different from the proposal, or confirm it instead";
      throw new InvalidRequest(
          List.of(new FieldProblem("route", message), new FieldProblem("urgency", message)));
    }
    List<Route> others = new ArrayList<>(proposal.secondaryRoutes());
    others.remove(chosenRoute);
    ReferralStatus from = status;
    status = ReferralStatus.OVERRIDDEN;
    route = chosenRoute;
    urgency = chosenUrgency;
    secondaryRoutes = List.copyOf(others);
    Transition transition = record(from, by, reason, proposal.decisionVersion(), at);
    newEvents.add(
        new ReferralOverridden(
            intakeId,
            id,
            transition.transitionId(),
            proposal.decisionId(),
            proposal.route(),
            proposal.urgency(),
            route,
            secondaryRoutes,
            urgency,
            escalationKept(),
            by,
            reason,
            at));
  }

  /**
   * A clinician has looked at what changed after a clinician acted (the review flag) and records
   * what they make of it; the flag goes, the status stays. Refused when there is no flag.
   */
  void acknowledgeReview(Actor by, String note, Instant at) {
    if (reviewReason == null) {
      throw new TransitionRefused(id, status, "acknowledged (it needs no review)");
    }
    by = checked(by);
    // The flag's own text is in the trail already, in the entry that raised it.
    String reason = "Review acknowledged: " + reason(note);
    reviewReason = null;
    record(status, by, reason, latest.decisionVersion(), at);
  }

  /** Stops an open referral, with a reason. */
  void cancel(Actor by, String reason, Instant at) {
    allowedFrom("cancelled", ReferralStatus.OPEN.toArray(ReferralStatus[]::new));
    changeStatus(ReferralStatus.CANCELLED, checked(by), reason(reason), at);
  }

  /** The receiving team was told; only a referral a clinician stands behind is sent. */
  void markSent(Actor by, Instant at) {
    allowedFrom("sent", ReferralStatus.CONFIRMED, ReferralStatus.OVERRIDDEN);
    changeStatus(ReferralStatus.SENT, checked(by), null, at);
  }

  /** The receiving team takes the patient on. */
  void accept(Actor by, Instant at) {
    allowedFrom("accepted", ReferralStatus.SENT);
    changeStatus(ReferralStatus.ACCEPTED, checked(by), null, at);
  }

  /** The receiving team turns the referral down, with a reason. */
  void decline(Actor by, String reason, Instant at) {
    allowedFrom("declined", ReferralStatus.SENT);
    changeStatus(ReferralStatus.DECLINED, checked(by), reason(reason), at);
  }

  /**
   * The intake was withdrawn: an open referral is cancelled by the system; an accepted one cannot
   * be undone by a status change, so it is flagged for a person to tell the receiving team; a
   * closed one stays as it is.
   *
   * @return whether the referral changed
   */
  boolean withdrawn(IntakeWithdrawn.Reason why, Instant at) {
    String reason = "Intake withdrawn: " + words(why);
    if (status.isOpen()) {
      changeStatus(ReferralStatus.CANCELLED, SYSTEM, reason, at);
      return true;
    }
    if (status == ReferralStatus.ACCEPTED) {
      reviewReason = reason + " (after the receiving team accepted)";
      record(status, SYSTEM, reviewReason, proposal.decisionVersion(), at);
      return true;
    }
    return false;
  }

  private void changeStatus(ReferralStatus to, Actor by, String reason, Instant at) {
    ReferralStatus from = status;
    status = to;
    Transition transition = record(from, by, reason, proposal.decisionVersion(), at);
    newEvents.add(
        new ReferralStatusChanged(
            intakeId,
            id,
            transition.transitionId(),
            ReferralStatusChanged.Status.valueOf(to.name()),
            route,
            urgency,
            by,
            reason,
            at));
  }

  private void allowedFrom(String attempted, ReferralStatus... allowed) {
    if (!List.of(allowed).contains(status)) {
      throw new TransitionRefused(id, status, attempted);
    }
  }

  private Transition record(
      ReferralStatus from, Actor by, String reason, int decisionVersion, Instant at) {
    version++;
    updatedAt = at;
    Transition transition =
        new Transition(
            Transition.idFor(id, version),
            version,
            from,
            status,
            route,
            urgency,
            decisionVersion,
            by.name(),
            by.subject(),
            reason,
            at);
    newTransitions.add(transition);
    return transition;
  }

  /** Guards the event contracts' limits; the sign-in gives who acts (see SignedIn). */
  private static Actor checked(Actor by) {
    if (by == null || by.subject().length() > MAX_NAME || by.name().length() > MAX_NAME) {
      throw new IllegalArgumentException("A change needs who made it, at most 200 characters");
    }
    return by;
  }

  private static String reason(String reason) {
    if (reason == null || reason.isBlank() || reason.strip().length() > MAX_REASON) {
      throw new IllegalArgumentException("This change needs a reason, at most 2000 characters");
    }
    return reason.strip();
  }

  private static String words(Enum<?> value) {
    return value.name().toLowerCase(Locale.ROOT).replace('_', ' ');
  }

  UUID id() {
    return id;
  }

  UUID intakeId() {
    return intakeId;
  }

  ReferralStatus status() {
    return status;
  }

  Proposal proposal() {
    return proposal;
  }

  Route route() {
    return route;
  }

  List<Route> secondaryRoutes() {
    return secondaryRoutes;
  }

  Urgency urgency() {
    return urgency;
  }

  Triaged latest() {
    return latest;
  }

  /**
   * The urgency the queue sorts and filters by: the referral's own, or the latest decision's when
   * the answers changed after a clinician acted and triage now finds the patient more urgent. A red
   * flag in amended answers must not wait at the bottom of the queue until someone opens it.
   */
  Urgency queueUrgency() {
    boolean retriagedSince = latest.decisionVersion() > proposal.decisionVersion();
    return retriagedSince && latest.urgency().compareTo(urgency) < 0 ? latest.urgency() : urgency;
  }

  /**
   * The escalation that goes ahead with the referral, for the patient and the receiving team: the
   * latest decision's (a proposal can only be confirmed or overridden while it is the latest),
   * unless a clinician chose an urgency less urgent than it asks for, which is the clinician's
   * judgement that it is not needed. The dashboard always shows the latest decision's escalation.
   */
  Escalation escalationKept() {
    Escalation escalation = latest.escalation();
    return escalation == null || urgency.compareTo(escalation.urgency()) > 0 ? null : escalation;
  }

  /** Null unless a person must look at the referral again, and then why. */
  String reviewReason() {
    return reviewReason;
  }

  Instant waitingSince() {
    return waitingSince;
  }

  Instant updatedAt() {
    return updatedAt;
  }

  int version() {
    return version;
  }

  /** The version the referral was loaded with: 0 for a new referral. */
  int storedVersion() {
    return storedVersion;
  }

  /** The transitions made since the referral was loaded, oldest first. */
  List<Transition> newTransitions() {
    return List.copyOf(newTransitions);
  }

  /** The events of those transitions, to publish in the transaction that stores them. */
  List<ClinicEvent> newEvents() {
    return List.copyOf(newEvents);
  }
}
