package clinic.triage.rules;

import clinic.events.questionnaire.Question.Type;
import clinic.triage.rules.Expr.All;
import clinic.triage.rules.Expr.Compare;
import clinic.triage.rules.Expr.Is;
import clinic.triage.rules.Slots.Gate;
import clinic.triage.rules.Slots.Slot;
import clinic.triage.rules.Slots.Values;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.BitSet;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * Finds rules that can never fire: whether some complete set of answers the questionnaire allows
 * (honouring which questions are asked when) makes a condition true. A depth-first search over the
 * answers the condition reads, in questionnaire order, pruned as soon as three-valued evaluation of
 * the partial answers says FALSE. Each answer ranges over representative values only: one option
 * per group of options that no condition tells apart, and for numbers the range ends, the
 * thresholds and their neighbours.
 */
final class Satisfiability {

  /** Search nodes before giving up and assuming the condition can hold. */
  private static final int BUDGET = 500_000;

  private final Slots slots;

  Satisfiability(Slots slots) {
    this.slots = slots;
  }

  /** Whether some answers make the condition TRUE. */
  boolean canHold(Expr expr) {
    return new Search(expr).run();
  }

  /** Why a condition that cannot hold cannot: the first pair of its conditions that clash. */
  String whyNever(Expr expr) {
    List<Expr> conjuncts = new ArrayList<>();
    flatten(expr, conjuncts);
    for (Expr conjunct : conjuncts) {
      if (!canHold(conjunct)) {
        return "condition '" + conjunct.text() + "' can never hold";
      }
    }
    for (int i = 0; i < conjuncts.size(); i++) {
      for (int j = i + 1; j < conjuncts.size(); j++) {
        Expr a = conjuncts.get(i);
        Expr b = conjuncts.get(j);
        if (!canHold(new All(List.of(a, b)))) {
          BitSet reads = a.reads();
          reads.or(b.reads());
          if (reads.cardinality() == 1) {
            return "contradictory conditions '" + a.text() + "' and '" + b.text() + "'";
          }
          return "conditions '"
              + a.text()
              + "' and '"
              + b.text()
              + "' can never hold together: the questionnaire never asks these questions"
              + " together, or their answers exclude each other";
        }
      }
    }
    return "no answers the questionnaire allows satisfy all of its conditions together";
  }

  private static void flatten(Expr expr, List<Expr> into) {
    if (expr instanceof All all) {
      all.parts().forEach(part -> flatten(part, into));
    } else {
      into.add(expr);
    }
  }

  private final class Search {
    private final Expr expr;
    private final int[] order;
    private final long[][] choices;
    private final double[][] numbers;
    private final Values values;
    private int nodes;

    Search(Expr expr) {
      this.expr = expr;
      BitSet needed = expr.reads();
      for (int i = needed.length() - 1; i >= 0; i = needed.previousSetBit(i - 1)) {
        for (Gate gate : gates(slots.slots[i])) {
          needed.set(gate.slot());
        }
      }
      this.order = needed.stream().toArray();
      Map<Integer, List<Long>> masks = new HashMap<>();
      Map<Integer, TreeSet<Double>> thresholds = new HashMap<>();
      expr.atoms(
          atom -> {
            if (atom instanceof Is is) {
              masks.computeIfAbsent(is.slot(), k -> new ArrayList<>()).add(is.mask());
            } else if (atom instanceof Compare compare) {
              thresholds
                  .computeIfAbsent(compare.slot(), k -> new TreeSet<>())
                  .add(compare.threshold());
            }
          });
      for (int slot : order) {
        for (Gate gate : gates(slots.slots[slot])) {
          masks.computeIfAbsent(gate.slot(), k -> new ArrayList<>()).add(gate.mask());
        }
      }
      this.choices = new long[order.length][];
      this.numbers = new double[order.length][];
      for (int i = 0; i < order.length; i++) {
        Slot slot = slots.slots[order[i]];
        if (slot.isChoice()) {
          choices[i] = choiceValues(slot, masks.getOrDefault(slot.index(), List.of()));
        } else if (slot.isNumber()) {
          numbers[i] = numberValues(slot, thresholds.getOrDefault(slot.index(), new TreeSet<>()));
        }
      }
      this.values = new Values(slots.size());
      Arrays.fill(values.state, Slots.MISSING);
    }

    boolean run() {
      return search(0);
    }

    private boolean search(int depth) {
      if (++nodes > BUDGET) {
        return true;
      }
      byte now = expr.eval(values);
      if (now != Expr.UNKNOWN || depth == order.length) {
        return now == Expr.TRUE;
      }
      int index = order[depth];
      Slot slot = slots.slots[index];
      byte asked = Expr.and(Slots.holds(slot.section(), values), Slots.holds(slot.own(), values));
      boolean found = false;
      if (asked == Expr.FALSE) {
        values.state[index] = Slots.NOT_ASKED;
        found = search(depth + 1);
      } else {
        values.state[index] = Slots.ANSWERED;
        if (choices[depth] != null) {
          for (long bits : choices[depth]) {
            values.value[index] = bits;
            if (search(depth + 1)) {
              found = true;
              break;
            }
          }
        } else if (numbers[depth] != null) {
          for (double number : numbers[depth]) {
            values.setNumber(index, number);
            if (search(depth + 1)) {
              found = true;
              break;
            }
          }
        } else {
          found = search(depth + 1);
        }
        if (!found && !slot.required()) {
          values.state[index] = Slots.NOT_REPORTED;
          found = search(depth + 1);
        }
      }
      values.state[index] = Slots.MISSING;
      return found;
    }
  }

  private static List<Gate> gates(Slot slot) {
    List<Gate> gates = new ArrayList<>(2);
    if (slot.section() != null) {
      gates.add(slot.section());
    }
    if (slot.own() != null) {
      gates.add(slot.own());
    }
    return gates;
  }

  /**
   * Options that every mask either contains or not together behave the same: one of them stands for
   * all. A multiple choice ranges over the sets of these representatives.
   */
  private static long[] choiceValues(Slot slot, List<Long> masks) {
    Map<String, Long> representatives = new LinkedHashMap<>();
    for (int option = 0; option < slot.options().size(); option++) {
      long bit = 1L << option;
      StringBuilder signature = new StringBuilder();
      for (long mask : masks) {
        signature.append((mask & bit) != 0 ? '1' : '0');
      }
      representatives.putIfAbsent(signature.toString(), bit);
    }
    long[] bits = representatives.values().stream().mapToLong(Long::longValue).toArray();
    if (slot.type() != Type.MULTI_CHOICE) {
      return bits;
    }
    int groups = Math.min(bits.length, 16);
    List<Long> sets = new ArrayList<>();
    // The empty set stands for "none chosen"; a required multiple choice needs one.
    for (int subset = slot.required() ? 1 : 0; subset < (1 << groups); subset++) {
      long set = 0;
      for (int g = 0; g < groups; g++) {
        if ((subset & (1 << g)) != 0) {
          set |= bits[g];
        }
      }
      sets.add(set);
    }
    return sets.stream().mapToLong(Long::longValue).toArray();
  }

  private static double[] numberValues(Slot slot, TreeSet<Double> thresholds) {
    TreeSet<Double> points = new TreeSet<>();
    double min = Double.isInfinite(slot.min()) ? -1e9 : slot.min();
    double max = Double.isInfinite(slot.max()) ? 1e9 : slot.max();
    points.add(min);
    points.add(max);
    boolean whole = slot.type() == Type.INTEGER;
    for (double threshold : thresholds) {
      if (whole) {
        points.add(Math.floor(threshold) - 1);
        points.add(Math.floor(threshold));
        points.add(Math.ceil(threshold));
        points.add(Math.ceil(threshold) + 1);
      } else {
        points.add(threshold);
      }
    }
    if (!whole) {
      List<Double> sorted = new ArrayList<>(points);
      for (int i = 0; i + 1 < sorted.size(); i++) {
        points.add((sorted.get(i) + sorted.get(i + 1)) / 2);
      }
    }
    return points.subSet(min, true, max, true).stream().mapToDouble(Double::doubleValue).toArray();
  }
}
