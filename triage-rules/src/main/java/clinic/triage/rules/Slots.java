package clinic.triage.rules;

import clinic.events.questionnaire.Condition;
import clinic.events.questionnaire.Question;
import clinic.events.questionnaire.Question.Type;
import clinic.events.questionnaire.Questionnaire;
import clinic.events.questionnaire.Section;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The questionnaire compiled for evaluation. Every clinical question gets a slot number (in
 * questionnaire order, after the age in slot 0), a choice answer becomes a bit mask of its options
 * and each "asked when" condition becomes a slot and a mask, so that evaluating a rule is array
 * reads and bit tests instead of map look-ups and string comparisons.
 */
final class Slots {

  static final int AGE = 0;
  static final String AGE_ID = "ageYears";
  static final double AGE_MAX = 130;

  /** What is known about one slot's answer for one evaluation. */
  static final byte ANSWERED = 0;

  /** The questionnaire did not ask it for these answers: no condition on it holds. */
  static final byte NOT_ASKED = 1;

  /** An optional question left blank: no condition on it holds. */
  static final byte NOT_REPORTED = 2;

  /** A required question that was asked but not answered: conditions on it are undecided. */
  static final byte MISSING = 3;

  /** An answer of the wrong type or outside the allowed values: treated like a missing one. */
  static final byte INVALID = 4;

  /** A required question whose "asked when" depends on a missing answer, and that has no answer. */
  static final byte UNDETERMINED = 5;

  /** A questionnaire condition compiled: the slot it reads and the options that satisfy it. */
  record Gate(int slot, long mask) {}

  /** One answer slot: a clinical question, or the age. */
  record Slot(
      int index,
      String id,
      Type type,
      boolean required,
      List<String> options,
      double min,
      double max,
      Gate section,
      Gate own) {

    boolean isChoice() {
      return type == Type.BOOLEAN || type == Type.CHOICE || type == Type.MULTI_CHOICE;
    }

    boolean isNumber() {
      return type == Type.INTEGER || type == Type.DECIMAL;
    }

    /** The bit of an option, 0 when it is not one. A scan: choice questions have few options. */
    long bit(String option) {
      for (int i = 0; i < options.size(); i++) {
        if (options.get(i).equals(option)) {
          return 1L << i;
        }
      }
      return 0;
    }

    String describeType() {
      return switch (type) {
        case BOOLEAN -> "a yes/no question";
        case CHOICE -> "a choice question (options: " + String.join(", ", options) + ")";
        case MULTI_CHOICE ->
            "a multiple choice question (options: " + String.join(", ", options) + ")";
        case INTEGER, DECIMAL -> "a number question (" + range() + ")";
        case TEXT -> "a free-text question";
        case DATE -> "a date question";
      };
    }

    String range() {
      return format(min) + ".." + format(max);
    }
  }

  /** Yes/no answers are a choice between two options: bit 0 is no, bit 1 is yes. */
  static final List<String> YES_NO = List.of("no", "yes");

  static final long NO = 1L;
  static final long YES = 2L;

  final Questionnaire questionnaire;
  final Slot[] slots;
  private final Map<String, Slot> byId;
  private final Set<String> personal;

  /**
   * For each other known version of the questionnaire, the slots of questions it did not have:
   * answers to that version were never asked them.
   */
  private final Map<String, boolean[]> absentIn;

  Slots(Questionnaire questionnaire) {
    this.questionnaire = questionnaire;
    List<Slot> list = new ArrayList<>();
    Map<String, Slot> ids = new HashMap<>();
    list.add(new Slot(AGE, AGE_ID, Type.INTEGER, true, List.of(), 0, AGE_MAX, null, null));
    ids.put(AGE_ID, list.get(0));
    for (Section section : questionnaire.sections()) {
      for (Question question : section.questions()) {
        if (question.personal()) {
          continue;
        }
        List<String> options = question.type() == Type.BOOLEAN ? YES_NO : question.options();
        if (options.size() > 63) {
          throw new IllegalArgumentException(
              "question '" + question.id() + "' has more than 63 options");
        }
        Slot slot =
            new Slot(
                list.size(),
                question.id(),
                question.type(),
                question.required(),
                options,
                question.min() == null ? Double.NEGATIVE_INFINITY : question.min(),
                question.max() == null ? Double.POSITIVE_INFINITY : question.max(),
                gate(section.shownWhen(), ids, question.id()),
                gate(question.shownWhen(), ids, question.id()));
        list.add(slot);
        ids.put(slot.id(), slot);
      }
    }
    this.slots = list.toArray(Slot[]::new);
    this.byId = Map.copyOf(ids);
    this.personal =
        questionnaire
            .questions()
            .filter(Question::personal)
            .map(Question::id)
            .collect(Collectors.toUnmodifiableSet());
    Map<String, boolean[]> absent = new HashMap<>();
    for (Questionnaire other : Questionnaire.VERSIONS) {
      if (other.version().equals(questionnaire.version())) {
        continue;
      }
      boolean[] missing = new boolean[slots.length];
      for (Slot slot : slots) {
        missing[slot.index()] = slot.index() != AGE && other.question(slot.id()).isEmpty();
      }
      absent.put(other.version(), missing);
    }
    this.absentIn = Map.copyOf(absent);
  }

  /** Conditions name earlier questions only, so resolving slots in order always sees them set. */
  private static Gate gate(Condition condition, Map<String, Slot> earlier, String asking) {
    if (condition == null) {
      return null;
    }
    Slot slot = earlier.get(condition.question());
    if (slot == null) {
      throw new IllegalArgumentException(
          "question '"
              + asking
              + "' is asked depending on '"
              + condition.question()
              + "', which is not an earlier clinical question");
    }
    long mask = 0;
    for (String value : condition.anyOf()) {
      long bit =
          slot.type() == Type.BOOLEAN
              ? ("true".equals(value) ? YES : "false".equals(value) ? NO : 0)
              : slot.bit(value);
      if (bit == 0) {
        throw new IllegalArgumentException(
            "question '" + asking + "' is asked when '" + slot.id() + "' is '" + value + "'");
      }
      mask |= bit;
    }
    return new Gate(slot.index(), mask);
  }

  Optional<Slot> slot(String id) {
    return Optional.ofNullable(byId.get(id));
  }

  boolean isPersonal(String id) {
    return personal.contains(id);
  }

  int size() {
    return slots.length;
  }

  List<String> clinicalIds() {
    List<String> ids = new ArrayList<>();
    for (Slot slot : slots) {
      ids.add(slot.id());
    }
    return ids;
  }

  /**
   * The answers of one evaluation, as flat arrays indexed by slot: the state, and the value (the
   * option bits of a choice, or the raw bits of a number: a slot is never both).
   */
  static final class Values {
    final byte[] state;
    final long[] value;

    Values(int size) {
      state = new byte[size];
      value = new long[size];
    }

    long bits(int slot) {
      return value[slot];
    }

    double number(int slot) {
      return Double.longBitsToDouble(value[slot]);
    }

    void setNumber(int slot, double number) {
      value[slot] = Double.doubleToRawLongBits(number);
    }
  }

  /** Whether a gate holds: TRUE, FALSE or UNKNOWN (the answer it reads is missing). */
  static byte holds(Gate gate, Values values) {
    if (gate == null) {
      return Expr.TRUE;
    }
    return switch (values.state[gate.slot()]) {
      case ANSWERED -> (values.bits(gate.slot()) & gate.mask()) != 0 ? Expr.TRUE : Expr.FALSE;
      case NOT_ASKED, NOT_REPORTED -> Expr.FALSE;
      default -> Expr.UNKNOWN;
    };
  }

  /**
   * Reads the answers of the given slots (ascending, closed under the slots their conditions read)
   * into arrays. Never throws: a wrong type or a value outside the questionnaire's options or range
   * makes the slot INVALID, which rules treat as missing.
   */
  Values resolve(Answers answers, int[] order) {
    Values values = new Values(slots.length);
    int age = answers.ageYears();
    values.setNumber(AGE, age);
    values.state[AGE] = age >= 0 && age <= AGE_MAX ? ANSWERED : INVALID;
    Map<String, Object> given = answers.answers();
    boolean[] absent =
        answers.questionnaireVersion() == null
            ? null
            : absentIn.get(answers.questionnaireVersion());
    for (int index : order) {
      if (index == AGE) {
        continue;
      }
      if (absent != null && absent[index]) {
        values.state[index] = NOT_ASKED;
        continue;
      }
      Slot slot = slots[index];
      byte asked = Expr.and(holds(slot.section(), values), holds(slot.own(), values));
      if (asked == Expr.FALSE) {
        values.state[index] = NOT_ASKED;
        continue;
      }
      Object raw = given.get(slot.id());
      if (raw == null) {
        // An optional question counts as "not reported" whether or not it would have been asked.
        values.state[index] =
            !slot.required() ? NOT_REPORTED : asked == Expr.TRUE ? MISSING : UNDETERMINED;
      } else {
        values.state[index] = read(slot, raw, values) ? ANSWERED : INVALID;
      }
    }
    return values;
  }

  private static boolean read(Slot slot, Object raw, Values values) {
    int index = slot.index();
    switch (slot.type()) {
      case BOOLEAN -> {
        if (raw instanceof Boolean yes) {
          values.value[index] = yes ? YES : NO;
          return true;
        }
        return false;
      }
      case CHOICE -> {
        long bit = raw instanceof String option ? slot.bit(option) : 0;
        values.value[index] = bit;
        return bit != 0;
      }
      case MULTI_CHOICE -> {
        if (!(raw instanceof Collection<?> chosen)) {
          return false;
        }
        long mask = 0;
        for (Object option : chosen) {
          long bit = option instanceof String text ? slot.bit(text) : 0;
          if (bit == 0) {
            return false;
          }
          mask |= bit;
        }
        values.value[index] = mask;
        return true;
      }
      case INTEGER, DECIMAL -> {
        if (raw instanceof Number number) {
          double value = number.doubleValue();
          values.setNumber(index, value);
          return value >= slot.min() && value <= slot.max();
        }
        return false;
      }
      default -> {
        return raw instanceof String;
      }
    }
  }

  static String format(double value) {
    if (Double.isInfinite(value)) {
      return value > 0 ? "∞" : "-∞";
    }
    return value == Math.rint(value) ? Long.toString((long) value) : Double.toString(value);
  }
}
