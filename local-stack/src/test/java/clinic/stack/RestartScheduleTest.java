package clinic.stack;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class RestartScheduleTest {

  private static final Duration BRIEFLY_READY = Duration.ofSeconds(5);
  private static final Duration NEVER_READY = null;

  private final RestartSchedule schedule = new RestartSchedule();

  @Test
  void doublesTheDelayFromOneSecondUpToThirtySeconds() {
    List<Duration> delays = new ArrayList<>();
    for (int i = 0; i < 8; i++) {
      delays.add(schedule.afterExit(BRIEFLY_READY).orElseThrow());
    }

    assertThat(delays)
        .containsExactly(
            Duration.ofSeconds(1),
            Duration.ofSeconds(2),
            Duration.ofSeconds(4),
            Duration.ofSeconds(8),
            Duration.ofSeconds(16),
            Duration.ofSeconds(30),
            Duration.ofSeconds(30),
            Duration.ofSeconds(30));
    assertThat(schedule.attempt()).isEqualTo(8);
  }

  @Test
  void staysAtThirtySecondsHoweverLongItKeepsCrashingAfterStartUp() {
    Optional<Duration> delay = Optional.empty();
    for (int i = 0; i < 100; i++) {
      delay = schedule.afterExit(BRIEFLY_READY);
    }

    assertThat(delay).contains(RestartSchedule.MAX_DELAY);
  }

  @Test
  void givesUpAfterFiveStartsInARowThatDieBeforeTheyAreReady() {
    assertThat(schedule.afterExit(Duration.ofMinutes(10))).contains(Duration.ofSeconds(1));

    assertThat(schedule.afterExit(NEVER_READY)).contains(Duration.ofSeconds(2));
    assertThat(schedule.afterExit(NEVER_READY)).contains(Duration.ofSeconds(4));
    assertThat(schedule.afterExit(NEVER_READY)).contains(Duration.ofSeconds(8));
    assertThat(schedule.afterExit(NEVER_READY)).contains(Duration.ofSeconds(16));
    assertThat(schedule.afterExit(NEVER_READY)).as("the fifth start never ready").isEmpty();
    assertThat(schedule.failedStarts()).isEqualTo(RestartSchedule.MAX_FAILED_STARTS);
  }

  @Test
  void aStartThatBecameReadyEndsTheRunOfFailedStarts() {
    for (int i = 0; i < RestartSchedule.MAX_FAILED_STARTS - 1; i++) {
      assertThat(schedule.afterExit(NEVER_READY)).isPresent();
    }

    assertThat(schedule.afterExit(BRIEFLY_READY)).isPresent();
    assertThat(schedule.failedStarts()).isZero();
    assertThat(schedule.afterExit(NEVER_READY)).as("one failed start, not five").isPresent();
  }

  @Test
  void startsAgainFromOneSecondOnceAnInstanceStayedReadyForAMinute() {
    for (int i = 0; i < 6; i++) {
      schedule.afterExit(BRIEFLY_READY);
    }
    assertThat(schedule.afterExit(RestartSchedule.STABLE.minusSeconds(1)))
        .as("ready, but not for a minute")
        .contains(RestartSchedule.MAX_DELAY);

    assertThat(schedule.afterExit(RestartSchedule.STABLE)).contains(RestartSchedule.FIRST_DELAY);
    assertThat(schedule.attempt()).isEqualTo(1);
    assertThat(schedule.afterExit(BRIEFLY_READY)).contains(Duration.ofSeconds(2));
  }
}
