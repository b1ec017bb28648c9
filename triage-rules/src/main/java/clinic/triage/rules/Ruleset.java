package clinic.triage.rules;

import clinic.events.Cause;
import clinic.events.Escalation;
import clinic.events.Route;
import clinic.events.TriageDecided.RedFlag;
import clinic.events.TriageDecided.Strength;
import clinic.events.TriageDecided.SuspectedCause;
import clinic.events.Urgency;
import clinic.events.questionnaire.Questionnaire;
import clinic.triage.rules.Slots.Gate;
import clinic.triage.rules.Slots.Slot;
import clinic.triage.rules.Slots.Values;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.BitSet;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The clinic's triage ruleset, loaded from its YAML file, validated against the questionnaire and
 * compiled once; {@link #evaluate} then turns answers into a {@link Decision}. Immutable and safe
 * to share between threads.
 *
 * <p>How rules combine: the urgency is the most urgent of the fired rules (red-flag rules are
 * always EMERGENCY or URGENT, so a red flag always sets it); the escalation is the most urgent of
 * the fired red-flag rules' (each names one, consistent with its urgency); the primary route is
 * that of the most urgent rule proposing a route (ties go to the ruleset's route priority, then to
 * the earlier rule); every other proposed route is secondary; a cause takes the strongest strength
 * any of its rules gives. A rule that cannot be decided because an answer is missing marks the
 * decision for clinician review, and an undecided red-flag rule raises the urgency as the ruleset
 * says.
 */
public final class Ruleset {

  /** The clinic's ruleset on the class path. */
  public static final String DEFAULT_RESOURCE = "clinic/triage/rules/ruleset.yaml";

  private static final Cause[] CAUSES = Cause.values();
  private static final Route[] ROUTES = Route.values();
  private static final Urgency[] URGENCIES = Urgency.values();
  private static final byte POSSIBLE = 1;
  private static final byte LIKELY = 2;

  private final String version;
  private final Map<String, String> sources;
  private final Route defaultRoute;
  private final Urgency defaultUrgency;
  private final int[] routeRank;
  private final Urgency undecidedRedFlagUrgency;
  private final Rule[] rules;
  private final Slots slots;
  private final int[] resolveOrder;
  private final int words;
  private final int ruleWords;

  Ruleset(
      String version,
      Map<String, String> sources,
      Route defaultRoute,
      Urgency defaultUrgency,
      List<Route> routePriority,
      Urgency undecidedRedFlagUrgency,
      List<Rule> rules,
      Slots slots) {
    this.version = version;
    this.sources = Collections.unmodifiableMap(new LinkedHashMap<>(sources));
    this.defaultRoute = defaultRoute;
    this.defaultUrgency = defaultUrgency;
    this.routeRank = new int[ROUTES.length];
    for (int i = 0; i < routePriority.size(); i++) {
      routeRank[routePriority.get(i).ordinal()] = i;
    }
    this.undecidedRedFlagUrgency = undecidedRedFlagUrgency;
    this.rules = rules.toArray(Rule[]::new);
    this.slots = slots;
    this.resolveOrder = resolveOrder(rules, slots);
    this.words = (slots.size() + 63) / 64;
    this.ruleWords = (rules.size() + 63) / 64;
  }

  /** The slots any rule reads, plus those their "asked when" conditions read, ascending. */
  private static int[] resolveOrder(List<Rule> rules, Slots slots) {
    BitSet needed = new BitSet();
    for (Rule rule : rules) {
      for (int slot : rule.reads()) {
        needed.set(slot);
      }
    }
    for (int i = needed.length() - 1; i >= 0; i = needed.previousSetBit(i - 1)) {
      Slot slot = slots.slots[i];
      for (Gate gate : new Gate[] {slot.section(), slot.own()}) {
        if (gate != null) {
          needed.set(gate.slot());
        }
      }
    }
    return needed.stream().toArray();
  }

  /**
   * Loads the clinic's ruleset from the class path, validated against the current questionnaire.
   */
  public static Ruleset loadDefault() {
    try (InputStream in = Ruleset.class.getClassLoader().getResourceAsStream(DEFAULT_RESOURCE)) {
      if (in == null) {
        throw new RulesetException(List.of(DEFAULT_RESOURCE + ": not found on the class path"));
      }
      return parse("ruleset.yaml", new String(in.readAllBytes(), StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Loads a ruleset file (a candidate under review, say); errors name the file. */
  public static Ruleset load(Path file) {
    try {
      return parse(file.getFileName().toString(), Files.readString(file));
    } catch (IOException e) {
      throw new RulesetException(file + ": cannot read: " + e.getMessage(), e);
    }
  }

  /**
   * Parses and validates a ruleset against {@link Questionnaire#CURRENT}.
   *
   * @param fileName the name used in error messages
   * @throws RulesetException naming the file, the rule and every problem found
   */
  public static Ruleset parse(String fileName, String yaml) {
    return parse(fileName, yaml, Questionnaire.CURRENT);
  }

  /** Parses and validates a ruleset against the given questionnaire. */
  public static Ruleset parse(String fileName, String yaml, Questionnaire questionnaire) {
    return new RulesetReader(fileName, new Slots(questionnaire)).read(yaml);
  }

  public String version() {
    return version;
  }

  /** The documents the rules cite: source id to title. */
  public Map<String, String> sources() {
    return sources;
  }

  public List<String> ruleIds() {
    return Arrays.stream(rules).map(Rule::id).toList();
  }

  /** The rules that raise a red flag, in ruleset order. */
  List<String> redFlagRuleIds() {
    return Arrays.stream(rules).filter(r -> r.redFlag() != null).map(Rule::id).toList();
  }

  /** The version of the questionnaire the ruleset was validated against. */
  public String questionnaireVersion() {
    return slots.questionnaire.version();
  }

  /** The decision for these answers. Never throws for any answers; pure and deterministic. */
  public Decision evaluate(Answers answers) {
    Values values = slots.resolve(answers, resolveOrder);
    long[] fired = new long[ruleWords];
    long[] undecided = null;
    for (int i = 0; i < rules.length; i++) {
      byte result = rules[i].when().eval(values);
      if (result == Expr.TRUE) {
        fired[i >>> 6] |= 1L << i;
      } else if (result == Expr.UNKNOWN) {
        if (undecided == null) {
          undecided = new long[ruleWords];
        }
        undecided[i >>> 6] |= 1L << i;
      }
    }
    return decide(answers, values, fired, undecided == null ? new long[ruleWords] : undecided);
  }

  /** The escalation as the explanation's header says it. */
  public static String escalationWords(Escalation escalation) {
    return switch (escalation) {
      case EMERGENCY_TODAY -> "emergency assessment today";
      case URGENT_REVIEW -> "urgent specialist review";
    };
  }

  /** The next set bit at or after {@code from}, or -1. */
  private static int next(long[] bits, int from) {
    int word = from >>> 6;
    if (word >= bits.length) {
      return -1;
    }
    long current = bits[word] & (-1L << from);
    while (true) {
      if (current != 0) {
        return word * 64 + Long.numberOfTrailingZeros(current);
      }
      if (++word == bits.length) {
        return -1;
      }
      current = bits[word];
    }
  }

  private static int count(long[] bits) {
    int count = 0;
    for (long word : bits) {
      count += Long.bitCount(word);
    }
    return count;
  }

  private Decision decide(Answers answers, Values values, long[] fired, long[] undecided) {
    int urgency = defaultUrgency.ordinal();
    Rule primary = null;
    int primaryUrgency = 0;
    int routesProposed = 0;
    byte[] strength = new byte[CAUSES.length];
    long[] evidence = new long[CAUSES.length * words];
    long[] used = new long[words];
    String[] firedIds = new String[count(fired)];
    List<RedFlag> redFlags = new ArrayList<>(2);
    Escalation escalation = null;

    int f = 0;
    for (int i = next(fired, 0); i >= 0; i = next(fired, i + 1)) {
      Rule rule = rules[i];
      firedIds[f++] = rule.id();
      int ruleUrgency =
          rule.urgency() == null ? Urgency.ROUTINE.ordinal() : rule.urgency().ordinal();
      urgency = Math.min(urgency, ruleUrgency);
      if (rule.redFlag() != null && !redFlags.contains(rule.redFlag())) {
        redFlags.add(rule.redFlag());
      }
      escalation = Escalation.mostUrgent(escalation, rule.escalation());
      if (rule.route() != null) {
        routesProposed |= 1 << rule.route().ordinal();
        if (primary == null
            || ruleUrgency < primaryUrgency
            || (ruleUrgency == primaryUrgency
                && routeRank[rule.route().ordinal()] < routeRank[primary.route().ordinal()])) {
          primary = rule;
          primaryUrgency = ruleUrgency;
        }
      }
      for (Route route : rule.secondaryRoutes()) {
        routesProposed |= 1 << route.ordinal();
      }
      if (rule.cause() != null) {
        int cause = rule.cause().ordinal();
        byte level = rule.strength() == Strength.LIKELY ? LIKELY : POSSIBLE;
        strength[cause] = (byte) Math.max(strength[cause], level);
        addEvidence(rule, values, evidence, cause * words);
      }
      for (int slot : rule.reads()) {
        used[slot >>> 6] |= 1L << slot;
      }
    }

    long[] missing = new long[words];
    String[] undecidedIds = new String[count(undecided)];
    int u = 0;
    for (int i = next(undecided, 0); i >= 0; i = next(undecided, i + 1)) {
      Rule rule = rules[i];
      undecidedIds[u++] = rule.id();
      if (rule.redFlag() != null) {
        urgency = Math.min(urgency, undecidedRedFlagUrgency.ordinal());
      }
      for (int slot : rule.reads()) {
        markMissing(slot, values, missing);
      }
    }

    Route route = primary == null ? defaultRoute : primary.route();
    routesProposed &= ~(1 << route.ordinal());
    Route[] secondary = new Route[Integer.bitCount(routesProposed)];
    int s = 0;
    for (Route candidate : ROUTES) {
      if ((routesProposed & (1 << candidate.ordinal())) != 0) {
        secondary[s++] = candidate;
      }
    }
    List<SuspectedCause> causes = new ArrayList<>(4);
    for (byte level = LIKELY; level >= POSSIBLE; level--) {
      for (Cause cause : CAUSES) {
        if (strength[cause.ordinal()] == level) {
          causes.add(
              new SuspectedCause(
                  cause,
                  level == LIKELY ? Strength.LIKELY : Strength.POSSIBLE,
                  ids(evidence, cause.ordinal() * words)));
        }
      }
    }
    List<String> missingIds = ids(missing, 0);
    Urgency finalUrgency = URGENCIES[urgency];
    List<Route> secondaryRoutes = List.of(secondary);
    List<String> undecidedRules = List.of(undecidedIds);
    return new Decision(
        version,
        route,
        secondaryRoutes,
        finalUrgency,
        escalation,
        causes,
        redFlags,
        undecidedIds.length > 0,
        missingIds,
        List.of(firedIds),
        undecidedRules,
        answersUsed(answers, values, used),
        explain(
            finalUrgency,
            escalation,
            route,
            secondaryRoutes,
            causes,
            fired,
            undecidedRules,
            missingIds));
  }

  /**
   * The rule's evidence: the answers it names, or else those that made its condition hold. An
   * optional question left blank, or one not asked, is no evidence.
   */
  private void addEvidence(Rule rule, Values values, long[] evidence, int offset) {
    if (rule.evidence() != null) {
      for (int slot : rule.evidence()) {
        evidence[offset + (slot >>> 6)] |= 1L << slot;
      }
    } else {
      long[] support = new long[words];
      Expr.support(rule.when(), values, true, support);
      for (int w = 0; w < words; w++) {
        evidence[offset + w] |= support[w];
      }
    }
    for (int w = 0; w < words; w++) {
      long word = evidence[offset + w];
      for (long bits = word; bits != 0; bits &= bits - 1) {
        int slot = w * 64 + Long.numberOfTrailingZeros(bits);
        if (values.state[slot] != Slots.ANSWERED) {
          evidence[offset + w] &= ~(1L << slot);
        }
      }
    }
  }

  /**
   * A missing answer is reported as itself; a question that could not be placed because the answer
   * deciding whether it is asked is missing, as that answer.
   */
  private void markMissing(int slot, Values values, long[] missing) {
    switch (values.state[slot]) {
      case Slots.MISSING, Slots.INVALID -> missing[slot >>> 6] |= 1L << slot;
      case Slots.UNDETERMINED -> {
        Slot question = slots.slots[slot];
        for (Gate gate : new Gate[] {question.section(), question.own()}) {
          if (gate != null && values.state[gate.slot()] >= Slots.MISSING) {
            markMissing(gate.slot(), values, missing);
          }
        }
      }
      default -> {}
    }
  }

  private List<String> ids(long[] bits, int offset) {
    int count = 0;
    for (int w = 0; w < words; w++) {
      count += Long.bitCount(bits[offset + w]);
    }
    if (count == 0) {
      return List.of();
    }
    String[] ids = new String[count];
    int i = 0;
    for (int w = 0; w < words; w++) {
      for (long word = bits[offset + w]; word != 0; word &= word - 1) {
        ids[i++] = slots.slots[w * 64 + Long.numberOfTrailingZeros(word)].id();
      }
    }
    return List.of(ids);
  }

  private Map<String, Object> answersUsed(Answers answers, Values values, long[] used) {
    for (int w = 0; w < words; w++) {
      for (long word = used[w]; word != 0; word &= word - 1) {
        if (values.state[w * 64 + Long.numberOfTrailingZeros(word)] != Slots.ANSWERED) {
          used[w] &= ~(word & -word);
        }
      }
    }
    int count = 0;
    for (long word : used) {
      count += Long.bitCount(word);
    }
    String[] keys = new String[count];
    Object[] answered = new Object[count];
    int i = 0;
    for (int w = 0; w < words; w++) {
      for (long word = used[w]; word != 0; word &= word - 1) {
        int slot = w * 64 + Long.numberOfTrailingZeros(word);
        String id = slots.slots[slot].id();
        Object answer = slot == Slots.AGE ? answers.ageYears() : answers.answers().get(id);
        keys[i] = id;
        answered[i++] = answer instanceof List<?> list ? List.copyOf(list) : answer;
      }
    }
    return new UsedAnswers(keys, answered);
  }

  /**
   * The escalation and the red flags first, then the causes (strongest first), then routing; a line
   * per rule. Joined once, so that the text is built without intermediate copies.
   */
  private String explain(
      Urgency urgency,
      Escalation escalation,
      Route route,
      List<Route> secondary,
      List<SuspectedCause> causes,
      long[] fired,
      List<String> undecidedIds,
      List<String> missingIds) {
    String[] lines = new String[count(fired) + 3];
    int n = 0;
    String header =
        urgency
            + ": "
            + (escalation == null ? "" : escalationWords(escalation) + ", then ")
            + Rule.name(route);
    for (int i = 0; i < secondary.size(); i++) {
      header += (i == 0 ? ", also " : " and ") + Rule.name(secondary.get(i));
    }
    lines[n++] = header + ".";
    for (int i = next(fired, 0); i >= 0; i = next(fired, i + 1)) {
      if (rules[i].redFlag() != null) {
        lines[n++] = rules[i].line();
      }
    }
    for (SuspectedCause cause : causes) {
      for (int i = next(fired, 0); i >= 0; i = next(fired, i + 1)) {
        Rule rule = rules[i];
        if (rule.redFlag() == null
            && rule.cause() == cause.cause()
            && rule.strength() == cause.strength()) {
          lines[n++] = rule.line();
        }
      }
    }
    if (causes.isEmpty()) {
      lines[n++] = "No cause category matched the answers.";
    }
    for (int i = next(fired, 0); i >= 0; i = next(fired, i + 1)) {
      if (rules[i].redFlag() == null && rules[i].cause() == null) {
        lines[n++] = rules[i].line();
      }
    }
    if (!undecidedIds.isEmpty()) {
      lines[n++] =
          "Needs clinician review: could not decide "
              + String.join(", ", undecidedIds)
              + " because these answers are missing: "
              + String.join(", ", missingIds)
              + ".";
    }
    return String.join("\n", Arrays.asList(lines).subList(0, n));
  }
}
