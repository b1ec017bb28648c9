package clinic.notifications;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class BackOffTest {

  final BackOff backOff = new BackOff(Duration.ofSeconds(5), 2.0, Duration.ofMinutes(30));

  @Test
  void ceilingGrowsExponentiallyUpToTheMaximum() {
    assertThat(backOff.ceiling(1)).isEqualTo(Duration.ofSeconds(5));
    assertThat(backOff.ceiling(2)).isEqualTo(Duration.ofSeconds(10));
    assertThat(backOff.ceiling(3)).isEqualTo(Duration.ofSeconds(20));
    assertThat(backOff.ceiling(9)).isEqualTo(Duration.ofSeconds(1280));
    assertThat(backOff.ceiling(10)).isEqualTo(Duration.ofMinutes(30));
    assertThat(backOff.ceiling(1_000)).isEqualTo(Duration.ofMinutes(30));
  }

  @Test
  void delayIsSpreadOverTheWholeRangeBelowTheCeiling() {
    SplittableRandom random = new SplittableRandom(42);
    Duration ceiling = backOff.ceiling(3);
    long below = 0;
    long above = 0;
    for (int i = 0; i < 2_000; i++) {
      Duration delay = backOff.delay(ceiling, random);
      assertThat(delay).isBetween(Duration.ZERO, ceiling);
      if (delay.compareTo(ceiling.dividedBy(2)) < 0) {
        below++;
      } else {
        above++;
      }
    }
    // Full jitter: roughly half below the midpoint, half above, not bunched at the ceiling.
    assertThat(below).isBetween(800L, 1_200L);
    assertThat(above).isBetween(800L, 1_200L);
  }

  @Test
  void averageDelayGrowsWithEachAttempt() {
    SplittableRandom random = new SplittableRandom(7);
    double previous = 0;
    for (int attempt = 1; attempt <= 6; attempt++) {
      Duration ceiling = backOff.ceiling(attempt);
      double mean = 0;
      for (int i = 0; i < 1_000; i++) {
        mean += backOff.delay(ceiling, random).toMillis() / 1_000.0;
      }
      assertThat(mean).isGreaterThan(previous * 1.5);
      previous = mean;
    }
  }
}
