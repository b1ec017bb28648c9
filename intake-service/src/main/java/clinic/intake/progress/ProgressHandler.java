package clinic.intake.progress;

import clinic.events.ClinicEvent;
import clinic.events.InvalidEventException;
import clinic.events.spring.AfterCommit;
import clinic.events.spring.ProcessedEvents;
import clinic.intake.nextstep.PatientNextStep;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.observation.Observation;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Applies events to the intakes' progress, each once however often Kafka delivers it: its id is
 * recorded in {@code processed_event} in the transaction that applies it.
 */
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

  /**
   * Applies the events of one poll in one transaction. An intake's events are applied in the order
   * they came, under one lock of its row and with at most one update of it; the intakes are taken
   * in id order, so that two batches that share intakes (several consumer threads or instances)
   * lock their rows in the same order, never in a cycle.
   */
  @Transactional
  void apply(List<Delivery> deliveries) {
    var now = clock.instant();
    var byIntake = new TreeMap<UUID, List<Delivery>>();
    for (var delivery : deliveries) {
      byIntake.computeIfAbsent(delivery.event().intakeId(), id -> new ArrayList<>()).add(delivery);
    }
    byIntake.forEach(
        (intakeId, events) -> {
          var row = new Row(intakeId);
          for (var delivery : events) {
            delivery.observation().observe(() -> apply(row, delivery.event(), now));
          }
          if (row.changed()) {
            progress.save(intakeId, row.current, now);
          }
        });
  }

  /**
   * An event as read from its record, and the observation (the consumer span, in the trace the
   * record carries) that its application runs in.
   */
  record Delivery(ClinicEvent event, Observation observation) {}

  /** An intake's progress as this transaction sees it: its row is locked at the first new event. */
  private final class Row {

    private final UUID intakeId;
    private IntakeProgress stored;
    private IntakeProgress current;

    Row(UUID intakeId) {
      this.intakeId = intakeId;
    }

    IntakeProgress lock() {
      if (current == null) {
        stored =
            progress
                .lock(intakeId)
                .orElseThrow(() -> new InvalidEventException("No intake " + intakeId));
        current = stored;
      }
      return current;
    }

    boolean changed() {
      return current != null && !current.equals(stored);
    }
  }

  private void apply(Row row, ClinicEvent event, Instant now) {
    if (!processed.firstDelivery(event)) {
      log.debug("Event {} for intake {} already processed", event.eventId(), event.intakeId());
      return;
    }
    var current = row.lock();
    var next = current.after(event);
    if (next.equals(current)) {
      log.debug("Event {} is older than intake {}'s progress", event.eventId(), event.intakeId());
      return;
    }
    row.current = next;
    if (current.education() == null && next.education() != null) {
      progress
          .submittedAt(event.intakeId())
          .map(submitted -> Duration.between(submitted, next.education().assignedAt()))
          .filter(elapsed -> !elapsed.isNegative())
          .ifPresent(elapsed -> AfterCommit.run(() -> timeToEducation.record(elapsed)));
    }
    // One line per event applied: DEBUG, like every service's per-event line (README, "Logs").
    log.debug("Intake {} is {}", event.intakeId(), next.status());
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
