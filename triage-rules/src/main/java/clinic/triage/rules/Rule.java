package clinic.triage.rules;

import clinic.events.Cause;
import clinic.events.Escalation;
import clinic.events.Route;
import clinic.events.TriageDecided.RedFlag;
import clinic.events.TriageDecided.Strength;
import clinic.events.Urgency;
import java.util.List;
import java.util.Locale;

/**
 * One compiled rule of the ruleset: when it fires and what it concludes.
 *
 * @param reads the answer slots its condition reads, ascending
 * @param escalation what a red-flag rule asks for first (every red-flag rule names one), else null
 * @param evidence the slots named as evidence for its cause, or null: the answers that made it fire
 * @param line its sentence in a decision's explanation
 */
record Rule(
    String id,
    List<String> sources,
    Expr when,
    String because,
    RedFlag redFlag,
    Escalation escalation,
    Urgency urgency,
    Route route,
    List<Route> secondaryRoutes,
    Cause cause,
    Strength strength,
    int[] reads,
    int[] evidence,
    String line) {

  static String name(Enum<?> value) {
    return value.name().toLowerCase(Locale.ROOT).replace('_', ' ');
  }

  static String line(String id, RedFlag redFlag, Cause cause, Strength strength, String because) {
    if (redFlag != null) {
      return "Red flag " + redFlag.code() + ": " + redFlag.reason() + " [" + id + "]";
    }
    if (cause != null) {
      String level = strength == Strength.LIKELY ? "Likely " : "Possible ";
      return level + name(cause) + ": " + because + " [" + id + "]";
    }
    return Character.toUpperCase(because.charAt(0)) + because.substring(1) + " [" + id + "]";
  }
}
