package clinic.triage.rules;

import clinic.events.Route;
import clinic.events.TriageDecided.RedFlag;
import clinic.events.TriageDecided.SuspectedCause;
import clinic.events.Urgency;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What the ruleset concluded from one set of answers. Pure data: the same answers always give an
 * equal assessment.
 *
 * @param answersUsed question id to the answer the fired rules read
 */
public record Assessment(
    String rulesetVersion,
    Route route,
    List<Route> secondaryRoutes,
    Urgency urgency,
    List<SuspectedCause> causes,
    List<RedFlag> redFlags,
    boolean needsClinicianReview,
    List<String> missingAnswers,
    String explanation,
    List<FiredRule> firedRules,
    Map<String, Object> answersUsed) {

  public Assessment {
    secondaryRoutes = List.copyOf(secondaryRoutes);
    causes = List.copyOf(causes);
    redFlags = List.copyOf(redFlags);
    missingAnswers = List.copyOf(missingAnswers);
    firedRules = List.copyOf(firedRules);
    answersUsed = Collections.unmodifiableMap(new LinkedHashMap<>(answersUsed));
  }
}
