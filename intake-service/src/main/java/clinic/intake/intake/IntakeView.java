package clinic.intake.intake;

import clinic.intake.progress.IntakeProgress;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Map;
import java.util.UUID;

/** {@code GET /api/intakes/{id}}: the owning service shows the identity with the answers. */
record IntakeView(
    UUID intakeId,
    IntakeProgress.Status status,
    Instant submittedAt,
    Patient patient,
    int ageYears,
    String preferredLanguage,
    String questionnaireVersion,
    Map<String, Object> answers,
    IntakeProgress.Triage triage,
    IntakeProgress.Education education) {

  record Patient(
      String name, LocalDate dateOfBirth, String email, String phone, boolean consentToContact) {}

  static IntakeView from(Intake intake, IntakeProgress progress) {
    return new IntakeView(
        intake.id(),
        progress.status(),
        intake.submittedAt(),
        new Patient(
            intake.patientName(),
            intake.dateOfBirth(),
            intake.email(),
            intake.phone(),
            intake.consentToContact()),
        intake.ageYears(),
        intake.preferredLanguage(),
        intake.questionnaireVersion(),
        intake.answers(),
        progress.triage(),
        progress.education());
  }
}
