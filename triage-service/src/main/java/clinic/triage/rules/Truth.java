package clinic.triage.rules;

/**
 * Three-valued logic (Kleene): a condition on an unanswered question is {@link #UNKNOWN}, not
 * false, so a rule that cannot be decided is reported instead of silently not firing. {@code FALSE
 * and UNKNOWN} is still {@code FALSE}: a knee question left blank does not matter when no knee
 * hurts.
 */
enum Truth {
  TRUE,
  FALSE,
  UNKNOWN;

  static Truth of(boolean value) {
    return value ? TRUE : FALSE;
  }

  Truth and(Truth other) {
    if (this == FALSE || other == FALSE) {
      return FALSE;
    }
    return this == TRUE && other == TRUE ? TRUE : UNKNOWN;
  }

  Truth or(Truth other) {
    if (this == TRUE || other == TRUE) {
      return TRUE;
    }
    return this == FALSE && other == FALSE ? FALSE : UNKNOWN;
  }

  Truth not() {
    return switch (this) {
      case TRUE -> FALSE;
      case FALSE -> TRUE;
      case UNKNOWN -> UNKNOWN;
    };
  }
}
