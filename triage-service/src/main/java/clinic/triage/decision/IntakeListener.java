package clinic.triage.decision;

import clinic.events.EventReader;
import clinic.events.IntakeAmended;
import clinic.events.IntakeSubmitted;
import clinic.events.IntakeWithdrawn;
import clinic.events.InvalidEventException;
import clinic.events.Topics;
import clinic.triage.referral.Referrals;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.stereotype.Component;

/**
 * Kafka adapter for {@code clinic.intake}, which carries three event types: it reads each record
 * with the shared {@link EventReader} (which accepts them only from intake-service) and hands it to
 * its handler. One listener for the whole topic, so one intake's submission, amendments and
 * withdrawal are handled in the order they were published. Anything it cannot read is an {@link
 * InvalidEventException}, which goes to the dead-letter topic unretried.
 */
@Component
class IntakeListener {

  private final Triage triage;
  private final Referrals referrals;
  private final EventReader reader;

  IntakeListener(Triage triage, Referrals referrals, EventReader reader) {
    this.triage = triage;
    this.referrals = referrals;
    this.reader = reader;
  }

  @KafkaListener(id = "triage-intake", topics = Topics.INTAKE, groupId = "triage-service")
  void onIntake(ConsumerRecord<String, String> record) {
    switch (reader.read(record)) {
      case IntakeSubmitted submitted -> triage.decide(submitted);
      case IntakeAmended amended -> triage.redecide(amended);
      case IntakeWithdrawn withdrawn -> referrals.withdraw(withdrawn);
      default -> throw new InvalidEventException("Unexpected event on " + Topics.INTAKE);
    }
  }
}
