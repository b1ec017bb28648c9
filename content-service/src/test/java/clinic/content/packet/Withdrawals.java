package clinic.content.packet;

import clinic.events.Actor;
import clinic.events.IntakeWithdrawn;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.UUID;

/** Withdrawals as intake-service sends them. */
final class Withdrawals {

  private Withdrawals() {}

  static IntakeWithdrawn of(UUID intake) {
    return new IntakeWithdrawn(
        intake,
        IntakeWithdrawn.Reason.DUPLICATE,
        new Actor("test-front-desk", "Test Front Desk"),
        Instant.now().truncatedTo(ChronoUnit.MILLIS));
  }
}
