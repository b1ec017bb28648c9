package clinic.triage.rules;

import clinic.events.Escalation;
import clinic.events.Route;
import clinic.events.TriageDecided.RedFlag;
import clinic.events.TriageDecided.SuspectedCause;
import clinic.events.Urgency;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * What the ruleset proposes for one set of answers, and why. Equal answers and an equal ruleset
 * give an equal decision: every list has a fixed order (red flags and fired rules in ruleset order,
 * causes likely first then in {@code Cause} order, routes and answers in questionnaire or enum
 * order).
 *
 * @param route the primary route: that of the most urgent rule proposing one
 * @param secondaryRoutes every other route a fired rule proposed, in {@code Route} order
 * @param urgency the most urgent of the fired rules (red flags are always EMERGENCY or URGENT)
 * @param escalation what the red flags ask for first, the most urgent of the fired red-flag rules'
 *     (emergency assessment today, urgent specialist review), apart from the route; null without a
 *     red flag
 * @param causes suspected causes, each with the question ids its rules read
 * @param redFlags one per fired red-flag rule
 * @param needsClinicianReview true when a rule could not be decided because an answer is missing
 * @param missingAnswers the question ids whose missing (or unreadable) answer left a rule undecided
 * @param firedRules ids of the rules that fired, in ruleset order
 * @param undecidedRules ids of the rules that could not be decided
 * @param answersUsed the answers the fired rules read (question id to answer, age as {@code
 *     ageYears}), in questionnaire order
 * @param explanation a few lines a clinician can check in seconds, made from the fired rules' texts
 */
public record Decision(
    String rulesetVersion,
    Route route,
    List<Route> secondaryRoutes,
    Urgency urgency,
    Escalation escalation,
    List<SuspectedCause> causes,
    List<RedFlag> redFlags,
    boolean needsClinicianReview,
    List<String> missingAnswers,
    List<String> firedRules,
    List<String> undecidedRules,
    Map<String, Object> answersUsed,
    String explanation) {

  public Decision {
    Objects.requireNonNull(rulesetVersion, "rulesetVersion");
    Objects.requireNonNull(route, "route");
    secondaryRoutes = List.copyOf(secondaryRoutes);
    Objects.requireNonNull(urgency, "urgency");
    causes = List.copyOf(causes);
    redFlags = List.copyOf(redFlags);
    missingAnswers = List.copyOf(missingAnswers);
    firedRules = List.copyOf(firedRules);
    undecidedRules = List.copyOf(undecidedRules);
    answersUsed = UsedAnswers.copyOf(answersUsed);
    Objects.requireNonNull(explanation, "explanation");
  }
}
