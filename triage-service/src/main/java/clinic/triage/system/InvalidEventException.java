package clinic.triage.system;

/**
 * A record that can never be processed, however often it is retried: a missing or unknown
 * CloudEvents header, a value that is not JSON or does not match the event's schema. The error
 * handler sends it straight to the dead-letter topic. The message must describe what is wrong
 * without quoting the record's value, which may hold clinical answers.
 */
public class InvalidEventException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  public InvalidEventException(String message) {
    super(message);
  }
}
