package clinic.intake.progress;

import clinic.events.ClinicEvent;
import clinic.events.EducationAssigned;
import clinic.events.InvalidEventException;
import clinic.events.ReferralConfirmed;
import clinic.events.ReferralOverridden;
import clinic.events.ReferralStatusChanged;
import clinic.events.TriageDecided;
import clinic.events.spring.AfterCommit;
import clinic.events.spring.ProcessedEvents;
import clinic.intake.nextstep.PatientNextStep;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Clock;
import java.time.Duration;
import java.util.function.UnaryOperator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/** Applies an event to an intake's progress once, however often Kafka delivers it. */
@Service
class ProgressHandler {

  private static final Logger log = LoggerFactory.getLogger(ProgressHandler.class);

  private final ProcessedEvents processed;
  private final ProgressRepository progress;
  private final PatientNextStep nextStep;
  private final ContentLinks links;
  private final Clock clock;
  private final Timer timeToEducation;

  ProgressHandler(
      ProcessedEvents processed,
      ProgressRepository progress,
      PatientNextStep nextStep,
      ContentLinks links,
      Clock clock,
      MeterRegistry registry) {
    this.processed = processed;
    this.progress = progress;
    this.nextStep = nextStep;
    this.links = links;
    this.clock = clock;
    // From the intake's submitted_at (this service's clock) to the packet's assignedAt
    // (content-service's clock, carried by EducationAssigned), once per intake.
    this.timeToEducation =
        Timer.builder("clinic.intake.time.to.education")
            .description("From submission to the patient's education packet being assigned")
            .publishPercentileHistogram()
            .minimumExpectedValue(Duration.ofMillis(50))
            .maximumExpectedValue(Duration.ofHours(2))
            .register(registry);
  }

  @Transactional
  void on(TriageDecided event) {
    apply(event, current -> current.afterTriage(event));
  }

  @Transactional
  void on(EducationAssigned event) {
    apply(event, current -> current.afterEducation(event));
  }

  @Transactional
  void on(ReferralConfirmed event) {
    apply(event, current -> current.afterReferral(IntakeProgress.Referral.from(event)));
  }

  @Transactional
  void on(ReferralOverridden event) {
    apply(event, current -> current.afterReferral(IntakeProgress.Referral.from(event)));
  }

  @Transactional
  void on(ReferralStatusChanged event) {
    apply(event, current -> current.afterReferralStatus(event));
  }

  private void apply(ClinicEvent event, UnaryOperator<IntakeProgress> change) {
    var now = clock.instant();
    if (!processed.firstDelivery(event)) {
      log.debug("Event {} for intake {} already processed", event.eventId(), event.intakeId());
      return;
    }
    var current =
        progress
            .lock(event.intakeId())
            .orElseThrow(() -> new InvalidEventException("No intake " + event.intakeId()));
    var next = change.apply(current);
    if (next.equals(current)) {
      log.info("Event {} is older than intake {}'s progress", event.eventId(), event.intakeId());
      return;
    }
    progress.save(event.intakeId(), next, now);
    if (current.education() == null && next.education() != null) {
      progress
          .submittedAt(event.intakeId())
          .map(submitted -> Duration.between(submitted, next.education().assignedAt()))
          .filter(elapsed -> !elapsed.isNegative())
          .ifPresent(elapsed -> AfterCommit.run(() -> timeToEducation.record(elapsed)));
    }
    log.info("Intake {} is {}", event.intakeId(), next.status());
    var referral = next.referral();
    if (referral != null
        && next.education() != null
        && referral.status() != IntakeProgress.Referral.Status.CANCELLED) {
      if (!links.trusted(next.education().packetUrl())) {
        // Never e-mail a patient a link that does not lead to the clinic's education pages.
        log.warn(
            "Intake {} packet {}: link outside the content service, no e-mail",
            event.intakeId(),
            next.education().packetId());
        return;
      }
      // Whichever of the two arrived last makes the patient's e-mail due, in this transaction.
      nextStep.referralReady(
          event.intakeId(),
          referral.referralId(),
          referral.route(),
          referral.urgency(),
          referral.escalation(),
          next.education().packetUrl(),
          now);
    }
  }
}
