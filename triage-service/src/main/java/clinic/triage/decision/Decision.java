package clinic.triage.decision;

import clinic.events.Route;
import clinic.events.TriageDecided;
import clinic.events.TriageDecided.RedFlag;
import clinic.events.TriageDecided.SuspectedCause;
import clinic.events.Urgency;
import clinic.triage.rules.Assessment;
import clinic.triage.rules.FiredRule;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * A triage decision as stored and as served: the fields of {@link TriageDecided} followed by the
 * rules that fired and the answers they read, so a clinician can see why, and what it was decided
 * from: the whole answer set, the age and the amendment of the intake (0 for the submission).
 */
public record Decision(
    UUID intakeId,
    UUID decisionId,
    int decisionVersion,
    String rulesetVersion,
    Route route,
    List<Route> secondaryRoutes,
    Urgency urgency,
    List<SuspectedCause> causes,
    List<RedFlag> redFlags,
    boolean needsClinicianReview,
    List<String> missingAnswers,
    String explanation,
    String preferredLanguage,
    Instant decidedAt,
    List<FiredRule> firedRules,
    Map<String, Object> answersUsed,
    Map<String, Object> answers,
    Integer ageYears,
    int amendment) {

  static Decision of(Answered intake, int version, Assessment assessment, Instant now) {
    return new Decision(
        intake.intakeId(),
        idFor(intake.intakeId(), version),
        version,
        assessment.rulesetVersion(),
        assessment.route(),
        assessment.secondaryRoutes(),
        assessment.urgency(),
        assessment.causes(),
        assessment.redFlags(),
        assessment.needsClinicianReview(),
        assessment.missingAnswers(),
        assessment.explanation(),
        intake.preferredLanguage(),
        // PostgreSQL keeps microseconds: the stored and the published time must be equal.
        now.truncatedTo(ChronoUnit.MICROS),
        assessment.firedRules(),
        assessment.answersUsed(),
        intake.answers(),
        intake.ageYears(),
        intake.amendment());
  }

  /** Derived, not random, so that the same decision always has the same id (and ce_id). */
  static UUID idFor(UUID intakeId, int version) {
    return UUID.nameUUIDFromBytes(
        ("triage-decision/" + intakeId + "/" + version).getBytes(StandardCharsets.UTF_8));
  }

  TriageDecided toEvent() {
    return new TriageDecided(
        intakeId,
        decisionId,
        decisionVersion,
        rulesetVersion,
        route,
        secondaryRoutes,
        urgency,
        causes,
        redFlags,
        needsClinicianReview,
        missingAnswers,
        explanation,
        preferredLanguage,
        decidedAt);
  }
}
