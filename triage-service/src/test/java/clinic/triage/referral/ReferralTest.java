package clinic.triage.referral;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import clinic.events.Actor;
import clinic.events.Escalation;
import clinic.events.IntakeWithdrawn;
import clinic.events.ReferralConfirmed;
import clinic.events.ReferralOverridden;
import clinic.events.ReferralStatusChanged;
import clinic.events.Route;
import clinic.events.TriageDecided;
import clinic.events.TriageDecided.RedFlag;
import clinic.events.Urgency;
import clinic.web.InvalidRequest;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** The referral lifecycle on its own: every change from every status, allowed or refused. */
class ReferralTest {

  private static final UUID INTAKE = UUID.fromString("7d3f0c4e-1111-4b7a-9a55-0a1b2c3d4e5f");
  private static final Instant T0 = Instant.parse("2026-11-24T09:00:00Z");
  private static final Instant T1 = T0.plusSeconds(600);

  /** The signed-in people, as their tokens name them. */
  private static final Actor ADA = new Actor("u-ada", "Dr Ada");

  private static final Actor PT_TEAM = new Actor("u-pt", "PT team");
  private static final Actor NOTIFICATIONS = Actor.system("notifications");

  private static TriageDecided decided(int version, Route route, Urgency urgency) {
    return new TriageDecided(
        INTAKE,
        UUID.nameUUIDFromBytes(("d" + version).getBytes()),
        version,
        "0.1.0",
        route,
        route == Route.PHYSICAL_THERAPY ? List.of(Route.MEDICATION_REVIEW) : List.of(),
        urgency,
        List.of(),
        urgency == Urgency.EMERGENCY
            ? List.of(new RedFlag("CAUDA_EQUINA", "Numbness in the saddle area"))
            : List.of(),
        false,
        List.of(),
        "explanation",
        "en",
        T0.plusSeconds(version));
  }

  private static TriageDecided emergencyToday() {
    TriageDecided plain = decided(1, Route.SURGICAL_CONSULT, Urgency.EMERGENCY);
    return new TriageDecided(
        plain.intakeId(),
        plain.decisionId(),
        plain.decisionVersion(),
        plain.rulesetVersion(),
        plain.route(),
        plain.secondaryRoutes(),
        plain.urgency(),
        Escalation.EMERGENCY_TODAY,
        plain.causes(),
        plain.redFlags(),
        plain.needsClinicianReview(),
        plain.missingAnswers(),
        plain.explanation(),
        plain.preferredLanguage(),
        plain.decidedAt());
  }

  @Test
  void aConfirmedRedFlagCarriesItsEscalationToThePatientAndTheTeam() {
    Referral referral = Referral.propose(emergencyToday());
    assertThat(referral.latest().escalation()).isEqualTo(Escalation.EMERGENCY_TODAY);

    referral.confirm(ADA, T1);

    assertThat(referral.newEvents())
        .filteredOn(ReferralConfirmed.class::isInstance)
        .singleElement()
        .extracting(e -> ((ReferralConfirmed) e).escalation())
        .isEqualTo(Escalation.EMERGENCY_TODAY);
  }

  @Test
  void anOverrideKeepsTheEscalationOnlyWhileItsUrgencyIsAsUrgent() {
    Referral sameDay = Referral.propose(emergencyToday());
    sameDay.override(ADA, Route.MEDICATION_REVIEW, null, "Spinal team saw her this morning", T1);
    Referral lowered = Referral.propose(emergencyToday());
    lowered.override(ADA, null, Urgency.URGENT, "Long-standing numbness, known and imaged", T1);

    assertThat(overridden(sameDay).escalation()).isEqualTo(Escalation.EMERGENCY_TODAY);
    assertThat(overridden(lowered).escalation()).isNull();
    // The dashboard still shows what triage found.
    assertThat(lowered.latest().escalation()).isEqualTo(Escalation.EMERGENCY_TODAY);
  }

  private static ReferralOverridden overridden(Referral referral) {
    return referral.newEvents().stream()
        .filter(ReferralOverridden.class::isInstance)
        .map(ReferralOverridden.class::cast)
        .findFirst()
        .orElseThrow();
  }

  private static Referral proposed() {
    return Referral.propose(decided(1, Route.PHYSICAL_THERAPY, Urgency.SOON));
  }

  /** The changes the lifecycle knows, each as it would be made by a person. */
  enum Action {
    CONFIRM("confirmed", r -> r.confirm(ADA, T1)),
    OVERRIDE(
        "overridden",
        r -> r.override(ADA, Route.SURGICAL_CONSULT, Urgency.URGENT, "Locked knee", T1)),
    CANCEL("cancelled", r -> r.cancel(ADA, "Duplicate referral", T1)),
    SEND("sent", r -> r.markSent(NOTIFICATIONS, T1)),
    ACCEPT("accepted", r -> r.accept(PT_TEAM, T1)),
    DECLINE("declined", r -> r.decline(PT_TEAM, "Outside our catchment", T1));

    final String attempted;
    final Consumer<Referral> apply;

    Action(String attempted, Consumer<Referral> apply) {
      this.attempted = attempted;
      this.apply = apply;
    }
  }

  /** Which status each change leads to, and from where it is allowed. */
  private static final Map<Action, ReferralStatus> LEADS_TO =
      Map.of(
          Action.CONFIRM, ReferralStatus.CONFIRMED,
          Action.OVERRIDE, ReferralStatus.OVERRIDDEN,
          Action.CANCEL, ReferralStatus.CANCELLED,
          Action.SEND, ReferralStatus.SENT,
          Action.ACCEPT, ReferralStatus.ACCEPTED,
          Action.DECLINE, ReferralStatus.DECLINED);

  private static final Map<Action, Set<ReferralStatus>> ALLOWED_FROM =
      Map.of(
          Action.CONFIRM, EnumSet.of(ReferralStatus.PROPOSED),
          Action.OVERRIDE, EnumSet.of(ReferralStatus.PROPOSED),
          Action.CANCEL,
              EnumSet.of(
                  ReferralStatus.PROPOSED,
                  ReferralStatus.CONFIRMED,
                  ReferralStatus.OVERRIDDEN,
                  ReferralStatus.SENT),
          Action.SEND, EnumSet.of(ReferralStatus.CONFIRMED, ReferralStatus.OVERRIDDEN),
          Action.ACCEPT, EnumSet.of(ReferralStatus.SENT),
          Action.DECLINE, EnumSet.of(ReferralStatus.SENT));

  /** A referral that reached the status the way it would in practice. */
  private static Referral in(ReferralStatus status) {
    Referral r = proposed();
    switch (status) {
      case PROPOSED -> {}
      case CONFIRMED -> r.confirm(ADA, T0);
      case OVERRIDDEN ->
          r.override(ADA, Route.MEDICATION_REVIEW, Urgency.SOON, "Pain uncontrolled", T0);
      case SENT -> {
        r.confirm(ADA, T0);
        r.markSent(NOTIFICATIONS, T0);
      }
      case ACCEPTED -> {
        r.confirm(ADA, T0);
        r.markSent(NOTIFICATIONS, T0);
        r.accept(PT_TEAM, T0);
      }
      case DECLINED -> {
        r.confirm(ADA, T0);
        r.markSent(NOTIFICATIONS, T0);
        r.decline(PT_TEAM, "Full", T0);
      }
      case CANCELLED -> r.cancel(ADA, "Entered twice", T0);
    }
    assertThat(r.status()).isEqualTo(status);
    return r;
  }

  static Stream<Arguments> everyStatusAndAction() {
    List<Arguments> cases = new ArrayList<>();
    for (ReferralStatus status : ReferralStatus.values()) {
      for (Action action : Action.values()) {
        cases.add(Arguments.of(status, action));
      }
    }
    return cases.stream();
  }

  @ParameterizedTest(name = "{1} from {0}")
  @MethodSource("everyStatusAndAction")
  void eachChangeIsAllowedOnlyFromItsStatuses(ReferralStatus from, Action action) {
    Referral referral = in(from);
    int version = referral.version();
    int transitions = referral.newTransitions().size();
    int events = referral.newEvents().size();

    if (ALLOWED_FROM.get(action).contains(from)) {
      action.apply.accept(referral);

      assertThat(referral.status()).isEqualTo(LEADS_TO.get(action));
      assertThat(referral.version()).isEqualTo(version + 1);
      Transition last = referral.newTransitions().getLast();
      assertThat(last.from()).isEqualTo(from);
      assertThat(last.to()).isEqualTo(LEADS_TO.get(action));
      assertThat(last.sequence()).isEqualTo(version + 1);
      assertThat(last.at()).isEqualTo(T1);
      assertThat(last.by()).isNotBlank();
      assertThat(referral.newEvents()).hasSize(events + 1);
      assertThat(last.transitionId())
          .isEqualTo(Transition.idFor(referral.id(), version + 1))
          .isEqualTo(referral.newEvents().getLast().eventId());
    } else {
      assertThatThrownBy(() -> action.apply.accept(referral))
          .isInstanceOf(TransitionRefused.class)
          .hasMessageStartingWith(
              from == ReferralStatus.ACCEPTED || from == ReferralStatus.OVERRIDDEN ? "An " : "A ")
          .hasMessageEndingWith(" referral cannot be " + action.attempted);

      assertThat(referral.status()).isEqualTo(from);
      assertThat(referral.version()).isEqualTo(version);
      assertThat(referral.newTransitions()).hasSize(transitions);
      assertThat(referral.newEvents()).hasSize(events);
    }
  }

  @Test
  void confirmingACancelledReferralIsRefusedInPlainWords() {
    Referral cancelled = in(ReferralStatus.CANCELLED);

    assertThatThrownBy(() -> cancelled.confirm(ADA, T1))
        .isInstanceOf(TransitionRefused.class)
        .hasMessage("A cancelled referral cannot be confirmed");
  }

  @Test
  void triageProposesAReferralThatWaitsFromTheDecision() {
    Referral referral = proposed();

    assertThat(referral.id()).isEqualTo(Referral.idFor(INTAKE));
    assertThat(referral.status()).isEqualTo(ReferralStatus.PROPOSED);
    assertThat(referral.route()).isEqualTo(Route.PHYSICAL_THERAPY);
    assertThat(referral.urgency()).isEqualTo(Urgency.SOON);
    assertThat(referral.waitingSince()).isEqualTo(T0.plusSeconds(1));
    assertThat(referral.version()).isEqualTo(1);
    assertThat(referral.newTransitions())
        .singleElement()
        .satisfies(
            t -> {
              assertThat(t.from()).isNull();
              assertThat(t.to()).isEqualTo(ReferralStatus.PROPOSED);
              assertThat(t.by()).isEqualTo("triage");
              assertThat(t.bySubject()).isEqualTo("system:triage");
              assertThat(t.sequence()).isEqualTo(1);
            });
    assertThat(referral.newEvents()).isEmpty();
  }

  @Test
  void confirmationAnnouncesTheProposalAsItStood() {
    Referral referral = proposed();

    referral.confirm(ADA, T1);

    assertThat(referral.newEvents().getLast())
        .isInstanceOfSatisfying(
            ReferralConfirmed.class,
            e -> {
              assertThat(e.route()).isEqualTo(Route.PHYSICAL_THERAPY);
              assertThat(e.secondaryRoutes()).containsExactly(Route.MEDICATION_REVIEW);
              assertThat(e.urgency()).isEqualTo(Urgency.SOON);
              assertThat(e.confirmedBy()).isEqualTo(ADA);
              assertThat(e.decisionId()).isEqualTo(referral.proposal().decisionId());
              assertThat(e.referralId()).isEqualTo(referral.id());
            });
  }

  @Test
  void overrideKeepsTheProposalForTheRecordAndDropsTheChosenRouteFromSecondaries() {
    Referral referral = proposed();

    referral.override(ADA, Route.MEDICATION_REVIEW, null, "Pain uncontrolled on NSAIDs", T1);

    assertThat(referral.status()).isEqualTo(ReferralStatus.OVERRIDDEN);
    assertThat(referral.route()).isEqualTo(Route.MEDICATION_REVIEW);
    assertThat(referral.urgency())
        .as("urgency left out keeps the proposal's")
        .isEqualTo(Urgency.SOON);
    assertThat(referral.secondaryRoutes()).isEmpty();
    assertThat(referral.newTransitions().getLast().reason())
        .isEqualTo("Pain uncontrolled on NSAIDs");
    assertThat(referral.newEvents().getLast())
        .isInstanceOfSatisfying(
            ReferralOverridden.class,
            e -> {
              assertThat(e.proposedRoute()).isEqualTo(Route.PHYSICAL_THERAPY);
              assertThat(e.proposedUrgency()).isEqualTo(Urgency.SOON);
              assertThat(e.route()).isEqualTo(Route.MEDICATION_REVIEW);
              assertThat(e.urgency()).isEqualTo(Urgency.SOON);
              assertThat(e.overriddenBy().name()).isEqualTo("Dr Ada");
              assertThat(e.reason()).isEqualTo("Pain uncontrolled on NSAIDs");
            });
  }

  @Test
  void overrideThatChangesNothingIsRefusedNamingRouteAndUrgency() {
    Referral referral = proposed();

    assertThatThrownBy(
            () -> referral.override(ADA, Route.PHYSICAL_THERAPY, Urgency.SOON, "Looks right", T1))
        .isInstanceOfSatisfying(
            InvalidRequest.class,
            e -> assertThat(e.errors()).extracting("field").containsExactly("route", "urgency"));
    assertThat(referral.status()).isEqualTo(ReferralStatus.PROPOSED);
    assertThat(referral.version()).isEqualTo(1);
  }

  @Test
  void overrideAndCancelAndDeclineNeedAReason() {
    assertThatThrownBy(() -> proposed().override(ADA, Route.SURGICAL_CONSULT, null, "  ", T1))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> proposed().cancel(ADA, null, T1))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> in(ReferralStatus.SENT).decline(PT_TEAM, "", T1))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> proposed().confirm(null, T1))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void cancellationAnnouncesTheStatusWithWhoAndWhy() {
    Referral referral = in(ReferralStatus.CONFIRMED);

    referral.cancel(ADA, "Patient moved away", T1);

    assertThat(referral.newEvents().getLast())
        .isInstanceOfSatisfying(
            ReferralStatusChanged.class,
            e -> {
              assertThat(e.status()).isEqualTo(ReferralStatusChanged.Status.CANCELLED);
              assertThat(e.by().name()).isEqualTo("Dr Ada");
              assertThat(e.reason()).isEqualTo("Patient moved away");
              assertThat(e.route()).isEqualTo(Route.PHYSICAL_THERAPY);
            });
  }

  @Test
  void retriageReplacesAProposalNobodyActedOn() {
    Referral referral = proposed();

    boolean changed = referral.retriage(decided(2, Route.SURGICAL_CONSULT, Urgency.EMERGENCY));

    assertThat(changed).isTrue();
    assertThat(referral.status()).isEqualTo(ReferralStatus.PROPOSED);
    assertThat(referral.route()).isEqualTo(Route.SURGICAL_CONSULT);
    assertThat(referral.urgency()).isEqualTo(Urgency.EMERGENCY);
    assertThat(referral.proposal().decisionVersion()).isEqualTo(2);
    assertThat(referral.latest().redFlags())
        .extracting(RedFlag::code)
        .containsExactly("CAUDA_EQUINA");
    assertThat(referral.reviewReason()).isNull();
    assertThat(referral.version()).isEqualTo(2);
    assertThat(referral.waitingSince())
        .as("still waiting since it was first proposed")
        .isEqualTo(T0.plusSeconds(1));
    assertThat(referral.newTransitions().getLast().reason()).contains("Re-triaged");
    assertThat(referral.newEvents()).isEmpty();
  }

  @Test
  void retriageFlagsAConfirmedReferralAndKeepsTheClinicianDecision() {
    Referral referral = in(ReferralStatus.CONFIRMED);

    referral.retriage(decided(2, Route.SURGICAL_CONSULT, Urgency.EMERGENCY));

    assertThat(referral.status()).isEqualTo(ReferralStatus.CONFIRMED);
    assertThat(referral.route()).isEqualTo(Route.PHYSICAL_THERAPY);
    assertThat(referral.urgency()).isEqualTo(Urgency.SOON);
    assertThat(referral.proposal().decisionVersion()).isEqualTo(1);
    assertThat(referral.latest().decisionVersion()).isEqualTo(2);
    assertThat(referral.latest().redFlags()).isNotEmpty();
    assertThat(referral.reviewReason())
        .startsWith("Answers changed after confirmation")
        .contains("decision v2 proposes surgical consult, emergency");
  }

  @Test
  void aMoreUrgentRetriageMovesAFlaggedReferralUpTheQueue() {
    Referral confirmed = in(ReferralStatus.CONFIRMED);
    assertThat(confirmed.queueUrgency()).isEqualTo(Urgency.SOON);

    confirmed.retriage(decided(2, Route.SURGICAL_CONSULT, Urgency.EMERGENCY));

    assertThat(confirmed.urgency()).isEqualTo(Urgency.SOON);
    assertThat(confirmed.queueUrgency()).isEqualTo(Urgency.EMERGENCY);
  }

  @Test
  void aClinicianLoweringTheUrgencyIsRespectedUntilTheAnswersChange() {
    Referral overridden = proposed();
    overridden.override(ADA, null, Urgency.ROUTINE, "Pain settling", T1);
    assertThat(overridden.queueUrgency()).isEqualTo(Urgency.ROUTINE);

    overridden.retriage(decided(2, Route.PHYSICAL_THERAPY, Urgency.ROUTINE));
    assertThat(overridden.queueUrgency()).isEqualTo(Urgency.ROUTINE);

    overridden.retriage(decided(3, Route.PHYSICAL_THERAPY, Urgency.URGENT));
    assertThat(overridden.queueUrgency()).isEqualTo(Urgency.URGENT);
  }

  @Test
  void retriageFlagsOverriddenSentAndAcceptedReferralsToo() {
    for (ReferralStatus status :
        List.of(ReferralStatus.OVERRIDDEN, ReferralStatus.SENT, ReferralStatus.ACCEPTED)) {
      Referral referral = in(status);

      referral.retriage(decided(2, Route.SURGICAL_CONSULT, Urgency.URGENT));

      assertThat(referral.status()).as(status.name()).isEqualTo(status);
      assertThat(referral.reviewReason()).as(status.name()).startsWith("Answers changed after");
    }
  }

  @Test
  void retriageOfAClosedReferralIsRecordedButNotFlagged() {
    Referral referral = in(ReferralStatus.CANCELLED);

    referral.retriage(decided(2, Route.SURGICAL_CONSULT, Urgency.URGENT));

    assertThat(referral.status()).isEqualTo(ReferralStatus.CANCELLED);
    assertThat(referral.reviewReason()).isNull();
    assertThat(referral.newTransitions().getLast().reason())
        .contains("after the referral was cancelled");
  }

  @Test
  void anOlderDecisionChangesNothing() {
    Referral referral = proposed();
    referral.retriage(decided(3, Route.SURGICAL_CONSULT, Urgency.URGENT));
    int version = referral.version();

    assertThat(referral.retriage(decided(2, Route.MEDICATION_REVIEW, Urgency.ROUTINE))).isFalse();
    assertThat(referral.retriage(decided(3, Route.MEDICATION_REVIEW, Urgency.ROUTINE))).isFalse();

    assertThat(referral.version()).isEqualTo(version);
    assertThat(referral.route()).isEqualTo(Route.SURGICAL_CONSULT);
  }

  @Test
  void withdrawalCancelsAnOpenReferralAsTheSystem() {
    Referral referral = in(ReferralStatus.SENT);

    assertThat(referral.withdrawn(IntakeWithdrawn.Reason.PATIENT_DECLINED, T1)).isTrue();

    assertThat(referral.status()).isEqualTo(ReferralStatus.CANCELLED);
    Transition last = referral.newTransitions().getLast();
    assertThat(last.by()).isEqualTo("system");
    assertThat(last.bySubject()).isEqualTo("system:system");
    assertThat(last.reason()).isEqualTo("Intake withdrawn: patient declined");
    assertThat(referral.newEvents().getLast())
        .isInstanceOfSatisfying(
            ReferralStatusChanged.class,
            e -> assertThat(e.status()).isEqualTo(ReferralStatusChanged.Status.CANCELLED));
  }

  @Test
  void withdrawalFlagsAnAcceptedReferralAndLeavesAClosedOneAlone() {
    Referral accepted = in(ReferralStatus.ACCEPTED);
    assertThat(accepted.withdrawn(IntakeWithdrawn.Reason.DUPLICATE, T1)).isTrue();
    assertThat(accepted.status()).isEqualTo(ReferralStatus.ACCEPTED);
    assertThat(accepted.reviewReason()).startsWith("Intake withdrawn: duplicate");

    Referral declined = in(ReferralStatus.DECLINED);
    int version = declined.version();
    assertThat(declined.withdrawn(IntakeWithdrawn.Reason.DUPLICATE, T1)).isFalse();
    assertThat(declined.version()).isEqualTo(version);
  }
}
