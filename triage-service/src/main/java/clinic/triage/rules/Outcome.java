package clinic.triage.rules;

import clinic.events.Cause;
import clinic.events.Route;
import clinic.events.TriageDecided.RedFlag;
import clinic.events.TriageDecided.Strength;
import clinic.events.Urgency;

/**
 * What a rule adds to the decision when it fires. Every part is optional; the ruleset combines the
 * outcomes of all fired rules (the most urgent route wins, the others become secondary routes).
 *
 * @param route a route this rule proposes, with {@code urgency}
 * @param secondaryRoute a route added beside the main one, never chosen as the main route
 */
record Outcome(
    Cause cause,
    Strength strength,
    RedFlag redFlag,
    Route route,
    Urgency urgency,
    Route secondaryRoute) {

  static Outcome suspect(Cause cause, Strength strength) {
    return new Outcome(cause, strength, null, null, null, null);
  }

  static Outcome redFlag(String code, String reason) {
    return new Outcome(null, null, new RedFlag(code, reason), null, null, null);
  }

  static Outcome routeTo(Route route, Urgency urgency) {
    return new Outcome(null, null, null, route, urgency, null);
  }

  static Outcome alsoRouteTo(Route route) {
    return new Outcome(null, null, null, null, null, route);
  }

  Outcome andRedFlag(String code, String reason) {
    return new Outcome(cause, strength, new RedFlag(code, reason), route, urgency, secondaryRoute);
  }

  Outcome andRouteTo(Route route, Urgency urgency) {
    return new Outcome(cause, strength, redFlag, route, urgency, secondaryRoute);
  }
}
