package clinic.intake.progress;

/**
 * A record that no retry can fix: missing CloudEvents headers, JSON that breaks the contract, an
 * intake this service never had. The Kafka error handler sends it to the dead-letter topic at once.
 */
public class UnprocessableEvent extends RuntimeException {

  private static final long serialVersionUID = 1L;

  UnprocessableEvent(String message) {
    super(message);
  }

  UnprocessableEvent(String message, Throwable cause) {
    super(message, cause);
  }
}
