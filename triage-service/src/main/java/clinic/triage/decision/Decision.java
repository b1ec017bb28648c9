package clinic.triage.decision;

import clinic.events.Escalation;
import clinic.events.Route;
import clinic.events.TriageDecided;
import clinic.events.TriageDecided.RedFlag;
import clinic.events.TriageDecided.SuspectedCause;
import clinic.events.Urgency;
import clinic.triage.rules.Answers;
import clinic.triage.ruleset.FiredRule;
import clinic.triage.ruleset.TriageRuleset;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * A triage decision as stored and as served: the fields of {@link TriageDecided}, then why (the
 * rules that fired, those that could not be decided, the answers the fired rules read) and what it
 * was decided from (the whole answer set, the age and the amendment of the intake, 0 for the
 * submission).
 *
 * <p>A what-if evaluation is served in this same shape, made by the same mapping, so the two cannot
 * drift apart; as nothing is stored, its {@code intakeId}, {@code decisionId}, {@code
 * decisionVersion} and {@code amendment} are null.
 */
public record Decision(
    UUID intakeId,
    UUID decisionId,
    Integer decisionVersion,
    String rulesetVersion,
    Route route,
    List<Route> secondaryRoutes,
    Urgency urgency,
    Escalation escalation,
    List<SuspectedCause> causes,
    List<RedFlag> redFlags,
    boolean needsClinicianReview,
    List<String> missingAnswers,
    String explanation,
    String preferredLanguage,
    Instant decidedAt,
    List<FiredRule> firedRules,
    List<String> undecidedRules,
    Map<String, Object> answersUsed,
    Map<String, Object> answers,
    Integer ageYears,
    Integer amendment) {

  public Decision {
    // Decisions stored before undecided rules were recorded have none.
    undecidedRules = undecidedRules == null ? List.of() : List.copyOf(undecidedRules);
  }

  /** The next decision of an intake: its answers through the ruleset in use. */
  static Decision of(Answered intake, int version, TriageRuleset rules, Instant now) {
    return decide(
        intake.intakeId(),
        idFor(intake.intakeId(), version),
        version,
        intake.amendment(),
        intake.ageYears(),
        intake.preferredLanguage(),
        intake.answers(),
        intake.questionnaireVersion(),
        rules,
        now);
  }

  /** The decision these answers would get, for a clinician trying a case: never stored. */
  static Decision whatIf(
      int ageYears,
      String preferredLanguage,
      Map<String, Object> answers,
      TriageRuleset rules,
      Instant now) {
    return decide(null, null, null, null, ageYears, preferredLanguage, answers, null, rules, now);
  }

  private static Decision decide(
      UUID intakeId,
      UUID decisionId,
      Integer version,
      Integer amendment,
      int ageYears,
      String preferredLanguage,
      Map<String, Object> answers,
      String questionnaireVersion,
      TriageRuleset rules,
      Instant now) {
    clinic.triage.rules.Decision proposal =
        rules.evaluate(new Answers(ageYears, answers, questionnaireVersion));
    return new Decision(
        intakeId,
        decisionId,
        version,
        proposal.rulesetVersion(),
        proposal.route(),
        proposal.secondaryRoutes(),
        proposal.urgency(),
        proposal.escalation(),
        proposal.causes(),
        proposal.redFlags(),
        proposal.needsClinicianReview(),
        proposal.missingAnswers(),
        proposal.explanation(),
        preferredLanguage,
        // PostgreSQL keeps microseconds: the stored and the published time must be equal.
        now.truncatedTo(ChronoUnit.MICROS),
        rules.firedRules(proposal),
        proposal.undecidedRules(),
        proposal.answersUsed(),
        // JSON may carry null for "not answered", which an immutable copy would refuse.
        Collections.unmodifiableMap(new LinkedHashMap<>(answers)),
        ageYears,
        amendment);
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
        escalation,
        causes,
        redFlags,
        needsClinicianReview,
        missingAnswers,
        explanation,
        preferredLanguage,
        decidedAt);
  }
}
