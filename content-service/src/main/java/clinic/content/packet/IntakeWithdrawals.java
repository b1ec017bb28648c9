package clinic.content.packet;

import clinic.events.EventType;
import clinic.events.IntakeWithdrawn;
import io.micronaut.transaction.annotation.Transactional;
import jakarta.inject.Singleton;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The transactional half of the intake consumer: records the withdrawal as processed, remembers the
 * intake as withdrawn and revokes the links of its packets, all in one transaction.
 */
@Singleton
class IntakeWithdrawals {

  private static final Logger LOG = LoggerFactory.getLogger(IntakeWithdrawals.class);

  private final ProcessedEventRepository processedEvents;
  private final IntakeWithdrawalRepository withdrawals;
  private final PacketRepository packets;

  IntakeWithdrawals(
      ProcessedEventRepository processedEvents,
      IntakeWithdrawalRepository withdrawals,
      PacketRepository packets) {
    this.processedEvents = processedEvents;
    this.withdrawals = withdrawals;
    this.packets = packets;
  }

  /**
   * @param eventId the CloudEvents id the withdrawal arrived with
   * @return whether this delivery changed anything (false for a redelivery)
   */
  @Transactional
  boolean withdraw(UUID eventId, IntakeWithdrawn withdrawn) {
    if (processedEvents.existsById(eventId)) {
      LOG.info("Withdrawal {} was handled before; ignoring the redelivery", eventId);
      return false;
    }
    processedEvents.save(
        new ProcessedEvent(
            eventId,
            EventType.INTAKE_WITHDRAWN.type(),
            Instant.now().truncatedTo(ChronoUnit.MICROS)));
    withdrawals.save(IntakeWithdrawal.from(withdrawn));
    Instant at = withdrawn.withdrawnAt().truncatedTo(ChronoUnit.MICROS);
    List<Packet> revoked =
        packets.findByIntakeIdOrderByVersion(withdrawn.intakeId()).stream()
            .filter(packet -> packet.revokedAt() == null)
            .map(packet -> packet.revoke(at))
            .toList();
    packets.updateAll(revoked);
    LOG.info(
        "Intake {} withdrawn: {} packet link(s) revoked", withdrawn.intakeId(), revoked.size());
    return true;
  }
}
