package clinic.triage.education;

import clinic.events.EducationAssigned;
import clinic.events.EventType;
import clinic.events.Topics;
import clinic.triage.system.EventReader;
import clinic.triage.system.InvalidEventException;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.stereotype.Component;
import tools.jackson.databind.json.JsonMapper;

/**
 * Kafka adapter for {@code clinic.education}: reads {@link EducationAssigned} and hands it to
 * {@link EducationPackets}. Records it cannot read go to the dead-letter topic unretried.
 */
@Component
class EducationListener {

  private final EducationPackets packets;
  private final EventReader reader;

  EducationListener(EducationPackets packets, JsonMapper json) {
    this.packets = packets;
    this.reader = new EventReader(json, EventType.EDUCATION_ASSIGNED);
  }

  @KafkaListener(id = "triage-education", topics = Topics.EDUCATION, groupId = "triage-service")
  void onEducation(ConsumerRecord<String, String> record) {
    if (!(reader.read(record) instanceof EducationAssigned assigned)) {
      throw new InvalidEventException("Unexpected event on " + Topics.EDUCATION);
    }
    packets.record(assigned.eventId(), assigned);
  }
}
