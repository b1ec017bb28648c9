package clinic.events.spring;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.function.Supplier;

/**
 * A database read behind a gauge: run at most once per {@code maxAge}, however many gauges read it
 * and however often Prometheus (one per instance, or several) scrapes. The gauges of one query
 * share one instance, so a scrape costs at most one query, never one per row or per label.
 */
public final class CachedQuery<T> implements Supplier<T> {

  private final Supplier<T> query;
  private final Duration maxAge;
  private final Clock clock;
  private T value;
  private Instant readAt = Instant.MIN;

  public CachedQuery(Supplier<T> query, Duration maxAge, Clock clock) {
    this.query = query;
    this.maxAge = maxAge;
    this.clock = clock;
  }

  public CachedQuery(Supplier<T> query, Duration maxAge) {
    this(query, maxAge, Clock.systemUTC());
  }

  @Override
  public synchronized T get() {
    Instant now = clock.instant();
    if (value == null || !now.isBefore(readAt.plus(maxAge))) {
      value = query.get();
      readAt = now;
    }
    return value;
  }
}
