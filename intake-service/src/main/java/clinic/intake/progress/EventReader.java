package clinic.intake.progress;

import clinic.events.ClinicEvent;
import clinic.events.CloudEventHeaders;
import clinic.events.EventType;
import com.networknt.schema.Error;
import com.networknt.schema.InputFormat;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.springframework.stereotype.Component;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.json.JsonMapper;

/**
 * Turns a Kafka record into the event it carries, or rejects it as {@link UnprocessableEvent}: the
 * CloudEvents headers must name a known type for this topic, the value must satisfy that type's
 * JSON Schema, and id and key must agree with the data.
 */
@Component
class EventReader {

  private final JsonMapper json;
  private final Map<EventType<?>, Schema> schemas;

  EventReader(JsonMapper json) {
    this.json = json;
    var registry = SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_2020_12);
    this.schemas =
        EventType.ALL.stream()
            .collect(Collectors.toUnmodifiableMap(Function.identity(), t -> load(registry, t)));
  }

  ClinicEvent read(ConsumerRecord<String, String> record) {
    var id = header(record, CloudEventHeaders.ID);
    var typeName = header(record, CloudEventHeaders.TYPE);
    var specVersion = header(record, CloudEventHeaders.SPECVERSION);
    if (!CloudEventHeaders.SPEC_VERSION.equals(specVersion)) {
      throw new UnprocessableEvent("Unsupported CloudEvents specversion " + specVersion);
    }
    EventType<?> type =
        EventType.of(typeName)
            .orElseThrow(() -> new UnprocessableEvent("Unknown event type " + typeName));
    if (!type.topic().equals(record.topic())) {
      throw new UnprocessableEvent(typeName + " does not belong on " + record.topic());
    }
    if (record.value() == null) {
      throw new UnprocessableEvent("Record without a value");
    }
    var problems = validate(type, record.value());
    if (!problems.isEmpty()) {
      throw new UnprocessableEvent(
          "Breaks " + type.schema() + ": " + problems.stream().limit(5).toList());
    }
    ClinicEvent event;
    try {
      event = (ClinicEvent) json.readValue(record.value(), type.dataClass());
    } catch (JacksonException | IllegalArgumentException | NullPointerException e) {
      throw new UnprocessableEvent("Cannot map " + typeName + ": " + e.getMessage(), e);
    }
    if (!event.eventId().equals(uuid(id))) {
      throw new UnprocessableEvent("ce_id " + id + " is not the event's id " + event.eventId());
    }
    if (!event.intakeId().toString().equals(record.key())) {
      throw new UnprocessableEvent("Key " + record.key() + " is not intake " + event.intakeId());
    }
    return event;
  }

  private List<String> validate(EventType<?> type, String value) {
    try {
      return schemas.get(type).validate(value, InputFormat.JSON).stream()
          .map(Error::getMessage)
          .toList();
    } catch (RuntimeException e) {
      // The validator parses the value first; whatever it throws means the JSON is broken.
      throw new UnprocessableEvent("Value is not JSON: " + e.getMessage(), e);
    }
  }

  private static String header(ConsumerRecord<?, ?> record, String name) {
    var header = record.headers().lastHeader(name);
    if (header == null || header.value() == null) {
      throw new UnprocessableEvent("Missing header " + name);
    }
    return new String(header.value(), StandardCharsets.UTF_8);
  }

  private static UUID uuid(String id) {
    try {
      return UUID.fromString(id);
    } catch (IllegalArgumentException e) {
      throw new UnprocessableEvent("ce_id " + id + " is not a UUID", e);
    }
  }

  private static Schema load(SchemaRegistry registry, EventType<?> type) {
    try (var in = EventType.class.getResourceAsStream(type.schema())) {
      if (in == null) {
        throw new IllegalStateException("Schema " + type.schema() + " is not on the classpath");
      }
      return registry.getSchema(in);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
