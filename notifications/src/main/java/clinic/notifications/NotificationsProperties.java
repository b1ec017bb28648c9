package clinic.notifications;

import java.net.URI;
import java.time.Duration;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * {@code clinic.notifications.*}. Every value has a default except the webhook targets and the
 * sender address, which each service sets for itself.
 */
@ConfigurationProperties("clinic.notifications")
public record NotificationsProperties(
    @DefaultValue Dispatcher dispatcher,
    @DefaultValue Retry retry,
    @DefaultValue Email email,
    @DefaultValue Http http,
    @DefaultValue CircuitBreaker circuitBreaker,
    @DefaultValue Retention retention,
    @Nullable Map<String, WebhookTarget> webhooks) {

  public NotificationsProperties {
    webhooks = webhooks == null ? Map.of() : Map.copyOf(webhooks);
    // A lease shorter than one send would let a second dispatcher take over a send still running.
    Duration longestWebhookSend = http.connectTimeout().plus(http.requestTimeout());
    if (dispatcher.lease().compareTo(longestWebhookSend.multipliedBy(2)) < 0) {
      throw new IllegalArgumentException(
          "clinic.notifications.dispatcher.lease must be at least twice"
              + " http.connect-timeout + http.request-timeout");
    }
  }

  /**
   * @param enabled off in a process that only enqueues (a test, or an instance that must not send)
   * @param interval pause between polls when nothing is due
   * @param batchSize notifications claimed per poll; they are sent in parallel
   * @param lease how long a claim holds; after it, another dispatcher may take the notification
   */
  public record Dispatcher(
      @DefaultValue("true") boolean enabled,
      @DefaultValue("500ms") Duration interval,
      @DefaultValue("10") int batchSize,
      @DefaultValue("2m") Duration lease) {
    public Dispatcher {
      requirePositive(interval, "dispatcher.interval");
      requirePositive(lease, "dispatcher.lease");
      if (batchSize < 1) {
        throw new IllegalArgumentException(
            "clinic.notifications.dispatcher.batch-size must be >= 1");
      }
    }
  }

  /**
   * Exponential back-off with full jitter: the delay after the n-th failed attempt is drawn
   * uniformly from [0, min(maxDelay, initialDelay * multiplier^(n-1))]. A webhook's {@code
   * Retry-After} on a 429 or 503 can lengthen that delay up to {@code maxDelay}, never beyond.
   *
   * @param maxAttempts attempts (counted from the last manual retry) before giving up
   * @param maxDelay the longest pause between two attempts, whatever the back-off or the receiver
   */
  public record Retry(
      @DefaultValue("12") int maxAttempts,
      @DefaultValue("10s") Duration initialDelay,
      @DefaultValue("2.0") double multiplier,
      @DefaultValue("1h") Duration maxDelay) {
    public Retry {
      requirePositive(initialDelay, "retry.initial-delay");
      requirePositive(maxDelay, "retry.max-delay");
      if (maxAttempts < 1 || multiplier < 1.0) {
        throw new IllegalArgumentException(
            "clinic.notifications.retry: max-attempts must be >= 1 and multiplier >= 1");
      }
    }
  }

  /**
   * @param from the sender, e.g. {@code "Clinic <no-reply@clinic.example>"}
   * @param messageIdDomain right-hand side of the Message-ID; defaults to the sender's domain
   */
  public record Email(
      @DefaultValue("no-reply@localhost") String from, @Nullable String messageIdDomain) {}

  /** Webhook HTTP timeouts. */
  public record Http(
      @DefaultValue("2s") Duration connectTimeout, @DefaultValue("10s") Duration requestTimeout) {
    public Http {
      requirePositive(connectTimeout, "http.connect-timeout");
      requirePositive(requestTimeout, "http.request-timeout");
    }
  }

  /**
   * One Resilience4j circuit breaker per webhook target (count-based sliding window).
   *
   * @param failureRateThreshold percentage of failed calls in the window that opens the circuit
   * @param waitInOpenState how long an open circuit rejects calls before letting a few through
   */
  public record CircuitBreaker(
      @DefaultValue("10") int slidingWindowSize,
      @DefaultValue("5") int minimumNumberOfCalls,
      @DefaultValue("50") float failureRateThreshold,
      @DefaultValue("60s") Duration waitInOpenState,
      @DefaultValue("2") int permittedCallsInHalfOpenState) {}

  /**
   * How long a delivered notification (its recipient, text and attempts) is kept before it is
   * deleted. The cause that enqueued it keeps the fact that it was sent; a notification that gave
   * up stays until a person retried it. The clean-up runs every {@code
   * clinic.notifications.retention.interval} (1h).
   *
   * @param delivered age since delivery after which a delivered notification is deleted
   */
  public record Retention(@DefaultValue("30d") Duration delivered) {
    public Retention {
      requirePositive(delivered, "retention.delivered");
    }
  }

  /**
   * A receiving system. The secret signs each call (HMAC-SHA256); share it with the receiver only.
   */
  public record WebhookTarget(URI url, String secret) {
    public WebhookTarget {
      if (url == null
          || !url.isAbsolute()
          || !("https".equals(url.getScheme()) || "http".equals(url.getScheme()))) {
        throw new IllegalArgumentException("a webhook target needs an absolute http(s) url");
      }
      if (secret == null || secret.isBlank()) {
        throw new IllegalArgumentException("a webhook target needs a secret");
      }
    }

    @Override
    public String toString() {
      return "WebhookTarget[url=" + url + ", secret=******]";
    }
  }

  private static void requirePositive(Duration duration, String name) {
    if (duration.isNegative() || duration.isZero()) {
      throw new IllegalArgumentException("clinic.notifications." + name + " must be positive");
    }
  }
}
