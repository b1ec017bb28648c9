package clinic.triage.rules;

import clinic.triage.rules.Slots.Values;
import java.util.BitSet;
import java.util.List;
import java.util.function.Consumer;

/**
 * A compiled condition. Evaluation is three-valued (Kleene logic): TRUE, FALSE, or UNKNOWN when it
 * depends on an answer that is missing. A rule whose condition is UNKNOWN is "undecided", and the
 * decision goes to a clinician for review instead of silently not firing.
 */
sealed interface Expr {

  byte FALSE = 0;
  byte TRUE = 1;
  byte UNKNOWN = 2;

  byte eval(Values values);

  /** The condition as written in the ruleset, for messages and explanations. */
  String text();

  /** Visits the atoms (the conditions on one answer) below this one. */
  void atoms(Consumer<Atom> visitor);

  default BitSet reads() {
    BitSet slots = new BitSet();
    atoms(atom -> slots.set(atom.slot()));
    return slots;
  }

  /**
   * Marks the answers that make this condition come out as it did: for a condition that holds, the
   * parts that hold; inside a "not", the parts that fail. A rule "any of a, b" that fired on a
   * names a only, and "not (x and y)" names whichever of x and y failed.
   */
  static void support(Expr expr, Values values, boolean holds, long[] into) {
    byte wanted = holds ? TRUE : FALSE;
    switch (expr) {
      case Atom atom -> {
        if (atom.eval(values) == wanted) {
          into[atom.slot() >>> 6] |= 1L << atom.slot();
        }
      }
      case Ref ref -> support(ref.expr(), values, holds, into);
      case Not not -> support(not.expr(), values, !holds, into);
      case All all -> supportParts(all.array(), values, holds, wanted, into);
      case AtLeast atLeast -> supportParts(atLeast.array(), values, holds, wanted, into);
    }
  }

  private static void supportParts(
      Expr[] parts, Values values, boolean holds, byte wanted, long[] into) {
    for (Expr part : parts) {
      if (part.eval(values) == wanted) {
        support(part, values, holds, into);
      }
    }
  }

  /**
   * The same condition without the named-definition wrappers and with nested "all" groups merged:
   * what evaluation runs. The original, with its names, stays for messages.
   */
  static Expr inline(Expr expr) {
    return switch (expr) {
      case Atom atom -> atom;
      case Ref ref -> inline(ref.expr());
      case Not not -> new Not(inline(not.expr()));
      case All all -> {
        List<Expr> parts = new java.util.ArrayList<>();
        for (Expr part : all.parts()) {
          Expr inlined = inline(part);
          if (inlined instanceof All inner) {
            parts.addAll(inner.parts());
          } else {
            parts.add(inlined);
          }
        }
        yield new All(parts);
      }
      case AtLeast atLeast ->
          new AtLeast(atLeast.count(), atLeast.parts().stream().map(Expr::inline).toList());
    };
  }

  static byte and(byte a, byte b) {
    if (a == FALSE || b == FALSE) {
      return FALSE;
    }
    return a == UNKNOWN || b == UNKNOWN ? UNKNOWN : TRUE;
  }

  /** A condition on one answer. */
  sealed interface Atom extends Expr {
    int slot();

    @Override
    default void atoms(Consumer<Atom> visitor) {
      visitor.accept(this);
    }
  }

  /** A yes/no, choice or multiple-choice answer includes any of the options in the mask. */
  record Is(int slot, long mask, String text) implements Atom {
    @Override
    public byte eval(Values values) {
      return switch (values.state[slot]) {
        case Slots.ANSWERED -> (values.bits(slot) & mask) != 0 ? TRUE : FALSE;
        case Slots.NOT_ASKED, Slots.NOT_REPORTED -> FALSE;
        default -> UNKNOWN;
      };
    }
  }

  enum Op {
    AT_LEAST(">="),
    AT_MOST("<="),
    ABOVE(">"),
    BELOW("<"),
    EQUALS("=");

    final String symbol;

    Op(String symbol) {
      this.symbol = symbol;
    }

    static Op of(String symbol) {
      for (Op op : values()) {
        if (op.symbol.equals(symbol)) {
          return op;
        }
      }
      throw new IllegalArgumentException(symbol);
    }

    boolean test(double value, double threshold) {
      return switch (this) {
        case AT_LEAST -> value >= threshold;
        case AT_MOST -> value <= threshold;
        case ABOVE -> value > threshold;
        case BELOW -> value < threshold;
        case EQUALS -> value == threshold;
      };
    }
  }

  /** A number answer (or the age) compared with a threshold. */
  record Compare(int slot, Op op, double threshold, String text) implements Atom {
    @Override
    public byte eval(Values values) {
      return switch (values.state[slot]) {
        case Slots.ANSWERED -> op.test(values.number(slot), threshold) ? TRUE : FALSE;
        case Slots.NOT_ASKED, Slots.NOT_REPORTED -> FALSE;
        default -> UNKNOWN;
      };
    }
  }

  /** A named definition, kept for messages; evaluates what it names. */
  record Ref(String name, Expr expr) implements Expr {
    @Override
    public byte eval(Values values) {
      return expr.eval(values);
    }

    @Override
    public String text() {
      return name;
    }

    @Override
    public void atoms(Consumer<Atom> visitor) {
      expr.atoms(visitor);
    }
  }

  record Not(Expr expr) implements Expr {
    @Override
    public byte eval(Values values) {
      byte value = expr.eval(values);
      return value == UNKNOWN ? UNKNOWN : value == TRUE ? FALSE : TRUE;
    }

    @Override
    public String text() {
      return "not (" + expr.text() + ")";
    }

    @Override
    public void atoms(Consumer<Atom> visitor) {
      expr.atoms(visitor);
    }
  }

  /** All parts hold; FALSE as soon as one is FALSE, whatever is unknown. */
  record All(List<Expr> parts, Expr[] array) implements Expr {
    All(List<Expr> parts) {
      this(List.copyOf(parts), parts.toArray(Expr[]::new));
    }

    @Override
    public byte eval(Values values) {
      byte result = TRUE;
      for (Expr part : array) {
        byte value = part.eval(values);
        if (value == FALSE) {
          return FALSE;
        }
        if (value == UNKNOWN) {
          result = UNKNOWN;
        }
      }
      return result;
    }

    @Override
    public String text() {
      return "all of (" + String.join("; ", parts.stream().map(Expr::text).toList()) + ")";
    }

    @Override
    public void atoms(Consumer<Atom> visitor) {
      parts.forEach(part -> part.atoms(visitor));
    }
  }

  /** At least {@code count} parts hold ("any" is at least one). */
  record AtLeast(int count, List<Expr> parts, Expr[] array) implements Expr {
    AtLeast(int count, List<Expr> parts) {
      this(count, List.copyOf(parts), parts.toArray(Expr[]::new));
    }

    @Override
    public byte eval(Values values) {
      int holding = 0;
      int unknown = 0;
      for (Expr part : array) {
        byte value = part.eval(values);
        if (value == TRUE) {
          if (++holding >= count) {
            return TRUE;
          }
        } else if (value == UNKNOWN) {
          unknown++;
        }
      }
      return holding + unknown >= count ? UNKNOWN : FALSE;
    }

    @Override
    public String text() {
      String list = String.join("; ", parts.stream().map(Expr::text).toList());
      return (count == 1 ? "any of (" : "at least " + count + " of (") + list + ")";
    }

    @Override
    public void atoms(Consumer<Atom> visitor) {
      parts.forEach(part -> part.atoms(visitor));
    }
  }
}
