package clinic.content.outbox;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;
import io.micronaut.context.annotation.Value;
import jakarta.inject.Singleton;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

/**
 * The outbox as an operator watches it, with the same names as the Spring services': {@code
 * clinic.outbox.backlog}, messages not yet sent, and {@code clinic.outbox.oldest.age} (seconds),
 * how long the oldest of them has waited (0 when none). Read from the shared table, so every
 * instance reports the whole backlog; the two queries run at most once per {@code max-age}, however
 * often and by however many the endpoint is scraped.
 */
@Singleton
class OutboxMetrics implements MeterBinder {

  record Backlog(long unsent, double oldestAgeSeconds) {}

  private final OutboxRepository outbox;
  private final Duration maxAge;
  private final Clock clock = Clock.systemUTC();
  private Backlog backlog;
  private Instant readAt = Instant.MIN;

  OutboxMetrics(
      OutboxRepository outbox,
      @Value("${content.metrics.database-gauges-max-age:5s}") Duration maxAge) {
    this.outbox = outbox;
    this.maxAge = maxAge;
  }

  @Override
  public void bindTo(MeterRegistry registry) {
    Gauge.builder("clinic.outbox.backlog", this, m -> m.backlog().unsent())
        .description("Events stored in the outbox and not yet acknowledged by the broker")
        .register(registry);
    Gauge.builder("clinic.outbox.oldest.age", this, m -> m.backlog().oldestAgeSeconds())
        .description("How long the oldest unsent event has waited in the outbox (0: none)")
        .baseUnit("seconds")
        .register(registry);
  }

  synchronized Backlog backlog() {
    Instant now = clock.instant();
    if (backlog == null || !now.isBefore(readAt.plus(maxAge))) {
      double oldest =
          outbox
              .oldestPendingCreatedAt()
              .map(at -> Math.max(0, Duration.between(at, now).toMillis() / 1000.0))
              .orElse(0.0);
      backlog = new Backlog(outbox.countBySentAtIsNull(), oldest);
      readAt = now;
    }
    return backlog;
  }
}
