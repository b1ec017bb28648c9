package clinic.notifications;

import java.time.Duration;
import java.util.random.RandomGenerator;

/**
 * Exponential back-off with full jitter (the delay is drawn uniformly below an exponentially
 * growing ceiling), so that notifications that failed together do not all come back together.
 */
record BackOff(Duration initialDelay, double multiplier, Duration maxDelay) {

  static BackOff of(NotificationsProperties.Retry retry) {
    return new BackOff(retry.initialDelay(), retry.multiplier(), retry.maxDelay());
  }

  /** The ceiling after the {@code attempt}-th failed attempt (1-based). */
  Duration ceiling(int attempt) {
    double millis = initialDelay.toMillis() * Math.pow(multiplier, Math.max(0, attempt - 1));
    return millis >= maxDelay.toMillis() ? maxDelay : Duration.ofMillis((long) millis);
  }

  /** A delay drawn uniformly from [0, ceiling]. */
  Duration delay(Duration ceiling, RandomGenerator random) {
    return Duration.ofMillis(random.nextLong(ceiling.toMillis() + 1));
  }
}
