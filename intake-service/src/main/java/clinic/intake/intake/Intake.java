package clinic.intake.intake;

import clinic.events.IntakeSubmitted;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Map;
import java.util.UUID;

/** An accepted questionnaire as this service stores it, identity included. */
record Intake(
    UUID id,
    String patientName,
    LocalDate dateOfBirth,
    String email,
    String phone,
    boolean consentToContact,
    String preferredLanguage,
    int ageYears,
    String questionnaireVersion,
    Map<String, Object> answers,
    Instant submittedAt) {

  /** Bumped whenever a question is added, removed or changes meaning. */
  static final String QUESTIONNAIRE_VERSION = "1";

  static Intake from(IntakeRequest request, UUID id, Instant submittedAt, LocalDate today) {
    return new Intake(
        id,
        request.patientName().strip(),
        request.dateOfBirth(),
        blankToNull(request.email()),
        blankToNull(request.phone()),
        request.consentToContact(),
        request.preferredLanguage(),
        request.ageOn(today),
        QUESTIONNAIRE_VERSION,
        request.answers().toEventAnswers(),
        submittedAt);
  }

  /** What triage needs to know: age in years, never the name, date of birth or contact. */
  IntakeSubmitted toSubmitted() {
    return new IntakeSubmitted(
        id, questionnaireVersion, ageYears, preferredLanguage, answers, submittedAt);
  }

  private static String blankToNull(String value) {
    return value == null || value.isBlank() ? null : value.strip();
  }
}
