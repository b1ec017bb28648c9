package clinic.triage;

import clinic.events.ClinicEvent;
import clinic.events.CloudEventHeaders;
import clinic.events.EventType;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.springframework.kafka.test.EmbeddedKafkaBroker;
import org.springframework.kafka.test.utils.KafkaTestUtils;
import tools.jackson.databind.json.JsonMapper;

/** Publishes events to the embedded broker the way the other services do (JSON + ce headers). */
public final class Publisher implements AutoCloseable {

  private final KafkaProducer<String, byte[]> producer;
  private final JsonMapper json;

  public Publisher(EmbeddedKafkaBroker broker, JsonMapper json) {
    this.producer =
        new KafkaProducer<>(
            KafkaTestUtils.producerProps(broker),
            new StringSerializer(),
            new ByteArraySerializer());
    this.json = json;
  }

  /** On the event's topic, keyed by intake id, as {@code source} would send it. */
  public void publish(ClinicEvent event, String source) {
    publish(event, source, null);
  }

  public void publish(ClinicEvent event, String source, Integer partition) {
    send(
        EventType.forData(event.getClass()).topic(),
        partition,
        event.intakeId().toString(),
        json.writeValueAsString(event),
        CloudEventHeaders.of(event, source));
  }

  /** Anything at all, for records that are meant to be malformed. */
  public void send(
      String topic, Integer partition, String key, String value, Map<String, String> headers) {
    var record =
        new ProducerRecord<>(
            topic, partition, key, value == null ? null : value.getBytes(StandardCharsets.UTF_8));
    headers.forEach((name, v) -> record.headers().add(name, v.getBytes(StandardCharsets.UTF_8)));
    try {
      producer.send(record).get();
    } catch (Exception e) {
      throw new IllegalStateException("Could not publish to " + topic, e);
    }
  }

  @Override
  public void close() {
    producer.close();
  }
}
