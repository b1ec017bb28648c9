package clinic.content.library;

/** What an education item is about; the declaration order is the reading order in a packet. */
public enum ItemKind {
  WARNING_SIGNS,
  CONDITION,
  CAUSE,
  TREATMENT,
  PREVENTION,
  QUESTION_AND_ANSWER
}
