package clinic.triage.rules;

import clinic.events.questionnaire.Question.Type;
import clinic.triage.rules.Expr.All;
import clinic.triage.rules.Expr.AtLeast;
import clinic.triage.rules.Expr.Compare;
import clinic.triage.rules.Expr.Is;
import clinic.triage.rules.Expr.Not;
import clinic.triage.rules.Expr.Op;
import clinic.triage.rules.Expr.Ref;
import clinic.triage.rules.Slots.Slot;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import tools.jackson.databind.JsonNode;

/**
 * Reads the condition language of the ruleset and checks every condition against the questionnaire:
 * the question exists and is clinical, the comparison suits its type, the values are among its
 * options and the thresholds inside its range.
 *
 * <pre>
 * kneeLocking is yes                     yes/no question
 * kneeInjury is TWISTING                 choice question
 * kneeInjury is one of TWISTING, FALL    choice question
 * painAreas includes BUTTOCK             multiple choice question
 * painAreas includes any of LEFT_KNEE, RIGHT_KNEE
 * painNow >= 7                           number question (also &lt;=, &gt;, &lt;, =)
 * age >= 45                              age in years
 * kneePain                               a name from "definitions"
 * all: [...]   any: [...]   not: ...   at least 2 of: [...]   (a plain list means all)
 * </pre>
 */
final class ConditionReader {

  private static final String WORD = "([A-Za-z][A-Za-z0-9_]*)";
  private static final Pattern COMPARE =
      Pattern.compile(WORD + "\\s*(>=|<=|>|<|=)\\s*(-?\\d+(?:\\.\\d+)?)");
  private static final Pattern IS_ONE_OF = Pattern.compile(WORD + "\\s+is\\s+one\\s+of\\s+(.+)");
  private static final Pattern INCLUDES_ANY_OF =
      Pattern.compile(WORD + "\\s+includes\\s+any\\s+of\\s+(.+)");
  private static final Pattern IS = Pattern.compile(WORD + "\\s+is\\s+(\\S+)");
  private static final Pattern INCLUDES = Pattern.compile(WORD + "\\s+includes\\s+(\\S+)");
  private static final Pattern NAME = Pattern.compile(WORD);
  private static final Pattern AT_LEAST = Pattern.compile("at\\s+least\\s+(\\d+)\\s+of");
  private static final String AGE = "age";
  private static final String FORMS =
      "write 'question is yes', 'question is VALUE', 'question is one of A, B',"
          + " 'question includes any of A, B', 'question >= N' (or <=, >, <, =), 'age >= N'"
          + " or a definition name";

  private final Slots slots;
  private final Map<String, Expr> definitions = new HashMap<>();
  private Set<String> declared = Set.of();

  ConditionReader(Slots slots) {
    this.slots = slots;
  }

  /** The names of all definitions, so that a use before the definition is told apart. */
  void declare(Set<String> names) {
    this.declared = Set.copyOf(names);
  }

  void define(String name, Expr expr) {
    definitions.put(name, new Ref(name, expr));
  }

  /** Problems with a definition's name, or empty. */
  Optional<String> checkName(String name) {
    if (!NAME.matcher(name).matches()) {
      return Optional.of("a definition name may hold only letters, digits and '_'");
    }
    if (name.equals(AGE) || slots.slot(name).isPresent() || slots.isPersonal(name)) {
      return Optional.of("a definition may not have the name of a question");
    }
    return Optional.empty();
  }

  /** The compiled condition, or null after reporting each problem. */
  Expr read(JsonNode node, Consumer<String> problems) {
    if (node == null || node.isNull() || node.isMissingNode()) {
      problems.accept("missing condition");
      return null;
    }
    if (node.isString()) {
      return atom(node.stringValue().trim().replaceAll("\\s+", " "), problems);
    }
    if (node.isArray()) {
      List<Expr> parts = parts(node, "a list of conditions", problems);
      return parts == null ? null : new All(parts);
    }
    if (node.isObject()) {
      Collection<String> keys = node.propertyNames();
      if (keys.size() != 1) {
        problems.accept(
            "a condition group has exactly one key (all, any, not or 'at least N of'), found: "
                + String.join(", ", keys));
        return null;
      }
      String key = keys.iterator().next();
      JsonNode value = node.get(key);
      Matcher atLeast = AT_LEAST.matcher(key.trim());
      switch (key.trim()) {
        case "all" -> {
          List<Expr> parts = parts(value, "'all'", problems);
          return parts == null ? null : new All(parts);
        }
        case "any" -> {
          List<Expr> parts = parts(value, "'any'", problems);
          return parts == null ? null : new AtLeast(1, parts);
        }
        case "not" -> {
          Expr inner = read(value, problems);
          return inner == null ? null : new Not(inner);
        }
        default -> {
          if (atLeast.matches()) {
            int count = Integer.parseInt(atLeast.group(1));
            List<Expr> parts = parts(value, "'" + key + "'", problems);
            if (parts == null) {
              return null;
            }
            if (count < 1 || count > parts.size()) {
              problems.accept(
                  "'" + key + "' needs between 1 and " + parts.size() + " as its count");
              return null;
            }
            return new AtLeast(count, parts);
          }
          problems.accept(
              "unknown condition group '" + key + "': use all, any, not or 'at least N of'");
          return null;
        }
      }
    }
    problems.accept(
        "a condition is a text such as 'kneeLocking is yes' or a group (all, any, not,"
            + " 'at least N of'), not "
            + node);
    return null;
  }

  private List<Expr> parts(JsonNode node, String what, Consumer<String> problems) {
    if (node == null || !node.isArray() || node.isEmpty()) {
      problems.accept(what + " needs a non-empty list of conditions");
      return null;
    }
    List<Expr> parts = new ArrayList<>();
    boolean ok = true;
    for (JsonNode part : node) {
      Expr expr = read(part, problems);
      ok &= expr != null;
      parts.add(expr);
    }
    return ok ? parts : null;
  }

  private Expr atom(String text, Consumer<String> problems) {
    Matcher m;
    if ((m = COMPARE.matcher(text)).matches()) {
      return compare(m.group(1), Op.of(m.group(2)), m.group(3), text, problems);
    }
    if ((m = IS_ONE_OF.matcher(text)).matches()) {
      return choice(m.group(1), values(m.group(2)), "is one of", text, problems);
    }
    if ((m = INCLUDES_ANY_OF.matcher(text)).matches()) {
      return includes(m.group(1), values(m.group(2)), text, problems);
    }
    if ((m = IS.matcher(text)).matches()) {
      return is(m.group(1), m.group(2), text, problems);
    }
    if ((m = INCLUDES.matcher(text)).matches()) {
      return includes(m.group(1), List.of(m.group(2)), text, problems);
    }
    if (NAME.matcher(text).matches()) {
      return reference(text, problems);
    }
    problems.accept("cannot read condition '" + text + "': " + FORMS);
    return null;
  }

  private static List<String> values(String list) {
    String inner = list.trim();
    if (inner.startsWith("[") && inner.endsWith("]")) {
      inner = inner.substring(1, inner.length() - 1);
    }
    return List.of(inner.split("\\s*,\\s*"));
  }

  private Expr reference(String name, Consumer<String> problems) {
    Expr definition = definitions.get(name);
    if (definition != null) {
      return definition;
    }
    if (declared.contains(name)) {
      problems.accept("definition '" + name + "' is used before it is defined");
    } else if (slots.slot(name).isPresent() && !name.equals(Slots.AGE_ID)) {
      problems.accept(
          "'" + name + "' is a question: say what about it" + hint(slots.slot(name).get()));
    } else if (slots.isPersonal(name)) {
      problems.accept(
          "question '" + name + "' is personal, not a clinical answer: triage never receives it");
    } else if (isOption(name)) {
      problems.accept(
          "'"
              + name
              + "' is an answer value, not a condition: inside [ ] a comma starts a new"
              + " condition, so write a list such as 'x is one of A, B' one condition per line");
    } else {
      problems.accept("unknown definition or question '" + name + "'" + suggestion(name));
    }
    return null;
  }

  private boolean isOption(String word) {
    for (Slot slot : slots.slots) {
      if (slot.type() != Type.BOOLEAN && slot.options().contains(word)) {
        return true;
      }
    }
    return false;
  }

  /** The slot of a clinical question, or null after reporting why not. */
  private Slot question(String id, Consumer<String> problems) {
    Optional<Slot> slot = slots.slot(id);
    if (slot.isPresent() && !id.equals(Slots.AGE_ID)) {
      return slot.get();
    }
    if (slots.isPersonal(id)) {
      problems.accept(
          "question '" + id + "' is personal, not a clinical answer: triage never receives it");
    } else if (id.equals(AGE) || id.equals(Slots.AGE_ID)) {
      problems.accept("wrong type: the age is a number: compare it, e.g. 'age >= 50'");
    } else {
      problems.accept("unknown question '" + id + "'" + suggestion(id));
    }
    return null;
  }

  private Expr compare(String id, Op op, String number, String text, Consumer<String> problems) {
    double threshold = Double.parseDouble(number);
    Slot slot;
    if (id.equals(AGE) || id.equals(Slots.AGE_ID)) {
      slot = slots.slots[Slots.AGE];
    } else {
      slot = question(id, problems);
      if (slot == null) {
        return null;
      }
      if (!slot.isNumber()) {
        problems.accept(
            "wrong type: '"
                + id
                + "' is "
                + slot.describeType()
                + ", so '"
                + op.symbol
                + "' does not apply"
                + hint(slot));
        return null;
      }
    }
    if (threshold < slot.min() || threshold > slot.max()) {
      problems.accept(
          "threshold "
              + number
              + " in '"
              + text
              + "' is outside the range of '"
              + (id.equals(AGE) ? AGE : id)
              + "' ("
              + slot.range()
              + ")");
      return null;
    }
    return new Compare(slot.index(), op, threshold, text);
  }

  private Expr is(String id, String value, String text, Consumer<String> problems) {
    Slot slot = question(id, problems);
    if (slot == null) {
      return null;
    }
    if (slot.type() == Type.BOOLEAN) {
      if (value.equals("yes") || value.equals("no")) {
        return new Is(slot.index(), value.equals("yes") ? Slots.YES : Slots.NO, text);
      }
      problems.accept(
          "'" + id + "' is a yes/no question: write '" + id + " is yes' or '" + id + " is no'");
      return null;
    }
    if (slot.type() == Type.CHOICE && !value.equals("yes") && !value.equals("no")) {
      return choice(id, List.of(value), "is", text, problems);
    }
    problems.accept(
        "wrong type: '"
            + id
            + "' is "
            + slot.describeType()
            + ", so 'is "
            + value
            + "'"
            + " does not apply"
            + hint(slot));
    return null;
  }

  private Expr choice(
      String id, List<String> values, String verb, String text, Consumer<String> problems) {
    Slot slot = question(id, problems);
    if (slot == null) {
      return null;
    }
    if (slot.type() != Type.CHOICE) {
      problems.accept(
          "wrong type: '"
              + id
              + "' is "
              + slot.describeType()
              + ", so '"
              + verb
              + "'"
              + " does not apply"
              + hint(slot));
      return null;
    }
    return options(slot, values, text, problems);
  }

  private Expr includes(String id, List<String> values, String text, Consumer<String> problems) {
    Slot slot = question(id, problems);
    if (slot == null) {
      return null;
    }
    if (slot.type() != Type.MULTI_CHOICE) {
      problems.accept(
          "wrong type: '"
              + id
              + "' is "
              + slot.describeType()
              + ", so 'includes' does not"
              + " apply"
              + hint(slot));
      return null;
    }
    return options(slot, values, text, problems);
  }

  private static Expr options(
      Slot slot, List<String> values, String text, Consumer<String> problems) {
    long mask = 0;
    List<String> unknown = new ArrayList<>();
    for (String value : values) {
      long bit = slot.bit(value);
      if (bit == 0) {
        unknown.add("'" + value + "'");
      }
      mask |= bit;
    }
    if (!unknown.isEmpty()) {
      problems.accept(
          String.join(", ", unknown)
              + (unknown.size() == 1 ? " is not an option" : " are not options")
              + " of '"
              + slot.id()
              + "' (options: "
              + String.join(", ", slot.options())
              + ")");
      return null;
    }
    return new Is(slot.index(), mask, text);
  }

  private static String hint(Slot slot) {
    String id = slot.id();
    return switch (slot.type()) {
      case BOOLEAN -> ": write '" + id + " is yes' or '" + id + " is no'";
      case CHOICE ->
          ": write '" + id + " is " + slot.options().get(0) + "' or '" + id + " is one of ...'";
      case MULTI_CHOICE ->
          ": write '"
              + id
              + " includes "
              + slot.options().get(0)
              + "' or '"
              + id
              + " includes any of ...'";
      case INTEGER, DECIMAL ->
          ": compare it, e.g. '" + id + " >= " + Slots.format(slot.max()) + "'";
      default -> ": rules cannot test free text or dates";
    };
  }

  private String suggestion(String name) {
    String best = null;
    int bestDistance = name.length() >= 8 ? 4 : 3;
    List<String> candidates = new ArrayList<>(slots.clinicalIds());
    candidates.addAll(definitions.keySet());
    for (String candidate : candidates) {
      int distance = distance(name.toLowerCase(Locale.ROOT), candidate.toLowerCase(Locale.ROOT));
      if (distance < bestDistance) {
        best = candidate;
        bestDistance = distance;
      }
    }
    return best == null ? "" : " (did you mean '" + best + "'?)";
  }

  /** Levenshtein distance, for "did you mean". */
  private static int distance(String a, String b) {
    int[] previous = new int[b.length() + 1];
    int[] current = new int[b.length() + 1];
    for (int j = 0; j <= b.length(); j++) {
      previous[j] = j;
    }
    for (int i = 1; i <= a.length(); i++) {
      current[0] = i;
      for (int j = 1; j <= b.length(); j++) {
        int substitution = previous[j - 1] + (a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1);
        current[j] = Math.min(substitution, Math.min(previous[j], current[j - 1]) + 1);
      }
      int[] swap = previous;
      previous = current;
      current = swap;
    }
    return previous[b.length()];
  }
}
