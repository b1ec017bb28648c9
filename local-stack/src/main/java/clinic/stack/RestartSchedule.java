package clinic.stack;

import java.time.Duration;
import java.util.Optional;

/**
 * When the launcher starts a service instance again after it exited unexpectedly: after 1 s, then
 * twice as long each time up to 30 s; from 1 s again once an instance has stayed ready for a
 * minute; and no more after five restarts in a row that never became ready. One schedule per
 * instance.
 */
final class RestartSchedule {

  /** Most crashes are one-offs: come back at once, but never spin on a port still closing. */
  static final Duration FIRST_DELAY = Duration.ofSeconds(1);

  /** A service that keeps crashing after it started is still tried twice a minute. */
  static final Duration MAX_DELAY = Duration.ofSeconds(30);

  /** Ready this long, the instance was healthy: its next crash starts a new series. */
  static final Duration STABLE = Duration.ofSeconds(60);

  /**
   * Five starts in a row that die before they are ready are a broken jar, configuration or
   * dependency: another start would only fill the log.
   */
  static final int MAX_FAILED_STARTS = 5;

  private int restarts;
  private int failedStarts;

  /**
   * Records that the instance exited and says when to start it again.
   *
   * @param readyFor how long the instance that exited had been ready; null if it never was
   * @return the delay before the next start, or empty to give up
   */
  Optional<Duration> afterExit(Duration readyFor) {
    if (readyFor == null) {
      failedStarts++;
    } else {
      failedStarts = 0;
      if (readyFor.compareTo(STABLE) >= 0) {
        restarts = 0;
      }
    }
    if (failedStarts >= MAX_FAILED_STARTS) {
      return Optional.empty();
    }
    Duration delay = FIRST_DELAY.multipliedBy(1L << Math.min(restarts, 20));
    restarts++;
    return Optional.of(delay.compareTo(MAX_DELAY) > 0 ? MAX_DELAY : delay);
  }

  /** The restarts since the instance was last stable: 1 for the first, shown in the log. */
  int attempt() {
    return restarts;
  }

  /** The starts in a row that died before they were ready. */
  int failedStarts() {
    return failedStarts;
  }
}
