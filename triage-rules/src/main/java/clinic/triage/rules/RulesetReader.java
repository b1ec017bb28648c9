package clinic.triage.rules;

import clinic.events.Cause;
import clinic.events.Escalation;
import clinic.events.Route;
import clinic.events.TriageDecided.RedFlag;
import clinic.events.TriageDecided.Strength;
import clinic.events.Urgency;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.JsonNode;
import tools.jackson.dataformat.yaml.YAMLMapper;

/**
 * Reads a ruleset file and validates all of it before anything is used: every problem is collected
 * (not just the first) and reported with the file, the rule and what is wrong.
 */
final class RulesetReader {

  private static final YAMLMapper YAML =
      YAMLMapper.builder().enable(DeserializationFeature.FAIL_ON_READING_DUP_TREE_KEY).build();

  private static final Set<String> TOP_KEYS =
      ordered(
          "version",
          "sources",
          "defaults",
          "routePriority",
          "undecidedRedFlagUrgency",
          "definitions",
          "rules");
  private static final Set<String> RULE_KEYS =
      ordered(
          "id",
          "source",
          "when",
          "because",
          "redFlag",
          "escalation",
          "urgency",
          "route",
          "secondaryRoutes",
          "cause",
          "strength",
          "evidence");
  private static final Set<String> RED_FLAG_KEYS = ordered("code", "reason");
  private static final Set<String> DEFAULT_KEYS = ordered("route", "urgency");
  private static final Pattern RULE_ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]*");
  private static final Pattern CODE = Pattern.compile("[A-Z][A-Z0-9_]*");

  private final String file;
  private final Slots slots;
  private final List<String> problems = new ArrayList<>();

  RulesetReader(String file, Slots slots) {
    this.file = file;
    this.slots = slots;
  }

  private static Set<String> ordered(String... keys) {
    return new LinkedHashSet<>(Arrays.asList(keys));
  }

  Ruleset read(String yaml) {
    JsonNode root;
    try {
      root = YAML.readTree(yaml);
    } catch (JacksonException e) {
      String where =
          e.getLocation() == null || e.getLocation().getLineNr() < 1
              ? ""
              : " (line " + e.getLocation().getLineNr() + ")";
      throw new RulesetException(
          file + ": not valid YAML" + where + ": " + e.getOriginalMessage(), e);
    }
    if (root == null || !root.isObject()) {
      throw new RulesetException(
          List.of(file + ": expected a mapping with 'version', 'sources' and 'rules'"));
    }
    String top = file + ": ";
    Consumer<String> here = problem -> problems.add(top + problem);
    unknownKeys(root, TOP_KEYS, here);

    String version = text(root.get("version"), "version", here);
    Map<String, String> sources = sources(root.get("sources"), here);

    Route defaultRoute = Route.PHYSICAL_THERAPY;
    Urgency defaultUrgency = Urgency.ROUTINE;
    JsonNode defaults = root.get("defaults");
    if (defaults != null) {
      Consumer<String> inDefaults = problem -> problems.add(top + "defaults: " + problem);
      if (!defaults.isObject()) {
        inDefaults.accept("expected a mapping with 'route' and 'urgency'");
      } else {
        unknownKeys(defaults, DEFAULT_KEYS, inDefaults);
        defaultRoute = orElse(value(defaults.get("route"), Route.class, inDefaults), defaultRoute);
        defaultUrgency =
            orElse(value(defaults.get("urgency"), Urgency.class, inDefaults), defaultUrgency);
      }
    }
    List<Route> routePriority = routePriority(root.get("routePriority"), here);
    Urgency undecided =
        orElse(value(root.get("undecidedRedFlagUrgency"), Urgency.class, here), Urgency.URGENT);

    ConditionReader conditions = new ConditionReader(slots);
    definitions(root.get("definitions"), conditions);
    List<Rule> rules = rules(root.get("rules"), conditions, sources.keySet());

    if (!problems.isEmpty()) {
      throw new RulesetException(problems);
    }
    return new Ruleset(
        version, sources, defaultRoute, defaultUrgency, routePriority, undecided, rules, slots);
  }

  private Map<String, String> sources(JsonNode node, Consumer<String> problems) {
    Map<String, String> sources = new LinkedHashMap<>();
    if (node == null || !node.isObject() || node.isEmpty()) {
      problems.accept(
          "missing sources: list the documents the rules cite, as id: title (e.g. nice-ng59:"
              + " \"NICE NG59 ...\")");
      return sources;
    }
    for (Map.Entry<String, JsonNode> source : node.properties()) {
      String title = source.getValue().isString() ? source.getValue().stringValue().trim() : "";
      if (title.isEmpty()) {
        problems.accept("source '" + source.getKey() + "' needs a title");
      }
      sources.put(source.getKey(), title);
    }
    return sources;
  }

  private List<Route> routePriority(JsonNode node, Consumer<String> problems) {
    List<Route> fallback =
        List.of(Route.SURGICAL_CONSULT, Route.MEDICATION_REVIEW, Route.PHYSICAL_THERAPY);
    if (node == null) {
      return fallback;
    }
    List<Route> priority = list(node, Route.class, problems);
    if (priority.size() != Route.values().length
        || Set.copyOf(priority).size() != priority.size()) {
      problems.accept(
          "routePriority must list each route once: " + Arrays.toString(Route.values()));
      return fallback;
    }
    return priority;
  }

  private void definitions(JsonNode node, ConditionReader conditions) {
    if (node == null) {
      return;
    }
    if (!node.isObject()) {
      problems.add(file + ": definitions: expected a mapping of name: condition");
      return;
    }
    conditions.declare(Set.copyOf(node.propertyNames()));
    for (Map.Entry<String, JsonNode> definition : node.properties()) {
      String name = definition.getKey();
      Consumer<String> here =
          problem -> problems.add(file + ": definition '" + name + "': " + problem);
      conditions.checkName(name).ifPresent(here);
      Expr expr = conditions.read(definition.getValue(), here);
      if (expr != null) {
        conditions.define(name, expr);
      }
    }
  }

  private List<Rule> rules(JsonNode node, ConditionReader conditions, Set<String> sources) {
    List<Rule> rules = new ArrayList<>();
    if (node == null || !node.isArray() || node.isEmpty()) {
      problems.add(file + ": missing rules: a list of rules, each with id, source, when");
      return rules;
    }
    Map<String, Integer> seen = new HashMap<>();
    Satisfiability satisfiability = new Satisfiability(slots);
    int position = 0;
    for (JsonNode ruleNode : node) {
      position++;
      Rule rule = rule(ruleNode, position, seen, conditions, sources, satisfiability);
      if (rule != null) {
        rules.add(rule);
      }
    }
    return rules;
  }

  private Rule rule(
      JsonNode node,
      int position,
      Map<String, Integer> seen,
      ConditionReader conditions,
      Set<String> sources,
      Satisfiability satisfiability) {
    if (!node.isObject()) {
      problems.add(file + ": rule #" + position + ": expected a mapping with id, source, when");
      return null;
    }
    JsonNode idNode = node.get("id");
    String id = idNode != null && idNode.isString() ? idNode.stringValue().trim() : null;
    String label = id == null || id.isEmpty() ? "rule #" + position : "rule '" + id + "'";
    int before = problems.size();
    Consumer<String> here = problem -> problems.add(file + ": " + label + ": " + problem);

    if (id == null || id.isEmpty()) {
      here.accept("missing id");
    } else if (!RULE_ID.matcher(id).matches()) {
      here.accept("id may hold only letters, digits, '.', '_' and '-'");
    } else if (seen.putIfAbsent(id, position) != null) {
      here.accept("duplicate rule id (rule #" + seen.get(id) + " has it too)");
    }
    unknownKeys(node, RULE_KEYS, here);

    List<String> cited = sourcesOf(node.get("source"), sources, here);
    Expr when = null;
    if (node.get("when") == null) {
      here.accept("missing 'when': the conditions under which the rule fires");
    } else {
      when = conditions.read(node.get("when"), here);
    }

    RedFlag redFlag = redFlag(node.get("redFlag"), here);
    Escalation escalation = value(node.get("escalation"), Escalation.class, here);
    Urgency urgency = value(node.get("urgency"), Urgency.class, here);
    Route route = value(node.get("route"), Route.class, here);
    List<Route> secondary =
        node.get("secondaryRoutes") == null
            ? List.of()
            : list(node.get("secondaryRoutes"), Route.class, here);
    Cause cause = value(node.get("cause"), Cause.class, here);
    Strength strength = value(node.get("strength"), Strength.class, here);
    String because = null;
    if (node.get("because") != null) {
      because = text(node.get("because"), "because", here);
    } else if (node.get("redFlag") == null) {
      here.accept("missing 'because': the sentence a clinician reads when the rule fires");
    }

    if (node.get("redFlag") != null) {
      if (urgency != Urgency.EMERGENCY && urgency != Urgency.URGENT) {
        here.accept(
            "a red flag must be EMERGENCY or URGENT, not "
                + (urgency == null ? "without an urgency" : urgency));
      }
      if (route == null) {
        here.accept("a red flag must name the route that deals with it");
      }
      if (node.get("escalation") == null) {
        here.accept(
            "a red flag must name its escalation: EMERGENCY_TODAY (with urgency EMERGENCY) or"
                + " URGENT_REVIEW (with urgency URGENT)");
      } else if (escalation != null && urgency != null && escalation.urgency() != urgency) {
        here.accept(
            "escalation "
                + escalation
                + " goes with urgency "
                + escalation.urgency()
                + ", not "
                + urgency);
      }
    } else if (node.get("escalation") != null) {
      here.accept("escalation without a redFlag: only a red flag escalates");
    }
    if (node.get("cause") != null && node.get("strength") == null) {
      here.accept("cause needs a strength: LIKELY or POSSIBLE");
    }
    if (node.get("strength") != null && node.get("cause") == null) {
      here.accept("strength without a cause");
    }
    if (Set.of("redFlag", "urgency", "route", "secondaryRoutes", "cause").stream()
        .noneMatch(node::has)) {
      here.accept("concludes nothing: give a redFlag, cause, route, secondaryRoutes or urgency");
    }
    if (route != null && secondary.contains(route)) {
      here.accept("route " + route + " is also among its secondaryRoutes");
    }

    int[] reads = when == null ? new int[0] : when.reads().stream().toArray();
    int[] evidence = null;
    if (node.get("evidence") != null) {
      evidence = evidence(node.get("evidence"), here);
    }
    if (when != null && problems.size() == before && !satisfiability.canHold(when)) {
      here.accept("can never fire: " + satisfiability.whyNever(when));
    }
    if (problems.size() > before) {
      return null;
    }
    return new Rule(
        id,
        cited,
        Expr.inline(when),
        because,
        redFlag,
        escalation,
        urgency,
        route,
        secondary,
        cause,
        strength,
        reads,
        evidence,
        Rule.line(id, redFlag, cause, strength, because));
  }

  private List<String> sourcesOf(JsonNode node, Set<String> known, Consumer<String> problems) {
    if (node == null) {
      problems.accept("missing source: name one of " + String.join(", ", known));
      return List.of();
    }
    List<String> cited = new ArrayList<>();
    if (node.isString()) {
      cited.add(node.stringValue().trim());
    } else if (node.isArray() && !node.isEmpty()) {
      node.forEach(
          item -> cited.add(item.isString() ? item.stringValue().trim() : item.toString()));
    } else {
      problems.accept("source must be a source id or a list of them");
      return List.of();
    }
    for (String source : cited) {
      if (!known.contains(source)) {
        problems.accept(
            "unknown source '" + source + "' (sources: " + String.join(", ", known) + ")");
      }
    }
    return List.copyOf(cited);
  }

  private RedFlag redFlag(JsonNode node, Consumer<String> problems) {
    if (node == null) {
      return null;
    }
    if (!node.isObject()) {
      problems.accept("redFlag needs a code and a reason");
      return null;
    }
    Consumer<String> inFlag = problem -> problems.accept("redFlag: " + problem);
    unknownKeys(node, RED_FLAG_KEYS, inFlag);
    String code = text(node.get("code"), "code", inFlag);
    String reason = text(node.get("reason"), "reason", inFlag);
    if (code != null && !CODE.matcher(code).matches()) {
      inFlag.accept("code '" + code + "' must be UPPER_SNAKE_CASE");
    }
    return code == null || reason == null ? null : new RedFlag(code, reason);
  }

  private int[] evidence(JsonNode node, Consumer<String> problems) {
    List<Integer> slotsNamed = new ArrayList<>();
    if (!node.isArray() || node.isEmpty()) {
      problems.accept("evidence must be a list of question ids");
      return new int[0];
    }
    for (JsonNode item : node) {
      String id = item.isString() ? item.stringValue() : item.toString();
      slots
          .slot(id)
          .ifPresentOrElse(
              slot -> slotsNamed.add(slot.index()),
              () -> problems.accept("unknown question '" + id + "' in evidence"));
    }
    return slotsNamed.stream().sorted().distinct().mapToInt(Integer::intValue).toArray();
  }

  private static String text(JsonNode node, String what, Consumer<String> problems) {
    if (node == null || node.isNull()) {
      problems.accept("missing " + what);
      return null;
    }
    if (!node.isValueNode() || node.isBoolean() || node.asString().isBlank()) {
      problems.accept(what + " must be a text");
      return null;
    }
    return node.asString().trim();
  }

  private static <E extends Enum<E>> E value(
      JsonNode node, Class<E> type, Consumer<String> problems) {
    if (node == null) {
      return null;
    }
    String what = type.getSimpleName().toLowerCase(Locale.ROOT);
    String known = EnumSet.allOf(type).stream().map(Enum::name).collect(Collectors.joining(", "));
    if (!node.isString()) {
      problems.accept(what + " must be one of " + known);
      return null;
    }
    try {
      return Enum.valueOf(type, node.stringValue().trim());
    } catch (IllegalArgumentException e) {
      problems.accept(
          "unknown " + what + " '" + node.stringValue().trim() + "' (known: " + known + ")");
      return null;
    }
  }

  private static <E extends Enum<E>> List<E> list(
      JsonNode node, Class<E> type, Consumer<String> problems) {
    List<E> values = new ArrayList<>();
    if (node.isString()) {
      E value = value(node, type, problems);
      return value == null ? List.of() : List.of(value);
    }
    if (!node.isArray()) {
      problems.accept("expected a list of " + type.getSimpleName().toLowerCase(Locale.ROOT) + "s");
      return List.of();
    }
    for (JsonNode item : node) {
      E value = value(item, type, problems);
      if (value != null && !values.contains(value)) {
        values.add(value);
      }
    }
    return List.copyOf(values);
  }

  private static <T> T orElse(T value, T fallback) {
    return value == null ? fallback : value;
  }

  private static void unknownKeys(JsonNode node, Set<String> known, Consumer<String> problems) {
    for (String key : node.propertyNames()) {
      if (!known.contains(key)) {
        problems.accept("unknown key '" + key + "' (known keys: " + String.join(", ", known) + ")");
      }
    }
  }
}
