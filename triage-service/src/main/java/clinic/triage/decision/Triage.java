package clinic.triage.decision;

import clinic.events.EventType;
import clinic.events.IntakeSubmitted;
import clinic.triage.rules.Answers;
import clinic.triage.rules.Ruleset;
import java.time.Clock;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

/**
 * Turns one submitted intake into a stored decision and its {@code TriageDecided} event, all in one
 * transaction: the processed-event mark, the decision row and the outbox entry commit together or
 * not at all.
 */
@Component
class Triage {

  private static final Logger log = LoggerFactory.getLogger(Triage.class);

  private final Ruleset ruleset;
  private final DecisionRepository decisions;
  private final ProcessedEvents processed;
  private final ApplicationEventPublisher events;
  private final Clock clock = Clock.systemUTC();

  Triage(
      Ruleset ruleset,
      DecisionRepository decisions,
      ProcessedEvents processed,
      ApplicationEventPublisher events) {
    this.ruleset = ruleset;
    this.decisions = decisions;
    this.processed = processed;
    this.events = events;
  }

  @Transactional
  void decide(UUID eventId, IntakeSubmitted intake) {
    if (!processed.markProcessed(eventId, EventType.INTAKE_SUBMITTED.type())) {
      log.info("Event {} was already processed; redelivery ignored", eventId);
      return;
    }
    var assessment = ruleset.assess(Answers.of(intake.answers(), intake.ageYears()));
    var decision =
        Decision.of(intake, decisions.nextVersion(intake.intakeId()), assessment, clock.instant());
    decisions.insert(decision);
    events.publishEvent(decision.toEvent());
    // Ids and the proposal only: the answers stay out of the logs.
    log.info(
        "Intake {} decided: decision {} v{}, {} {}, ruleset {}, review {}",
        decision.intakeId(),
        decision.decisionId(),
        decision.decisionVersion(),
        decision.route(),
        decision.urgency(),
        decision.rulesetVersion(),
        decision.needsClinicianReview());
  }
}
