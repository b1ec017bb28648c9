package clinic.intake.intake;

import clinic.events.Actor;
import clinic.events.Escalation;
import clinic.events.IntakeWithdrawn;
import clinic.intake.nextstep.PatientNotice;
import clinic.intake.progress.IntakeProgress;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/** {@code GET /api/intakes/{id}}: the owning service shows the identity with the answers. */
record IntakeView(
    UUID intakeId,
    String reference,
    IntakeProgress.Status status,
    Instant submittedAt,
    Actor enteredBy,
    PatientView patient,
    int ageYears,
    String preferredLanguage,
    String questionnaireVersion,
    Map<String, Object> answers,
    int amendment,
    List<AmendmentView> amendments,
    Intake.Withdrawal withdrawal,
    IntakeProgress.Triage triage,
    IntakeProgress.Education education,
    IntakeProgress.Referral referral,
    List<PatientNotice> patientNotifications) {

  record PatientView(
      String name, LocalDate dateOfBirth, String email, String phone, boolean consentToContact) {}

  /**
   * The history of corrections; the answers of each are in the database, not repeated here.
   *
   * @param reason why (a code), null when none was given
   */
  record AmendmentView(
      int amendment,
      String questionnaireVersion,
      Instant amendedAt,
      Actor amendedBy,
      Intake.AmendmentReason reason) {}

  static IntakeView from(
      Intake intake,
      List<Intake.Amendment> amendments,
      IntakeProgress progress,
      List<PatientNotice> notices) {
    var patient = intake.patient();
    return new IntakeView(
        intake.id(),
        intake.reference(),
        status(intake, progress),
        intake.submittedAt(),
        intake.enteredBy(),
        new PatientView(
            patient.name(),
            patient.dateOfBirth(),
            patient.email(),
            patient.phone(),
            patient.consentToContact()),
        intake.ageYears(),
        patient.preferredLanguage(),
        intake.questionnaireVersion(),
        intake.answers(),
        intake.amendment(),
        amendments.stream()
            .map(
                a ->
                    new AmendmentView(
                        a.number(),
                        a.questionnaireVersion(),
                        a.amendedAt(),
                        a.amendedBy(),
                        a.reason()))
            .toList(),
        intake.withdrawal(),
        progress.triage(),
        progress.education(),
        progress.referral(),
        notices);
  }

  static IntakeProgress.Status status(Intake intake, IntakeProgress progress) {
    return intake.withdrawn() ? IntakeProgress.Status.WITHDRAWN : progress.status();
  }

  /**
   * {@code GET /api/intakes/{id}/progress}: what the intake's page polls. No identity and no
   * clinical detail but the escalation, which the front desk must see at once: how far the intake
   * has come.
   *
   * @param escalation what the red flags ask for first (triage's, then the clinician's once the
   *     referral is confirmed), null without one
   * @param educationUrl the patient's education page, once assigned
   */
  record Progress(
      UUID intakeId,
      String reference,
      IntakeProgress.Status status,
      Escalation escalation,
      String educationUrl) {

    static Progress from(Intake intake, IntakeProgress progress) {
      return new Progress(
          intake.id(),
          intake.reference(),
          IntakeView.status(intake, progress),
          intake.withdrawn() ? null : progress.escalation(),
          progress.education() == null ? null : progress.education().packetUrl());
    }
  }

  /** The answer to a submission: the same for the first request and for its retries. */
  record Submitted(UUID intakeId, String reference, IntakeProgress.Status status) {}

  record Amended(UUID intakeId, int amendment, IntakeProgress.Status status) {}

  record Withdrawn(
      UUID intakeId,
      IntakeProgress.Status status,
      IntakeWithdrawn.Reason reason,
      Instant withdrawnAt) {}
}
