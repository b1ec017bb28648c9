package clinic.notifications;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import org.jspecify.annotations.Nullable;

/**
 * What a channel reports for one attempt. {@code error} is built from status codes and exception
 * class names only: exception messages (SMTP replies, for one) can quote an e-mail address.
 *
 * @param retryAfter for a failure: how long the receiver asked us to wait before the next attempt
 *     (a webhook's {@code Retry-After}); null when it did not say
 */
record DeliveryResult(
    Outcome outcome,
    @Nullable Integer statusCode,
    @Nullable String error,
    @Nullable Duration retryAfter) {

  static DeliveryResult delivered(@Nullable Integer statusCode) {
    return new DeliveryResult(Outcome.DELIVERED, statusCode, null, null);
  }

  static DeliveryResult failed(@Nullable Integer statusCode, String error) {
    return new DeliveryResult(Outcome.FAILED, statusCode, error, null);
  }

  /** A failure after which the receiver asked to be left alone for {@code retryAfter}. */
  static DeliveryResult failed(int statusCode, String error, Duration retryAfter) {
    return new DeliveryResult(Outcome.FAILED, statusCode, error, retryAfter);
  }

  static DeliveryResult rejected(@Nullable Integer statusCode, String error) {
    return new DeliveryResult(Outcome.REJECTED, statusCode, error, null);
  }

  static DeliveryResult circuitOpen(String target) {
    return new DeliveryResult(
        Outcome.CIRCUIT_OPEN, null, "circuit open for webhook target " + target, null);
  }

  /**
   * The exception's class and its causes' classes, e.g. {@code MailSendException<-SocketException}.
   */
  static String describe(Throwable failure) {
    List<String> names = new ArrayList<>();
    Throwable t = failure;
    while (t != null && names.size() < 5) {
      if (!(t instanceof ExecutionException || t instanceof CompletionException)
          || t.getCause() == null) {
        names.add(t.getClass().getSimpleName());
      }
      t = t.getCause() == t ? null : t.getCause();
    }
    return String.join("<-", names);
  }
}
