package clinic.triage.decision;

import clinic.events.IntakeAmended;
import clinic.events.IntakeSubmitted;
import java.util.Map;
import java.util.UUID;

/**
 * A set of answers to decide on: the original submission (amendment 0) or a correction of it, which
 * carries the whole corrected answer set rather than a difference.
 */
record Answered(
    UUID intakeId,
    int amendment,
    int ageYears,
    String preferredLanguage,
    Map<String, Object> answers,
    String questionnaireVersion) {

  static Answered from(IntakeSubmitted submitted) {
    return new Answered(
        submitted.intakeId(),
        0,
        submitted.ageYears(),
        submitted.preferredLanguage(),
        submitted.answers(),
        submitted.questionnaireVersion());
  }

  static Answered from(IntakeAmended amended) {
    return new Answered(
        amended.intakeId(),
        amended.amendment(),
        amended.ageYears(),
        amended.preferredLanguage(),
        amended.answers(),
        amended.questionnaireVersion());
  }
}
