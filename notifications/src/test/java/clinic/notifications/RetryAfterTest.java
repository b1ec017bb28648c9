package clinic.notifications;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class RetryAfterTest {

  private static final Instant NOW = Instant.parse("1994-11-06T08:49:30Z");

  @Test
  void readsDeltaSecondsAndTheThreeHttpDateFormats() {
    assertThat(RetryAfter.parse("120", NOW)).hasValue(Duration.ofSeconds(120));
    assertThat(RetryAfter.parse(" 0 ", NOW)).hasValue(Duration.ZERO);
    assertThat(RetryAfter.parse("Sun, 06 Nov 1994 08:49:37 GMT", NOW))
        .hasValue(Duration.ofSeconds(7));
    assertThat(RetryAfter.parse("Sunday, 06-Nov-94 08:49:37 GMT", NOW))
        .hasValue(Duration.ofSeconds(7));
    assertThat(RetryAfter.parse("Sun Nov  6 08:49:37 1994", NOW)).hasValue(Duration.ofSeconds(7));
  }

  @Test
  void aDateIsCountedFromNowRoundedUpToTheMillisecond() {
    assertThat(RetryAfter.parse("Sun, 06 Nov 1994 08:49:37 GMT", NOW.plusNanos(1_500)))
        .hasValue(Duration.ofMillis(7_000));
    assertThat(RetryAfter.parse("Sun, 06 Nov 1994 08:49:37 GMT", NOW.minusNanos(1_500)))
        .hasValue(Duration.ofMillis(7_001));
  }

  @Test
  void aDateInThePastMeansNowAndAHugeNumberMeansVeryLong() {
    assertThat(RetryAfter.parse("Sat, 05 Nov 1994 08:49:37 GMT", NOW)).hasValue(Duration.ZERO);
    assertThat(RetryAfter.parse("99999999999999999999999", NOW))
        .hasValueSatisfying(d -> assertThat(d).isGreaterThan(Duration.ofDays(365)));
  }

  @Test
  void anythingElseIsIgnored() {
    assertThat(RetryAfter.parse(null, NOW)).isEmpty();
    assertThat(RetryAfter.parse("", NOW)).isEmpty();
    assertThat(RetryAfter.parse("soon", NOW)).isEmpty();
    assertThat(RetryAfter.parse("-5", NOW)).isEmpty();
    assertThat(RetryAfter.parse("1.5", NOW)).isEmpty();
    assertThat(RetryAfter.parse("2026-12-06T01:00:00Z", NOW)).isEmpty();
  }
}
