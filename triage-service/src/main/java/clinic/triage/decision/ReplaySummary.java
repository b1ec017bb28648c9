package clinic.triage.decision;

import clinic.events.TriageDecided.RedFlag;
import clinic.events.TriageDecided.SuspectedCause;
import clinic.triage.rules.Decision;
import clinic.triage.rules.RulesetDiff;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.UUID;

/**
 * What a candidate ruleset would change, told as counts per kind of change and the ids of the
 * intakes that change: never an answer, an explanation or which rule fired for whom, so that a
 * candidate written to match one answer cannot read anyone's answers back.
 *
 * @param replayed how many stored intakes were decided by both rulesets
 * @param changed how many of them would be decided differently
 * @param escalation "before->after" (an escalation or "none") to how many intakes change so: a
 *     candidate that drops or lowers a red flag's escalation shows here
 * @param urgency "before->after" to how many intakes change so
 * @param route the same for the primary route
 * @param changedIntakeIds the intakes that change, in the order they were first decided
 */
record ReplaySummary(
    String current,
    String candidate,
    int replayed,
    int changed,
    SortedMap<String, Integer> escalation,
    SortedMap<String, Integer> urgency,
    SortedMap<String, Integer> route,
    AddedRemoved secondaryRoutes,
    Causes causes,
    AddedRemoved redFlags,
    SortedMap<String, Integer> clinicianReview,
    List<UUID> changedIntakeIds) {

  /** How many decisions gain, and how many lose, each value. */
  record AddedRemoved(SortedMap<String, Integer> added, SortedMap<String, Integer> removed) {
    AddedRemoved() {
      this(new TreeMap<>(), new TreeMap<>());
    }

    void count(Set<String> before, Set<String> after) {
      after.stream().filter(v -> !before.contains(v)).forEach(v -> added.merge(v, 1, Integer::sum));
      before.stream()
          .filter(v -> !after.contains(v))
          .forEach(v -> removed.merge(v, 1, Integer::sum));
    }
  }

  /**
   * @param strength "CAUSE: BEFORE->AFTER" for a cause kept with another strength
   */
  record Causes(
      SortedMap<String, Integer> added,
      SortedMap<String, Integer> removed,
      SortedMap<String, Integer> strength) {}

  static ReplaySummary of(RulesetDiff diff) {
    var escalation = new TreeMap<String, Integer>();
    var urgency = new TreeMap<String, Integer>();
    var route = new TreeMap<String, Integer>();
    var secondary = new AddedRemoved();
    var causes = new AddedRemoved();
    var strength = new TreeMap<String, Integer>();
    var redFlags = new AddedRemoved();
    var review = new TreeMap<String, Integer>();
    List<UUID> ids = new ArrayList<>();
    for (RulesetDiff.Change change : diff.changes()) {
      Decision before = change.before();
      Decision after = change.after();
      ids.add(UUID.fromString(change.label()));
      count(escalation, orNone(before.escalation()), orNone(after.escalation()));
      count(urgency, before.urgency(), after.urgency());
      count(route, before.route(), after.route());
      secondary.count(names(before.secondaryRoutes()), names(after.secondaryRoutes()));
      Map<String, String> causesBefore = strengths(before.causes());
      Map<String, String> causesAfter = strengths(after.causes());
      causes.count(causesBefore.keySet(), causesAfter.keySet());
      causesBefore.forEach(
          (cause, was) -> {
            String now = causesAfter.get(cause);
            if (now != null && !now.equals(was)) {
              strength.merge(cause + ": " + was + "->" + now, 1, Integer::sum);
            }
          });
      redFlags.count(codes(before.redFlags()), codes(after.redFlags()));
      count(review, yesNo(before.needsClinicianReview()), yesNo(after.needsClinicianReview()));
    }
    return new ReplaySummary(
        diff.currentVersion(),
        diff.candidateVersion(),
        diff.compared(),
        ids.size(),
        escalation,
        urgency,
        route,
        secondary,
        new Causes(causes.added(), causes.removed(), strength),
        redFlags,
        review,
        List.copyOf(ids));
  }

  private static void count(Map<String, Integer> counts, Object before, Object after) {
    if (!before.equals(after)) {
      counts.merge(before + "->" + after, 1, Integer::sum);
    }
  }

  private static String orNone(Object value) {
    return value == null ? "none" : value.toString();
  }

  private static Set<String> names(List<?> values) {
    Set<String> names = new LinkedHashSet<>();
    values.forEach(v -> names.add(String.valueOf(v)));
    return names;
  }

  private static Map<String, String> strengths(List<SuspectedCause> causes) {
    Map<String, String> strengths = new TreeMap<>();
    causes.forEach(c -> strengths.put(c.cause().name(), c.strength().name()));
    return strengths;
  }

  private static Set<String> codes(List<RedFlag> flags) {
    Set<String> codes = new LinkedHashSet<>();
    flags.forEach(flag -> codes.add(flag.code()));
    return codes;
  }

  private static String yesNo(boolean value) {
    return value ? "yes" : "no";
  }

  /** The counts without the intake ids: what the audit keeps. */
  Map<String, Object> counts() {
    return Map.of(
        "escalation", escalation,
        "urgency", urgency,
        "route", route,
        "secondaryRoutes", secondaryRoutes,
        "causes", causes,
        "redFlags", redFlags,
        "clinicianReview", clinicianReview);
  }

  /** The same summary as text: the heading, each count, then the ids of the changed intakes. */
  String render() {
    StringBuilder text = new StringBuilder();
    text.append("Ruleset ")
        .append(current)
        .append(" → ")
        .append(candidate)
        .append(": ")
        .append(changed)
        .append(" of ")
        .append(replayed)
        .append(replayed == 1 ? " decision changes" : " decisions change")
        .append('\n');
    section(text, "escalation", escalation);
    section(text, "urgency", urgency);
    section(text, "route", route);
    section(text, "secondary routes added", secondaryRoutes.added());
    section(text, "secondary routes removed", secondaryRoutes.removed());
    section(text, "causes added", causes.added());
    section(text, "causes removed", causes.removed());
    section(text, "cause strength", causes.strength());
    section(text, "red flags added", redFlags.added());
    section(text, "red flags removed", redFlags.removed());
    section(text, "clinician review", clinicianReview);
    if (!changedIntakeIds.isEmpty()) {
      text.append("\nchanged intakes\n");
      changedIntakeIds.forEach(id -> text.append("  ").append(id).append('\n'));
    }
    return text.toString();
  }

  private static void section(StringBuilder text, String title, Map<String, Integer> counts) {
    if (counts.isEmpty()) {
      return;
    }
    text.append('\n').append(title).append('\n');
    counts.forEach((what, n) -> text.append("  ").append(what).append(": ").append(n).append('\n'));
  }
}
