package clinic.intake.progress;

import clinic.events.EducationAssigned;
import clinic.events.EventReader;
import clinic.events.InvalidEventException;
import clinic.events.ReferralConfirmed;
import clinic.events.ReferralOverridden;
import clinic.events.ReferralStatusChanged;
import clinic.events.Topics;
import clinic.events.TriageDecided;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.stereotype.Component;

/**
 * The Kafka side of progress tracking: reads the record with the shared {@link EventReader} (which
 * refuses, among others, a packet link outside the content service), hands the event to the
 * transactional {@link ProgressHandler}. Failures are left to the container's error handler
 * (retries, then the dead-letter topic), see {@code
 * clinic.events.spring.ClinicEventsConfiguration}.
 */
@Component
class ProgressListener {

  private final EventReader reader;
  private final ProgressHandler handler;

  ProgressListener(EventReader reader, ProgressHandler handler) {
    this.reader = reader;
    this.handler = handler;
  }

  @KafkaListener(topics = {Topics.TRIAGE, Topics.EDUCATION, Topics.REFERRAL})
  void on(ConsumerRecord<String, String> record) {
    var event = reader.read(record);
    if (event instanceof TriageDecided decided) {
      handler.on(decided);
    } else if (event instanceof EducationAssigned assigned) {
      handler.on(assigned);
    } else if (event instanceof ReferralConfirmed confirmed) {
      handler.on(confirmed);
    } else if (event instanceof ReferralOverridden overridden) {
      handler.on(overridden);
    } else if (event instanceof ReferralStatusChanged changed) {
      handler.on(changed);
    } else {
      throw new InvalidEventException("Not a progress event on " + record.topic());
    }
  }
}
