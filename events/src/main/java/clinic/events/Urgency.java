package clinic.events;

/** How soon the patient must be seen, most urgent first (the natural order sorts a queue). */
public enum Urgency {
  /** Same day, hospital assessment. */
  EMERGENCY,
  /** Within days. */
  URGENT,
  /** Within a few weeks. */
  SOON,
  ROUTINE
}
