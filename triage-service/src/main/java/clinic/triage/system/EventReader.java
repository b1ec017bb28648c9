package clinic.triage.system;

import clinic.events.ClinicEvent;
import clinic.events.CloudEventHeaders;
import clinic.events.EventType;
import com.networknt.schema.Error;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Reads one Kafka record as the event its {@code ce_type} header names: checks the CloudEvents
 * headers, validates the value against that event's published JSON Schema and maps it to the
 * event's record. A topic may carry several event types, so the type header decides which schema
 * and record apply. Anything that cannot be read is an {@link InvalidEventException}, whose message
 * never quotes the value (it may hold clinical answers).
 */
public final class EventReader {

  private final JsonMapper json;
  private final Map<String, Accepted> accepted = new LinkedHashMap<>();

  private record Accepted(EventType<?> type, Schema schema) {}

  public EventReader(JsonMapper json, EventType<?>... types) {
    this.json = json;
    for (EventType<?> type : types) {
      accepted.put(type.type(), new Accepted(type, loadSchema(type)));
    }
  }

  /** The event the record carries; its id equals the record's {@code ce_id}. */
  public ClinicEvent read(ConsumerRecord<String, String> record) {
    String typeName = header(record, CloudEventHeaders.TYPE);
    Accepted type = accepted.get(typeName);
    if (type == null) {
      throw new InvalidEventException(
          "Unexpected event type on " + record.topic() + ": " + typeName);
    }
    UUID eventId = eventId(record);
    ClinicEvent event = read(record, type);
    if (!event.eventId().equals(eventId)) {
      throw new InvalidEventException("Header ce_id does not match the event's id");
    }
    return event;
  }

  private ClinicEvent read(ConsumerRecord<String, String> record, Accepted type) {
    String name = type.type().dataClass().getSimpleName();
    if (record.value() == null) {
      throw new InvalidEventException("Record has no value");
    }
    JsonNode tree;
    try {
      tree = json.readTree(record.value());
    } catch (JacksonException e) {
      // Not the parser's message: it may quote the value.
      throw new InvalidEventException("Value is not valid JSON");
    }
    List<Error> errors = type.schema().validate(tree);
    if (!errors.isEmpty()) {
      throw new InvalidEventException(
          "Value does not match the "
              + name
              + " schema: "
              + errors.stream()
                  .map(EventReader::describe)
                  .distinct()
                  .collect(Collectors.joining(", ")));
    }
    try {
      return (ClinicEvent) json.treeToValue(tree, type.type().dataClass());
    } catch (JacksonException | IllegalArgumentException | NullPointerException e) {
      throw new InvalidEventException("Value cannot be mapped to " + name);
    }
  }

  /** Where and which rule failed, and the property it names; never the offending value. */
  private static String describe(Error error) {
    String location = error.getInstanceLocation().toString();
    return (location.isEmpty() ? "$" : location)
        + " "
        + error.getKeyword()
        + (error.getProperty() == null ? "" : " " + error.getProperty());
  }

  private static UUID eventId(ConsumerRecord<String, String> record) {
    String id = header(record, CloudEventHeaders.ID);
    try {
      return UUID.fromString(id);
    } catch (IllegalArgumentException e) {
      throw new InvalidEventException("Header ce_id is not a UUID");
    }
  }

  private static String header(ConsumerRecord<?, ?> record, String name) {
    Header header = record.headers().lastHeader(name);
    if (header == null || header.value() == null) {
      throw new InvalidEventException("Missing header " + name);
    }
    return new String(header.value(), StandardCharsets.UTF_8);
  }

  private static Schema loadSchema(EventType<?> type) {
    try (InputStream in = EventType.class.getResourceAsStream(type.schema())) {
      if (in == null) {
        throw new IllegalStateException("Schema not on the classpath: " + type.schema());
      }
      return SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_2020_12).getSchema(in);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
