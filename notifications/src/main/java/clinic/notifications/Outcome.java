package clinic.notifications;

/** What one delivery attempt came to. */
public enum Outcome {
  DELIVERED,
  /** A failure worth retrying: connection error, timeout, HTTP 5xx, 408 or 429, SMTP trouble. */
  FAILED,
  /**
   * A permanent failure: HTTP 4xx other than 408/429, an address the server refused, bad
   * configuration.
   */
  REJECTED,
  /** Not sent: the target's circuit breaker is open after repeated failures. */
  CIRCUIT_OPEN,
  /**
   * The dispatcher holding the claim stopped before recording an outcome; it may or may not have
   * sent.
   */
  LEASE_EXPIRED
}
