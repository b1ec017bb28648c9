package clinic.triage.decision;

import clinic.events.EventType;
import clinic.events.IntakeAmended;
import clinic.events.IntakeSubmitted;
import clinic.events.IntakeWithdrawn;
import clinic.events.Topics;
import clinic.triage.referral.Referrals;
import clinic.triage.system.EventReader;
import clinic.triage.system.InvalidEventException;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.stereotype.Component;
import tools.jackson.databind.json.JsonMapper;

/**
 * Kafka adapter for {@code clinic.intake}, which carries three event types: it reads each record as
 * the type its {@code ce_type} header names and hands it to its handler. One listener for the whole
 * topic, so one intake's submission, amendments and withdrawal are handled in the order they were
 * published. Anything it cannot read is an {@link InvalidEventException}, which goes to the
 * dead-letter topic unretried.
 */
@Component
class IntakeListener {

  private final Triage triage;
  private final Referrals referrals;
  private final EventReader reader;

  IntakeListener(Triage triage, Referrals referrals, JsonMapper json) {
    this.triage = triage;
    this.referrals = referrals;
    this.reader =
        new EventReader(
            json, EventType.INTAKE_SUBMITTED, EventType.INTAKE_AMENDED, EventType.INTAKE_WITHDRAWN);
  }

  @KafkaListener(id = "triage-intake", topics = Topics.INTAKE, groupId = "triage-service")
  void onIntake(ConsumerRecord<String, String> record) {
    switch (reader.read(record)) {
      case IntakeSubmitted submitted -> triage.decide(submitted.eventId(), submitted);
      case IntakeAmended amended -> triage.redecide(amended.eventId(), amended);
      case IntakeWithdrawn withdrawn -> referrals.withdraw(withdrawn.eventId(), withdrawn);
      default -> throw new InvalidEventException("Unexpected event on " + Topics.INTAKE);
    }
  }
}
