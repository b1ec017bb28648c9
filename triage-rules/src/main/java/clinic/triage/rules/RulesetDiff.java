package clinic.triage.rules;

import clinic.events.TriageDecided.RedFlag;
import clinic.events.TriageDecided.SuspectedCause;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.stream.Collectors;

/**
 * What a candidate ruleset would change: the same answers (stored intakes, or the vignettes) run
 * through the current and the candidate ruleset, listing every input whose escalation, route,
 * urgency, causes, red flags or review need differ. A rule change is reviewed on this before it
 * goes live.
 *
 * @param compared how many inputs were run through both
 * @param changes the inputs whose decision changes, in input order
 */
public record RulesetDiff(
    String currentVersion, String candidateVersion, int compared, List<Change> changes) {

  public RulesetDiff {
    Objects.requireNonNull(currentVersion, "currentVersion");
    Objects.requireNonNull(candidateVersion, "candidateVersion");
    changes = List.copyOf(changes);
  }

  /**
   * One input whose decision changes.
   *
   * @param label the input's name (an intake id, a vignette), or its position as "#1", "#2"...
   * @param differences one line per changed aspect, "aspect: before → after"
   */
  public record Change(
      String label, Answers answers, Decision before, Decision after, List<String> differences) {
    public Change {
      differences = List.copyOf(differences);
    }
  }

  /** Compares the rulesets on inputs labelled by position ("#1", "#2", ...). */
  public static RulesetDiff compare(Ruleset current, Ruleset candidate, List<Answers> inputs) {
    Map<String, Answers> labelled = new LinkedHashMap<>();
    for (int i = 0; i < inputs.size(); i++) {
      labelled.put("#" + (i + 1), inputs.get(i));
    }
    return compare(current, candidate, labelled);
  }

  /** Compares the rulesets on labelled inputs, in the map's iteration order. */
  public static RulesetDiff compare(
      Ruleset current, Ruleset candidate, Map<String, Answers> inputs) {
    List<Change> changes = new ArrayList<>();
    for (Map.Entry<String, Answers> input : inputs.entrySet()) {
      Decision before = current.evaluate(input.getValue());
      Decision after = candidate.evaluate(input.getValue());
      List<String> differences = differences(before, after);
      if (!differences.isEmpty()) {
        changes.add(new Change(input.getKey(), input.getValue(), before, after, differences));
      }
    }
    return new RulesetDiff(current.version(), candidate.version(), inputs.size(), changes);
  }

  private static List<String> differences(Decision before, Decision after) {
    List<String> lines = new ArrayList<>();
    add(lines, "escalation", escalation(before), escalation(after));
    add(lines, "urgency", before.urgency(), after.urgency());
    add(lines, "route", before.route(), after.route());
    add(lines, "secondary routes", list(before.secondaryRoutes()), list(after.secondaryRoutes()));
    add(lines, "causes", causes(before.causes()), causes(after.causes()));
    add(lines, "red flags", redFlags(before.redFlags()), redFlags(after.redFlags()));
    add(lines, "clinician review", review(before), review(after));
    return lines;
  }

  private static void add(List<String> lines, String aspect, Object before, Object after) {
    if (!before.equals(after)) {
      lines.add(aspect + ": " + before + " → " + after);
    }
  }

  private static String escalation(Decision decision) {
    return decision.escalation() == null ? "none" : decision.escalation().name();
  }

  private static String list(List<?> values) {
    return values.isEmpty()
        ? "none"
        : values.stream().map(String::valueOf).collect(Collectors.joining(", "));
  }

  private static String causes(List<SuspectedCause> causes) {
    return causes.isEmpty()
        ? "none"
        : causes.stream()
            .map(cause -> cause.cause() + " (" + Rule.name(cause.strength()) + ")")
            .collect(Collectors.joining(", "));
  }

  /** Codes and reasons: two flags may share a code and differ in what was found. */
  private static String redFlags(List<RedFlag> flags) {
    return flags.isEmpty()
        ? "none"
        : flags.stream()
            .map(flag -> flag.code() + " (" + flag.reason() + ")")
            .collect(Collectors.joining(", "));
  }

  private static String review(Decision decision) {
    return decision.needsClinicianReview()
        ? "yes (missing " + String.join(", ", decision.missingAnswers()) + ")"
        : "no";
  }

  /** The diff as text: a heading, then each changed input with its differences and rule changes. */
  public String render() {
    StringBuilder text = new StringBuilder();
    text.append("Ruleset ")
        .append(currentVersion)
        .append(" → ")
        .append(candidateVersion)
        .append(": ")
        .append(changes.size())
        .append(" of ")
        .append(compared)
        .append(compared == 1 ? " decision changes" : " decisions change")
        .append('\n');
    for (Change change : changes) {
      text.append('\n').append(change.label()).append('\n');
      for (String difference : change.differences()) {
        text.append("  ").append(difference).append('\n');
      }
      List<String> gone = new ArrayList<>(change.before().firedRules());
      gone.removeAll(change.after().firedRules());
      List<String> added = new ArrayList<>(change.after().firedRules());
      added.removeAll(change.before().firedRules());
      if (!gone.isEmpty() || !added.isEmpty()) {
        text.append("  rules:");
        gone.forEach(id -> text.append(" -").append(id));
        added.forEach(id -> text.append(" +").append(id));
        text.append('\n');
      }
    }
    return text.toString();
  }
}
