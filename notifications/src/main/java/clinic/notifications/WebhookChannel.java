package clinic.notifications;

import io.github.resilience4j.circuitbreaker.CallNotPermittedException;
import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.cloud.client.circuitbreaker.CircuitBreaker;
import org.springframework.cloud.client.circuitbreaker.CircuitBreakerFactory;

/**
 * Signed HTTP POSTs to configured targets, each through its own Spring Cloud circuit breaker.
 *
 * <p>2xx is delivered. 408, 429, 5xx, timeouts and connection errors are failures to retry, and
 * count against the target's circuit. Any other status (a 4xx: the receiver understood and refused)
 * is permanent and does not count against the circuit: the receiver is up. While a circuit is open
 * the call fails fast without reaching the receiver, and the dispatcher retries later.
 *
 * <p>A 429 or 503 may say when to come back ({@code Retry-After}); the channel reports it and the
 * dispatcher decides how much of it to honour.
 */
final class WebhookChannel implements DeliveryChannel, AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(WebhookChannel.class);

  static final String CIRCUIT_GROUP = "clinic-notifications-webhooks";

  private final Map<String, NotificationsProperties.WebhookTarget> targets;
  private final CircuitBreakerFactory<?, ?> circuitBreakers;
  private final Map<String, CircuitBreaker> circuits = new ConcurrentHashMap<>();
  private final HttpClient http;
  private final Duration requestTimeout;
  private final Clock clock;

  WebhookChannel(
      Map<String, NotificationsProperties.WebhookTarget> targets,
      NotificationsProperties.Http settings,
      CircuitBreakerFactory<?, ?> circuitBreakers,
      Clock clock) {
    this.targets = Map.copyOf(targets);
    this.circuitBreakers = circuitBreakers;
    this.requestTimeout = settings.requestTimeout();
    this.clock = clock;
    this.http =
        HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(settings.connectTimeout())
            .followRedirects(HttpClient.Redirect.NEVER)
            .build();
    log.info("Webhook targets configured: {}", new java.util.TreeSet<>(this.targets.keySet()));
  }

  /** The circuit breaker id of a target, e.g. for {@code resilience4j.circuitbreaker.instances}. */
  static String circuitId(String target) {
    return "clinic-notifications-webhook-" + target;
  }

  @Override
  public Channel channel() {
    return Channel.WEBHOOK;
  }

  @Override
  public DeliveryResult send(Notification notification) {
    String name = notification.recipient();
    NotificationsProperties.WebhookTarget target = targets.get(name);
    if (target == null) {
      return DeliveryResult.rejected(null, "no webhook target named in configuration");
    }
    CircuitBreaker circuit =
        circuits.computeIfAbsent(name, n -> circuitBreakers.create(circuitId(n), CIRCUIT_GROUP));
    return circuit.run(() -> post(target, notification), failure -> fallback(name, failure));
  }

  private DeliveryResult post(
      NotificationsProperties.WebhookTarget target, Notification notification) {
    byte[] body = notification.payload().getBytes(StandardCharsets.UTF_8);
    long timestamp = clock.instant().getEpochSecond();
    HttpRequest request =
        HttpRequest.newBuilder(target.url())
            .timeout(requestTimeout)
            .header("Content-Type", "application/json; charset=utf-8")
            .header(WebhookSignature.IDEMPOTENCY_KEY_HEADER, notification.id().toString())
            .header(WebhookSignature.TIMESTAMP_HEADER, Long.toString(timestamp))
            .header(
                WebhookSignature.SIGNATURE_HEADER,
                WebhookSignature.sign(target.secret(), timestamp, body))
            .header("X-Clinic-Topic", notification.topic())
            .POST(HttpRequest.BodyPublishers.ofByteArray(body))
            .build();
    HttpResponse<Void> response;
    try {
      response = http.send(request, HttpResponse.BodyHandlers.discarding());
    } catch (IOException e) {
      throw new TransportFailure(DeliveryResult.describe(e));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new TransportFailure("interrupted");
    }
    int status = response.statusCode();
    if (status >= 200 && status < 300) {
      return DeliveryResult.delivered(status);
    }
    if (status == 408 || status == 429 || status >= 500) {
      // Thrown, not returned, so that the circuit breaker counts it as a failure.
      throw new RetryableStatus(
          status,
          status == 429 || status == 503
              ? RetryAfter.parse(
                      response.headers().firstValue("Retry-After").orElse(null), clock.instant())
                  .orElse(null)
              : null);
    }
    return DeliveryResult.rejected(status, "HTTP " + status);
  }

  private DeliveryResult fallback(String target, Throwable failure) {
    Throwable cause = failure;
    while ((cause instanceof java.util.concurrent.ExecutionException
            || cause instanceof java.util.concurrent.CompletionException)
        && cause.getCause() != null) {
      cause = cause.getCause();
    }
    return switch (cause) {
      case CallNotPermittedException open -> DeliveryResult.circuitOpen(target);
      case RetryableStatus retryable -> retryable.result();
      case TransportFailure transport -> DeliveryResult.failed(null, transport.getMessage());
      default -> DeliveryResult.failed(null, DeliveryResult.describe(cause));
    };
  }

  @Override
  public void close() {
    http.close();
  }

  /** A response worth retrying; an exception only so that the circuit breaker records it. */
  private static final class RetryableStatus extends RuntimeException {
    private final int status;
    private final @Nullable Duration retryAfter;

    RetryableStatus(int status, @Nullable Duration retryAfter) {
      super("HTTP " + status, null, false, false);
      this.status = status;
      this.retryAfter = retryAfter;
    }

    /** Rounded up: a date 1.6 s away is "2s", not "1s". */
    private static long wholeSeconds(Duration duration) {
      return duration.plusNanos(999_999_999).toSeconds();
    }

    DeliveryResult result() {
      return retryAfter == null
          ? DeliveryResult.failed(status, "HTTP " + status)
          : DeliveryResult.failed(
              status,
              "HTTP " + status + ", Retry-After " + wholeSeconds(retryAfter) + "s",
              retryAfter);
    }
  }

  /** The call did not complete; the message names exception classes only. */
  private static final class TransportFailure extends RuntimeException {
    TransportFailure(String description) {
      super(description, null, false, false);
    }
  }
}
