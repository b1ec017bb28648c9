package clinic.events;

/**
 * What a red flag asks for before anything else, apart from the route that follows it: staff and
 * the patient see this first, in plain words. Most urgent first, like {@link Urgency}.
 */
public enum Escalation {
  /** Emergency assessment today: a hospital emergency department, the same day. */
  EMERGENCY_TODAY(Urgency.EMERGENCY),
  /** Urgent specialist review: seen by a specialist within days, not the same day. */
  URGENT_REVIEW(Urgency.URGENT);

  private final Urgency urgency;

  Escalation(Urgency urgency) {
    this.urgency = urgency;
  }

  /** The urgency this escalation goes with: a red-flag rule must name both consistently. */
  public Urgency urgency() {
    return urgency;
  }

  /** The more urgent of two escalations, either of which may be null. */
  public static Escalation mostUrgent(Escalation a, Escalation b) {
    if (a == null) {
      return b;
    }
    return b == null || a.compareTo(b) <= 0 ? a : b;
  }
}
