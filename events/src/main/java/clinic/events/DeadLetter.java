package clinic.events;

/**
 * What a dead-letter record says about why it is there. A dead letter keeps the original key, value
 * and headers and adds where it came from and this reason, nothing else: no stack trace, and no
 * message text that could carry data from elsewhere (a database error's detail may quote a whole
 * row, patient identity included).
 */
public final class DeadLetter {

  /** Header names as Spring Kafka's dead-letter publisher writes them, so all services agree. */
  public static final String REASON = "kafka_dlt-exception-message";

  public static final String ORIGINAL_TOPIC = "kafka_dlt-original-topic";
  public static final String ORIGINAL_PARTITION = "kafka_dlt-original-partition";
  public static final String ORIGINAL_OFFSET = "kafka_dlt-original-offset";

  private static final int MAX_LENGTH = 500;

  private DeadLetter() {}

  /**
   * The reason for a failure: for an {@link InvalidEventException} anywhere in the chain its class
   * and message (written never to quote the record); otherwise the class of the innermost cause and
   * the first line of its message, which leaves out a database error's {@code Detail:} line.
   */
  public static String reason(Throwable failure) {
    Throwable innermost = failure;
    for (Throwable t = failure; t != null; t = t.getCause()) {
      if (t instanceof InvalidEventException invalid) {
        return truncate(InvalidEventException.class.getName() + ": " + invalid.getMessage());
      }
      innermost = t;
    }
    var message = innermost.getMessage() == null ? "" : innermost.getMessage().strip();
    var firstLine = message.lines().findFirst().orElse("");
    return truncate(innermost.getClass().getName() + (firstLine.isEmpty() ? "" : ": " + firstLine));
  }

  /** Whether a failure is one that no retry can fix. */
  public static boolean invalid(Throwable failure) {
    for (Throwable t = failure; t != null; t = t.getCause()) {
      if (t instanceof InvalidEventException) {
        return true;
      }
    }
    return false;
  }

  private static String truncate(String reason) {
    return reason.length() > MAX_LENGTH ? reason.substring(0, MAX_LENGTH) : reason;
  }
}
