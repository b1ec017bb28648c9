package clinic.triage.decision;

import clinic.events.IntakeAmended;
import clinic.events.IntakeSubmitted;
import clinic.events.TriageDecided.RedFlag;
import clinic.events.spring.AfterCommit;
import clinic.events.spring.ProcessedEvents;
import clinic.triage.ruleset.ActiveRuleset;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

/**
 * Turns a submitted or amended intake into a stored decision and its {@code TriageDecided} event,
 * all in one transaction: the processed-event mark, the decision row, whatever the event's
 * synchronous listeners change (the referral) and the outbox entry commit together or not at all.
 */
@Component
class Triage {

  private static final Logger log = LoggerFactory.getLogger(Triage.class);

  private final ActiveRuleset rules;
  private final DecisionRepository decisions;
  private final ProcessedEvents processed;
  private final ApplicationEventPublisher events;
  private final MeterRegistry registry;
  private final Clock clock = Clock.systemUTC();

  Triage(
      ActiveRuleset rules,
      DecisionRepository decisions,
      ProcessedEvents processed,
      ApplicationEventPublisher events,
      MeterRegistry registry) {
    this.rules = rules;
    this.decisions = decisions;
    this.processed = processed;
    this.events = events;
    this.registry = registry;
  }

  @Transactional
  void decide(IntakeSubmitted intake) {
    if (!processed.firstDelivery(intake)) {
      log.info("Event {} was already processed; redelivery ignored", intake.eventId());
      return;
    }
    decideOn(Answered.from(intake));
  }

  /**
   * Re-triage: the corrected answers get a new decision version; the earlier versions stay as the
   * history. An amendment older than one already decided (a replay from the dead-letter topic) is
   * recorded as processed and changes nothing, so the latest decision always answers the latest
   * answers.
   */
  @Transactional
  void redecide(IntakeAmended amended) {
    if (!processed.firstDelivery(amended)) {
      log.info("Event {} was already processed; redelivery ignored", amended.eventId());
      return;
    }
    int latest = decisions.latestAmendment(amended.intakeId());
    if (amended.amendment() <= latest) {
      log.warn(
          "Intake {} amendment {} is not newer than amendment {} already decided; ignored",
          amended.intakeId(),
          amended.amendment(),
          latest);
      return;
    }
    decideOn(Answered.from(amended));
  }

  /**
   * {@code clinic.triage.decisions} by route and urgency, and {@code clinic.triage.red.flags} by
   * the ruleset's flag code: labels from the ruleset's fixed vocabulary, never from the answers.
   */
  private void count(Decision decision) {
    Counter.builder("clinic.triage.decisions")
        .description("Triage decisions (a submission or an amendment), by route and urgency")
        .tag("route", decision.route().name())
        .tag("urgency", decision.urgency().name())
        .register(registry)
        .increment();
    for (var code : decision.redFlags().stream().map(RedFlag::code).distinct().toList()) {
      Counter.builder("clinic.triage.red.flags")
          .description("Decisions that raised a red flag, by the ruleset's flag code")
          .tag("flag", code)
          .register(registry)
          .increment();
    }
  }

  private void decideOn(Answered intake) {
    // The version active now, taken once: one ruleset decides, explains and is recorded.
    var decision =
        Decision.of(
            intake, decisions.nextVersion(intake.intakeId()), rules.current(), clock.instant());
    decisions.insert(decision);
    events.publishEvent(decision.toEvent());
    AfterCommit.run(() -> count(decision));
    // Ids and the proposal only: the answers stay out of the logs. One line per decision: DEBUG.
    log.debug(
        "Intake {} (amendment {}) decided: decision {} v{}, {} {}, ruleset {}, review {}",
        decision.intakeId(),
        decision.amendment(),
        decision.decisionId(),
        decision.decisionVersion(),
        decision.route(),
        decision.urgency(),
        decision.rulesetVersion(),
        decision.needsClinicianReview());
  }
}
