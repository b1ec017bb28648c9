package clinic.intake.progress;

import clinic.events.EducationAssigned;
import clinic.events.Topics;
import clinic.events.TriageDecided;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.stereotype.Component;

/**
 * The Kafka side of progress tracking: reads the record, hands the event to the transactional
 * {@link ProgressHandler}. Failures are left to the container's error handler (retries, then the
 * dead-letter topic), see {@code clinic.intake.system.KafkaConfiguration}.
 */
@Component
class ProgressListener {

  private final EventReader reader;
  private final ProgressHandler handler;

  ProgressListener(EventReader reader, ProgressHandler handler) {
    this.reader = reader;
    this.handler = handler;
  }

  @KafkaListener(topics = {Topics.TRIAGE, Topics.EDUCATION})
  void on(ConsumerRecord<String, String> record) {
    var event = reader.read(record);
    if (event instanceof TriageDecided decided) {
      handler.on(decided);
    } else if (event instanceof EducationAssigned assigned) {
      handler.on(assigned);
    } else {
      throw new UnprocessableEvent("Not a progress event on " + record.topic());
    }
  }
}
