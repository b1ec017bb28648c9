package clinic.triage.decision;

import clinic.events.CloudEventHeaders;
import clinic.events.EventType;
import clinic.events.IntakeSubmitted;
import clinic.events.Topics;
import clinic.triage.system.InvalidEventException;
import com.networknt.schema.Error;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.UUID;
import java.util.stream.Collectors;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.stereotype.Component;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Kafka adapter for {@code clinic.intake}: checks the CloudEvents headers and the event's JSON
 * Schema, maps the value to {@link IntakeSubmitted} and hands it to {@link Triage}. Anything it
 * cannot read is an {@link InvalidEventException}, which goes to the dead-letter topic unretried.
 */
@Component
class IntakeListener {

  private final Triage triage;
  private final JsonMapper json;
  private final Schema schema;

  IntakeListener(Triage triage, JsonMapper json) {
    this.triage = triage;
    this.json = json;
    this.schema = loadSchema(EventType.INTAKE_SUBMITTED);
  }

  @KafkaListener(id = "triage-intake", topics = Topics.INTAKE, groupId = "triage-service")
  void onIntake(ConsumerRecord<String, String> record) {
    String type = header(record, CloudEventHeaders.TYPE);
    if (!EventType.INTAKE_SUBMITTED.type().equals(type)) {
      throw new InvalidEventException("Unexpected event type on " + Topics.INTAKE + ": " + type);
    }
    UUID eventId = eventId(record);
    IntakeSubmitted intake = read(record);
    if (!intake.eventId().equals(eventId)) {
      throw new InvalidEventException("Header ce_id does not match the event's id");
    }
    triage.decide(eventId, intake);
  }

  private IntakeSubmitted read(ConsumerRecord<String, String> record) {
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
    List<Error> errors = schema.validate(tree);
    if (!errors.isEmpty()) {
      throw new InvalidEventException(
          "Value does not match the IntakeSubmitted schema: "
              + errors.stream()
                  .map(IntakeListener::describe)
                  .distinct()
                  .collect(Collectors.joining(", ")));
    }
    try {
      return json.treeToValue(tree, IntakeSubmitted.class);
    } catch (JacksonException | IllegalArgumentException | NullPointerException e) {
      throw new InvalidEventException("Value cannot be mapped to IntakeSubmitted");
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
