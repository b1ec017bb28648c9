package clinic.intake.intake;

import clinic.events.Actor;
import clinic.events.IntakeAmended;
import clinic.events.IntakeSubmitted;
import clinic.events.IntakeWithdrawn;
import clinic.intake.progress.IntakeProgress;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;

/**
 * An accepted questionnaire as this service stores it, identity included.
 *
 * @param answers the current clinical answers: as submitted, or as last amended
 * @param amendment how many times the answers were corrected (0: never)
 * @param status as stored: the progress learnt from events, or {@code WITHDRAWN}
 * @param enteredBy the staff member who entered it; null for intakes from before sign-in
 * @param withdrawal null unless withdrawn
 * @param idempotencyKey the client's key for the submission, null when it sent none
 * @param fingerprint a hash of the validated submission, to tell a retry from a reused key
 */
record Intake(
    UUID id,
    Patient patient,
    int ageYears,
    String questionnaireVersion,
    Map<String, Object> answers,
    int amendment,
    IntakeProgress.Status status,
    Instant submittedAt,
    Actor enteredBy,
    Withdrawal withdrawal,
    String idempotencyKey,
    String fingerprint) {

  /**
   * @param withdrawnBy null for withdrawals from before sign-in
   */
  record Withdrawal(IntakeWithdrawn.Reason reason, Instant withdrawnAt, Actor withdrawnBy) {}

  /**
   * One correction of the answers, kept as history next to the set it replaced.
   *
   * @param amendedBy null for amendments from before sign-in
   * @param reason null for amendments from before reasons were asked, and API clients giving none
   */
  record Amendment(
      UUID amendmentId,
      UUID intakeId,
      int number,
      String questionnaireVersion,
      Map<String, Object> answers,
      Map<String, Object> previousAnswers,
      Instant amendedAt,
      Actor amendedBy,
      AmendmentReason reason) {}

  /** Why the answers were corrected: a code, never free text that could identify someone. */
  enum AmendmentReason {
    /** Typed or chosen wrongly when the questionnaire was filled in. */
    ENTRY_ERROR,
    /** The patient corrected an answer. */
    PATIENT_CORRECTION,
    /** Something changed or came to light since (a new symptom, a worse pain). */
    NEW_INFORMATION
  }

  static Intake from(
      IntakeValidator.Submission submission,
      UUID id,
      String questionnaireVersion,
      Instant submittedAt,
      Actor enteredBy,
      LocalDate today,
      String idempotencyKey,
      String fingerprint) {
    return new Intake(
        id,
        submission.patient(),
        submission.patient().ageOn(today),
        questionnaireVersion,
        submission.answers(),
        0,
        IntakeProgress.Status.SUBMITTED,
        submittedAt,
        enteredBy,
        null,
        idempotencyKey,
        fingerprint);
  }

  /**
   * The short reference the front desk reads out and the patient writes down: the first eight hex
   * digits of the id. The id itself stays the key everywhere.
   */
  String reference() {
    return reference(id);
  }

  static String reference(UUID id) {
    var hex = id.toString().substring(0, 8).toUpperCase(Locale.ROOT);
    return hex.substring(0, 4) + "-" + hex.substring(4);
  }

  boolean withdrawn() {
    return withdrawal != null;
  }

  /** What triage needs to know: age in years, never the name, date of birth or contact. */
  IntakeSubmitted toSubmitted() {
    return new IntakeSubmitted(
        id, questionnaireVersion, ageYears, patient.preferredLanguage(), answers, submittedAt);
  }

  /** The next correction of the answers; a withdrawn intake takes none. */
  Amendment amend(
      UUID amendmentId,
      Map<String, Object> corrected,
      String version,
      Instant amendedAt,
      Actor by,
      AmendmentReason reason) {
    if (withdrawn()) {
      throw IntakeConflict.withdrawn(id);
    }
    return new Amendment(
        amendmentId, id, amendment + 1, version, corrected, answers, amendedAt, by, reason);
  }

  /** The whole corrected set for triage to decide again: the age as of today, no identity. */
  IntakeAmended announce(Amendment change, LocalDate today) {
    return new IntakeAmended(
        id,
        change.amendmentId(),
        change.number(),
        change.questionnaireVersion(),
        patient.ageOn(today),
        patient.preferredLanguage(),
        change.answers(),
        change.amendedBy(),
        change.amendedAt());
  }

  /** Withdrawal is final: withdrawing twice is a conflict, not a no-op, so nobody is misled. */
  IntakeWithdrawn withdraw(IntakeWithdrawn.Reason reason, Instant withdrawnAt, Actor by) {
    if (withdrawn()) {
      throw IntakeConflict.withdrawn(id);
    }
    return new IntakeWithdrawn(id, reason, by, withdrawnAt);
  }
}
