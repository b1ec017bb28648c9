package clinic.intake.intake;

import clinic.events.Actor;
import clinic.events.IntakeWithdrawn;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.HexFormat;
import java.util.TreeMap;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import tools.jackson.databind.json.JsonMapper;

/**
 * Every change to an intake, each stored and announced in one transaction. Spring Modulith's event
 * publication registry writes the event's publication next to the change, so the event goes out (to
 * Kafka, after commit) exactly when the change exists: no dual write.
 */
@Service
class IntakeSubmission {

  private static final Logger log = LoggerFactory.getLogger(IntakeSubmission.class);

  private final IntakeRepository intakes;
  private final ApplicationEventPublisher events;
  private final Clock clock;
  private final JsonMapper json;
  private final IntakeMetrics metrics;

  IntakeSubmission(
      IntakeRepository intakes,
      ApplicationEventPublisher events,
      Clock clock,
      JsonMapper json,
      IntakeMetrics metrics) {
    this.intakes = intakes;
    this.metrics = metrics;
    this.events = events;
    this.clock = clock;
    this.json = json;
  }

  /**
   * @param created false when the idempotency key had already created this intake
   */
  record Outcome(Intake intake, boolean created) {}

  /**
   * Stores and announces a new intake. With an idempotency key, a retry (same key, same validated
   * submission) returns the intake the key created, and a key reused for other answers is refused.
   */
  @Transactional
  Outcome submit(
      IntakeValidator.Submission submission,
      String questionnaireVersion,
      String idempotencyKey,
      Actor by) {
    var fingerprint = idempotencyKey == null ? null : fingerprint(submission, questionnaireVersion);
    if (idempotencyKey != null) {
      var earlier = intakes.findByIdempotencyKey(idempotencyKey);
      if (earlier.isPresent()) {
        return replay(earlier.get(), fingerprint);
      }
    }
    var intake =
        Intake.from(
            submission,
            UUID.randomUUID(),
            questionnaireVersion,
            now(),
            by,
            LocalDate.now(clock),
            idempotencyKey,
            fingerprint);
    if (!intakes.insert(intake)) {
      // A concurrent request with the same key committed first.
      return replay(intakes.findByIdempotencyKey(idempotencyKey).orElseThrow(), fingerprint);
    }
    events.publishEvent(intake.toSubmitted());
    // The id only: name, date of birth and contact details never go to the log.
    log.debug("Intake {} submitted by {}", intake.id(), by.subject());
    metrics.submitted();
    return new Outcome(intake, true);
  }

  /**
   * Replaces the answers with the corrected set, keeps the set it replaced as history, and
   * announces it so that triage decides again. The same answers again change nothing: a retried
   * request neither adds an amendment nor makes triage run twice.
   */
  @Transactional
  Intake amend(
      UUID id, IntakeValidator.Correction correction, String questionnaireVersion, Actor by) {
    var answers = correction.answers();
    var intake = intakes.lock(id).orElseThrow(() -> new IntakeNotFound(id));
    if (!intake.withdrawn()
        && intake.questionnaireVersion().equals(questionnaireVersion)
        && json.valueToTree(intake.answers()).equals(json.valueToTree(answers))) {
      return intake;
    }
    var amendment =
        intake.amend(
            UUID.randomUUID(), answers, questionnaireVersion, now(), by, correction.reason());
    intakes.amend(amendment);
    events.publishEvent(intake.announce(amendment, LocalDate.now(clock)));
    log.info("Intake {} amended ({}) by {}", id, amendment.number(), by.subject());
    return intakes.find(id).orElseThrow();
  }

  @Transactional
  Intake withdraw(UUID id, IntakeWithdrawn.Reason reason, Actor by) {
    var intake = intakes.lock(id).orElseThrow(() -> new IntakeNotFound(id));
    var withdrawn = intake.withdraw(reason, now(), by);
    intakes.withdraw(withdrawn);
    events.publishEvent(withdrawn);
    log.info("Intake {} withdrawn ({}) by {}", id, reason, by.subject());
    return intakes.find(id).orElseThrow();
  }

  private Outcome replay(Intake earlier, String fingerprint) {
    if (!earlier.fingerprint().equals(fingerprint)) {
      metrics.rejected(IntakeMetrics.Rejection.KEY_REUSED);
      throw IntakeConflict.keyReused(earlier.id());
    }
    log.info("Intake {} submitted again with its idempotency key", earlier.id());
    return new Outcome(earlier, false);
  }

  private Instant now() {
    return clock.instant().truncatedTo(ChronoUnit.MILLIS);
  }

  /**
   * SHA-256 of the validated submission with sorted keys: the same answers give the same
   * fingerprint however the JSON was spaced or ordered.
   */
  private String fingerprint(IntakeValidator.Submission submission, String questionnaireVersion) {
    var patient = submission.patient();
    var canonical = new TreeMap<String, Object>();
    canonical.put("questionnaireVersion", questionnaireVersion);
    canonical.put("patientName", patient.name());
    canonical.put("dateOfBirth", patient.dateOfBirth().toString());
    canonical.put("email", String.valueOf(patient.email()));
    canonical.put("phone", String.valueOf(patient.phone()));
    canonical.put("consentToContact", patient.consentToContact());
    canonical.put("preferredLanguage", patient.preferredLanguage());
    canonical.put("answers", new TreeMap<>(submission.answers()));
    try {
      var digest =
          MessageDigest.getInstance("SHA-256")
              .digest(json.writeValueAsString(canonical).getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(digest);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("Every JVM has SHA-256", e);
    }
  }
}
