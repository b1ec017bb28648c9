package clinic.content.packet;

import clinic.events.IntakeWithdrawn;
import io.micronaut.data.annotation.Id;
import io.micronaut.data.annotation.MappedEntity;
import java.time.Instant;
import java.util.UUID;

/** An intake withdrawn at the front desk: its packets' links are revoked, later ones included. */
@MappedEntity("intake_withdrawal")
record IntakeWithdrawal(@Id UUID intakeId, IntakeWithdrawn.Reason reason, Instant withdrawnAt) {

  static IntakeWithdrawal from(IntakeWithdrawn event) {
    return new IntakeWithdrawal(event.intakeId(), event.reason(), event.withdrawnAt());
  }
}
