package clinic.events.spring;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;
import java.time.Duration;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * The outbox as an operator watches it: {@code clinic.outbox.backlog}, the publications not yet
 * acknowledged by the broker, and {@code clinic.outbox.oldest.age} (seconds), how long the oldest
 * of them has waited (0 when none). Read from the shared {@code event_publication} table, so every
 * instance of a service reports the same, whole backlog; one query per {@code maxAge}.
 */
final class OutboxMetrics implements MeterBinder {

  record Backlog(long unsent, double oldestAgeSeconds) {}

  private final CachedQuery<Backlog> backlog;

  OutboxMetrics(JdbcClient jdbc, Duration maxAge) {
    this.backlog =
        new CachedQuery<>(
            () ->
                jdbc.sql(
                        """
                        select count(*) as unsent,
                               coalesce(extract(epoch from now() - min(publication_date)), 0)
                                 as oldest
                        from event_publication where completion_date is null
                        """)
                    .query((rs, row) -> new Backlog(rs.getLong("unsent"), rs.getDouble("oldest")))
                    .single(),
            maxAge);
  }

  @Override
  public void bindTo(MeterRegistry registry) {
    Gauge.builder("clinic.outbox.backlog", backlog, b -> b.get().unsent())
        .description("Events stored in the outbox and not yet acknowledged by the broker")
        .strongReference(true)
        .register(registry);
    Gauge.builder("clinic.outbox.oldest.age", backlog, b -> b.get().oldestAgeSeconds())
        .description("How long the oldest unsent event has waited in the outbox (0: none)")
        .baseUnit("seconds")
        .strongReference(true)
        .register(registry);
  }
}
