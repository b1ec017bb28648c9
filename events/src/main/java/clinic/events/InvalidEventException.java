package clinic.events;

/**
 * A record that no retry can mend: CloudEvents headers missing or wrong, an event from a service
 * that does not own the topic, a value that breaks the event's JSON Schema, a link that does not
 * lead to the clinic's education pages, an intake the consumer never had. Every consumer sends it
 * to the dead-letter topic at once. The message names headers, fields and rules, never a value from
 * the record (it may hold clinical answers), so it may be logged and kept with the dead letter.
 */
public class InvalidEventException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  public InvalidEventException(String message) {
    super(message);
  }
}
