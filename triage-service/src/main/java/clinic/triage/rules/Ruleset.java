package clinic.triage.rules;

import clinic.events.Cause;
import clinic.events.Route;
import clinic.events.TriageDecided.RedFlag;
import clinic.events.TriageDecided.Strength;
import clinic.events.TriageDecided.SuspectedCause;
import clinic.events.Urgency;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * A versioned set of triage rules and how their outcomes combine into one proposal. Every rule is
 * tried; the most urgent proposed route wins (a surgical consult before physical therapy before a
 * medication review at equal urgency) and the other routes become secondary routes.
 *
 * @param fallback applied when no rule proposes a route, so that such an intake is reviewed rather
 *     than left without a route
 */
public record Ruleset(String version, List<Rule> rules, Rule fallback) {

  /** At equal urgency, the route that needs the most specialised care leads. */
  private static final List<Route> ROUTE_PRECEDENCE =
      List.of(Route.SURGICAL_CONSULT, Route.PHYSICAL_THERAPY, Route.MEDICATION_REVIEW);

  public Ruleset {
    rules = List.copyOf(rules);
  }

  /** The ruleset new intakes are triaged with. */
  public static Ruleset current() {
    return SpineAndKneeRules.V0_1_0;
  }

  public Assessment assess(Answers answers) {
    List<Rule> fired = new ArrayList<>();
    Set<String> missing = new LinkedHashSet<>();
    Urgency unansweredFloor = Urgency.ROUTINE;
    for (Rule rule : rules) {
      switch (rule.when().test(answers)) {
        case TRUE -> fired.add(rule);
        case UNKNOWN -> {
          missing.addAll(answers.unanswered(rule.when().questions()));
          unansweredFloor = mostUrgent(unansweredFloor, rule.ifUnanswered());
        }
        case FALSE -> {}
      }
    }
    boolean usedFallback = fired.stream().noneMatch(r -> r.then().route() != null);
    if (usedFallback) {
      fired.add(fallback);
    }

    Rule lead = fired.stream().filter(r -> r.then().route() != null).min(BY_URGENCY).orElseThrow();
    Route route = lead.then().route();
    Urgency urgency =
        missing.isEmpty()
            ? lead.then().urgency()
            : mostUrgent(lead.then().urgency(), unansweredFloor);
    List<Route> secondaryRoutes = secondaryRoutes(fired, route);
    List<SuspectedCause> causes = causes(fired);
    List<RedFlag> redFlags = redFlags(fired);
    boolean needsReview = usedFallback || !missing.isEmpty();

    Set<String> used = new LinkedHashSet<>();
    fired.forEach(r -> used.addAll(r.when().questions()));
    return new Assessment(
        version,
        route,
        secondaryRoutes,
        urgency,
        causes,
        redFlags,
        needsReview,
        List.copyOf(missing),
        explain(route, urgency, secondaryRoutes, fired, missing),
        fired.stream()
            .map(r -> new FiredRule(r.id(), r.explanation(), List.copyOf(r.when().questions())))
            .toList(),
        answers.only(used));
  }

  private static final Comparator<Rule> BY_URGENCY =
      Comparator.<Rule, Urgency>comparing(r -> r.then().urgency())
          .thenComparing(r -> ROUTE_PRECEDENCE.indexOf(r.then().route()));

  private static Urgency mostUrgent(Urgency a, Urgency b) {
    return a.compareTo(b) <= 0 ? a : b;
  }

  private static List<Route> secondaryRoutes(List<Rule> fired, Route route) {
    Set<Route> routes = new LinkedHashSet<>();
    for (Rule rule : fired) {
      if (rule.then().route() != null) {
        routes.add(rule.then().route());
      }
      if (rule.then().secondaryRoute() != null) {
        routes.add(rule.then().secondaryRoute());
      }
    }
    routes.remove(route);
    return routes.stream().sorted(Comparator.comparing(ROUTE_PRECEDENCE::indexOf)).toList();
  }

  /** One entry per cause: the strongest strength any rule gave it, the evidence of all of them. */
  private static List<SuspectedCause> causes(List<Rule> fired) {
    Map<Cause, Strength> strengths = new LinkedHashMap<>();
    Map<Cause, Set<String>> evidence = new LinkedHashMap<>();
    for (Rule rule : fired) {
      Cause cause = rule.then().cause();
      if (cause != null) {
        strengths.merge(cause, rule.then().strength(), (a, b) -> a.compareTo(b) <= 0 ? a : b);
        evidence.computeIfAbsent(cause, c -> new LinkedHashSet<>()).addAll(rule.when().questions());
      }
    }
    return strengths.entrySet().stream()
        .map(
            e ->
                new SuspectedCause(e.getKey(), e.getValue(), List.copyOf(evidence.get(e.getKey()))))
        .sorted(Comparator.comparing(SuspectedCause::strength))
        .toList();
  }

  private static List<RedFlag> redFlags(List<Rule> fired) {
    Map<String, List<String>> reasons = new LinkedHashMap<>();
    for (Rule rule : fired) {
      RedFlag flag = rule.then().redFlag();
      if (flag != null) {
        reasons.computeIfAbsent(flag.code(), c -> new ArrayList<>()).add(flag.reason());
      }
    }
    return reasons.entrySet().stream()
        .map(e -> new RedFlag(e.getKey(), String.join("; ", e.getValue())))
        .toList();
  }

  private static String explain(
      Route route,
      Urgency urgency,
      List<Route> secondaryRoutes,
      List<Rule> fired,
      Set<String> missing) {
    StringBuilder text =
        new StringBuilder("Proposed: ").append(words(route)).append(", ").append(words(urgency));
    if (!secondaryRoutes.isEmpty()) {
      text.append("; also ")
          .append(secondaryRoutes.stream().map(Ruleset::words).collect(Collectors.joining(", ")));
    }
    text.append('.');
    fired.forEach(r -> text.append(' ').append(r.explanation()));
    if (!missing.isEmpty()) {
      text.append(" Not answered: ")
          .append(String.join(", ", missing))
          .append(". A clinician must review before this proposal is relied on.");
    }
    return text.toString();
  }

  private static String words(Enum<?> value) {
    return value.name().toLowerCase(Locale.ROOT).replace('_', ' ');
  }
}
