package clinic.notifications;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.jspecify.annotations.Nullable;

/**
 * A notification as the delivery log knows it, for a referral's detail view: its status, every
 * attempt and every manual retry. It carries the recipient (an address the viewer may see) but not
 * the content.
 *
 * @param attempts attempts so far, over the notification's whole life
 * @param nextAttemptAt when it is next due; while SENDING, when the sender's lease ends
 * @param lastError why the last attempt failed: error classes and status codes, no content
 */
public record Delivery(
    UUID id,
    Channel channel,
    String recipient,
    String topic,
    String reference,
    Status status,
    int attempts,
    Instant nextAttemptAt,
    @Nullable String lastError,
    Instant createdAt,
    @Nullable Instant deliveredAt,
    List<Attempt> attemptLog,
    List<ManualRetry> retries) {

  public Delivery {
    attemptLog = List.copyOf(attemptLog);
    retries = List.copyOf(retries);
  }

  /** Whether a person can send it again ({@link Notifications#retry}). */
  public boolean retryable() {
    return status == Status.GAVE_UP || status == Status.FAILED;
  }

  /**
   * One attempt.
   *
   * @param number 1, 2, ... over the notification's whole life (manual retries continue the count)
   * @param outcome {@code null} while the attempt is in flight
   * @param statusCode the HTTP status of a webhook response
   * @param error error class or status, never content
   * @param nextAttemptAt when a failed attempt is retried
   * @param backOffCeiling the upper bound the retry delay was drawn under (full jitter)
   */
  public record Attempt(
      int number,
      Instant startedAt,
      @Nullable Instant finishedAt,
      @Nullable Outcome outcome,
      @Nullable Integer statusCode,
      @Nullable String error,
      @Nullable Instant nextAttemptAt,
      @Nullable Duration backOffCeiling) {}

  /** A person sent it again. */
  public record ManualRetry(
      Instant requestedAt, String requestedBy, Status statusBefore, int attemptsBefore) {}
}
