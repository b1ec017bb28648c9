package clinic.triage.referral;

import clinic.events.Actor;
import clinic.events.ClinicEvent;
import clinic.events.IntakeWithdrawn;
import clinic.events.TriageDecided;
import clinic.events.spring.ProcessedEvents;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

/**
 * The referral lifecycle as the rest of the service uses it: each change loads the referral, lets
 * {@link Referral} check and apply it, and stores the referral, its audit trail and its event in
 * one transaction (the event goes out through the outbox). Changes made on a version other than the
 * stored one are refused with {@link StaleReferral}.
 */
@Component
public class Referrals {

  private static final Logger log = LoggerFactory.getLogger(Referrals.class);

  private final ReferralRepository referrals;
  private final ProcessedEvents processed;
  private final ApplicationEventPublisher events;
  private final Clock clock = Clock.systemUTC();

  Referrals(
      ReferralRepository referrals, ProcessedEvents processed, ApplicationEventPublisher events) {
    this.referrals = referrals;
    this.processed = processed;
    this.events = events;
  }

  /** The id of an intake's referral (one per intake), whether or not it is stored yet. */
  public static UUID referralIdFor(UUID intakeId) {
    return Referral.idFor(intakeId);
  }

  /**
   * Each decision proposes the intake's referral, or re-triages it. A plain listener, called inside
   * the transaction that stores the decision, so the decision and its referral commit together.
   */
  @EventListener
  @Transactional(propagation = Propagation.MANDATORY)
  void onDecision(TriageDecided decided) {
    Optional<Referral> existing = referrals.findByIntake(decided.intakeId());
    if (existing.isEmpty()) {
      save(Referral.propose(decided));
    } else if (existing.get().retriage(decided)) {
      save(existing.get());
    }
  }

  /**
   * The intake was withdrawn (an {@code IntakeWithdrawn} event): its open referral is cancelled by
   * the system. Idempotent: a redelivered event changes nothing.
   */
  @Transactional
  public void withdraw(IntakeWithdrawn withdrawn) {
    if (!processed.firstDelivery(withdrawn)) {
      log.info("Event {} was already processed; redelivery ignored", withdrawn.eventId());
      return;
    }
    Optional<Referral> referral = referrals.findByIntake(withdrawn.intakeId());
    if (referral.isEmpty()) {
      log.warn("Intake {} was withdrawn but has no referral", withdrawn.intakeId());
      return;
    }
    if (referral.get().withdrawn(withdrawn.reason(), now())) {
      save(referral.get());
    }
  }

  @Transactional
  public ReferralView confirm(UUID referralId, ConfirmRequest request, Actor by) {
    request.validate();
    return change(referralId, request.version(), r -> r.confirm(by, now()));
  }

  @Transactional
  public ReferralView override(UUID referralId, OverrideRequest request, Actor by) {
    OverrideRequest.Choice choice = request.validate();
    return change(
        referralId,
        request.version(),
        r -> r.override(by, choice.route(), choice.urgency(), request.reason(), now()));
  }

  @Transactional
  public ReferralView cancel(UUID referralId, CancelRequest request, Actor by) {
    request.validate();
    return change(referralId, request.version(), r -> r.cancel(by, request.reason(), now()));
  }

  @Transactional
  public ReferralView acknowledgeReview(UUID referralId, AcknowledgeRequest request, Actor by) {
    request.validate();
    return change(
        referralId, request.version(), r -> r.acknowledgeReview(by, request.reason(), now()));
  }

  @Transactional
  ReferralView accept(UUID referralId, TeamRequest request, Actor by) {
    request.validateAccept();
    return change(referralId, request.version(), r -> r.accept(by, now()));
  }

  @Transactional
  ReferralView decline(UUID referralId, TeamRequest request, Actor by) {
    request.validateDecline();
    return change(referralId, request.version(), r -> r.decline(by, request.reason(), now()));
  }

  /**
   * The referral was delivered to its receiving team. For the notifications feature, which decides
   * when that has happened; it is not offered to clinicians. Takes no version: the sender acts on
   * whatever the referral is now, and the lifecycle refuses it unless confirmed or overridden.
   */
  @Transactional
  public ReferralView markSent(UUID referralId, Actor by) {
    Referral referral = load(referralId);
    return change(referralId, referral.version(), r -> r.markSent(by, now()));
  }

  @Transactional(readOnly = true)
  public Queue queue(QueueFilter filter) {
    return new Queue(
        referrals.queue(filter).stream().map(ReferralView::inQueue).toList(),
        referrals.countsByRoute(filter));
  }

  /** The referral with its audit trail and the patient's education packet, if assigned yet. */
  @Transactional(readOnly = true)
  public ReferralView find(UUID referralId) {
    return view(load(referralId));
  }

  private ReferralView change(UUID referralId, int expectedVersion, Consumer<Referral> change) {
    Referral referral = load(referralId);
    if (referral.version() != expectedVersion) {
      throw new StaleReferral(referralId, expectedVersion, referral.version());
    }
    change.accept(referral);
    save(referral);
    return view(referral);
  }

  private Referral load(UUID referralId) {
    return referrals.find(referralId).orElseThrow(() -> new ReferralNotFound(referralId));
  }

  private void save(Referral referral) {
    referrals.save(referral);
    for (ClinicEvent event : referral.newEvents()) {
      events.publishEvent(event);
    }
    for (Transition t : referral.newTransitions()) {
      // Ids and statuses only: names and reasons stay out of the logs.
      log.info(
          "Referral {} of intake {}: {} -> {} (v{})",
          referral.id(),
          referral.intakeId(),
          t.from(),
          t.to(),
          t.sequence());
    }
    events.publishEvent(
        new ReferralChanged(referral.id(), referral.intakeId(), referral.version()));
  }

  private ReferralView view(Referral referral) {
    return ReferralView.of(referral, referrals.transitions(referral.id()));
  }

  /** PostgreSQL keeps microseconds: the stored and the published time must be equal. */
  private Instant now() {
    return clock.instant().truncatedTo(ChronoUnit.MICROS);
  }
}
