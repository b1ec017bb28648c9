package clinic.triage.education;

import clinic.events.EducationAssigned;
import clinic.events.EventReader;
import clinic.events.InvalidEventException;
import clinic.events.Topics;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.stereotype.Component;

/**
 * Kafka adapter for {@code clinic.education}: reads {@link EducationAssigned} with the shared
 * {@link EventReader} (only from content-service, its packet link under the content service's
 * pages) and hands it to {@link EducationPackets}. Records it cannot read go to the dead-letter
 * topic unretried.
 */
@Component
class EducationListener {

  private final EducationPackets packets;
  private final EventReader reader;

  EducationListener(EducationPackets packets, EventReader reader) {
    this.packets = packets;
    this.reader = reader;
  }

  @KafkaListener(id = "triage-education", topics = Topics.EDUCATION, groupId = "triage-service")
  void onEducation(ConsumerRecord<String, String> record) {
    if (!(reader.read(record) instanceof EducationAssigned assigned)) {
      throw new InvalidEventException("Unexpected event on " + Topics.EDUCATION);
    }
    packets.record(assigned);
  }
}
