package clinic.intake.intake;

import java.time.Clock;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Stores an intake and announces it in one transaction. Spring Modulith's event publication
 * registry writes the {@code IntakeSubmitted} publication next to the intake row, so the event goes
 * out (to Kafka, after commit) exactly when the intake exists: no dual write.
 */
@Service
class IntakeSubmission {

  private static final Logger log = LoggerFactory.getLogger(IntakeSubmission.class);

  private final IntakeRepository intakes;
  private final ApplicationEventPublisher events;
  private final Clock clock;

  IntakeSubmission(IntakeRepository intakes, ApplicationEventPublisher events, Clock clock) {
    this.intakes = intakes;
    this.events = events;
    this.clock = clock;
  }

  @Transactional
  Intake submit(IntakeRequest request) {
    var intake =
        Intake.from(
            request,
            UUID.randomUUID(),
            clock.instant().truncatedTo(ChronoUnit.MILLIS),
            LocalDate.now(clock));
    intakes.insert(intake);
    events.publishEvent(intake.toSubmitted());
    // The id only: name, date of birth and contact details never go to the log.
    log.info("Intake {} submitted", intake.id());
    return intake;
  }
}
