package clinic.stack;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A constant arrival rate of intakes through the gateway, as a front desk posts them: a request
 * starts on schedule whether or not the ones before it were answered (an open model, so an outage
 * does not slow the arrivals down), and every answer is recorded.
 */
final class ChaosLoad implements AutoCloseable {

  /**
   * {@code status} -1: no answer (connection refused or reset, or no answer within the timeout).
   */
  record Sent(Instant sentAt, Instant answeredAt, int status, UUID intakeId) {

    boolean accepted() {
      return (status == 201 || status == 200) && intakeId != null;
    }

    boolean overlaps(Instant from, Instant to) {
      return !answeredAt.isBefore(from) && !sentAt.isAfter(to);
    }
  }

  private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(10);
  private static final Pattern INTAKE_ID =
      Pattern.compile("\"intakeId\"\\s*:\\s*\"([0-9a-fA-F-]{36})\"");

  private final HttpClient http =
      HttpClient.newBuilder()
          .version(HttpClient.Version.HTTP_1_1)
          .connectTimeout(Duration.ofSeconds(2))
          .executor(Executors.newVirtualThreadPerTaskExecutor())
          .build();
  private final ScheduledExecutorService ticker =
      Executors.newSingleThreadScheduledExecutor(r -> new Thread(r, "chaos-load"));
  private final ConcurrentLinkedQueue<Sent> answers = new ConcurrentLinkedQueue<>();
  private final AtomicInteger inFlight = new AtomicInteger();
  private final URI intakes;
  private final DemoTokens frontDesk;
  private final String body;

  private ChaosLoad(URI site, DemoTokens frontDesk, String body) {
    this.intakes = site.resolve("/api/intakes");
    this.frontDesk = frontDesk;
    this.body = body;
  }

  /** Starts posting {@code body} {@code rate} times a second. */
  static ChaosLoad start(URI site, DemoTokens frontDesk, String body, double rate) {
    ChaosLoad load = new ChaosLoad(site, frontDesk, body);
    long period = Math.round(1e9 / rate);
    load.ticker.scheduleAtFixedRate(load::post, 0, period, TimeUnit.NANOSECONDS);
    return load;
  }

  private void post() {
    Instant sentAt = Instant.now();
    HttpRequest request;
    try {
      request =
          HttpRequest.newBuilder(intakes)
              .timeout(REQUEST_TIMEOUT)
              .header("Authorization", frontDesk.bearer())
              .header("Content-Type", "application/json")
              // As the front-desk form does: a request sent again (by the gateway, after an
              // instance died with it) cannot create a second intake.
              .header("Idempotency-Key", UUID.randomUUID().toString())
              .POST(HttpRequest.BodyPublishers.ofString(body))
              .build();
    } catch (Exception e) {
      // The identity provider did not answer: the request could not even be made.
      answers.add(new Sent(sentAt, Instant.now(), -1, null));
      return;
    }
    inFlight.incrementAndGet();
    http.sendAsync(request, HttpResponse.BodyHandlers.ofString())
        .whenComplete(
            (response, failure) -> {
              Instant answeredAt = Instant.now();
              if (response == null) {
                answers.add(new Sent(sentAt, answeredAt, -1, null));
              } else {
                answers.add(
                    new Sent(
                        sentAt,
                        answeredAt,
                        response.statusCode(),
                        intakeId(response.body()).orElse(null)));
              }
              inFlight.decrementAndGet();
            });
  }

  private static Optional<UUID> intakeId(String body) {
    Matcher matcher = INTAKE_ID.matcher(body == null ? "" : body);
    return matcher.find() ? Optional.of(UUID.fromString(matcher.group(1))) : Optional.empty();
  }

  /** Every answer so far, in the order they came. */
  List<Sent> answers() {
    return List.copyOf(answers);
  }

  /** Stops starting requests and waits for the ones under way (each has a timeout). */
  @Override
  public void close() throws InterruptedException {
    ticker.shutdownNow();
    ticker.awaitTermination(5, TimeUnit.SECONDS);
    long deadline = System.nanoTime() + REQUEST_TIMEOUT.plusSeconds(5).toNanos();
    while (inFlight.get() > 0 && System.nanoTime() < deadline) {
      Thread.sleep(100);
    }
  }
}
