package clinic.events;

import com.networknt.schema.Error;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The one way every service reads an event from Kafka (binary-mode CloudEvents: attributes in
 * {@code ce_*} headers, the data as the JSON value). In this order it checks that
 *
 * <ol>
 *   <li>the CloudEvents headers are there and {@code ce_specversion} is 1.0, {@code ce_id} a UUID;
 *   <li>{@code ce_type} is a known event type that belongs on the record's topic;
 *   <li>{@code ce_source} is the {@link Producer} that owns the topic;
 *   <li>the value satisfies the type's JSON Schema and maps to its record;
 *   <li>{@code ce_id} is the event's id and the record key its intake id;
 *   <li>an {@link EducationAssigned}'s packet link lies under the content service's public URL;
 * </ol>
 *
 * <p>and returns the typed event, or throws {@link InvalidEventException}, which every consumer
 * sends to the dead-letter topic without retrying. Plain Java (Jackson 3 and the JSON Schema
 * validator), so Spring and Micronaut services use the same checks. Thread-safe.
 */
public final class EventReader {

  private static final List<String> REQUIRED =
      List.of(
          CloudEventHeaders.SPECVERSION,
          CloudEventHeaders.ID,
          CloudEventHeaders.TYPE,
          CloudEventHeaders.SOURCE);

  private final JsonMapper json =
      JsonMapper.builder()
          // The schema decides what is allowed; the mapper only maps what it let through.
          .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
          .build();
  private final Map<EventType<?>, Schema> schemas;
  private final BaseUrl contentUrl;

  /**
   * @param contentPublicUrl the content service's public address ({@code clinic.content.public-url}
   *     or content's own {@code content.public-url}): packet links must lie under it
   */
  public EventReader(String contentPublicUrl) {
    this.contentUrl = new BaseUrl(contentPublicUrl);
    var registry = SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_2020_12);
    this.schemas =
        EventType.ALL.stream()
            .collect(Collectors.toUnmodifiableMap(Function.identity(), t -> load(registry, t)));
  }

  /** The event a Kafka record carries (the last value of each header counts). */
  public ClinicEvent read(ConsumerRecord<String, String> record) {
    Map<String, String> headers = new HashMap<>();
    for (Header header : record.headers()) {
      if (header.value() != null) {
        headers.put(header.key(), new String(header.value(), StandardCharsets.UTF_8));
      }
    }
    return read(record.topic(), record.key(), headers, record.value());
  }

  /**
   * @param headers header name to its UTF-8 value
   * @return the event, its type one of those that belong on {@code topic}
   */
  public ClinicEvent read(String topic, String key, Map<String, String> headers, String value) {
    var missing = REQUIRED.stream().filter(name -> headers.get(name) == null).toList();
    if (!missing.isEmpty()) {
      throw new InvalidEventException("Missing CloudEvents headers " + String.join(", ", missing));
    }
    if (!CloudEventHeaders.SPEC_VERSION.equals(headers.get(CloudEventHeaders.SPECVERSION))) {
      throw new InvalidEventException("Unsupported ce_specversion (1.0 expected)");
    }
    var eventId = uuid(headers.get(CloudEventHeaders.ID));
    var typeName = headers.get(CloudEventHeaders.TYPE);
    EventType<?> type =
        EventType.of(typeName)
            .filter(t -> t.topic().equals(topic))
            .orElseThrow(
                () ->
                    new InvalidEventException(
                        "Unexpected event type on " + topic + ": ce_type " + printable(typeName)));
    var owner = Producer.of(type);
    if (!owner.source().equals(headers.get(CloudEventHeaders.SOURCE))) {
      throw new InvalidEventException(
          "ce_source "
              + printable(headers.get(CloudEventHeaders.SOURCE))
              + " does not own "
              + topic
              + " (only "
              + owner.source()
              + " publishes there)");
    }
    var event = map(type, value);
    if (!event.eventId().equals(eventId)) {
      throw new InvalidEventException("Header ce_id is not the event's id");
    }
    if (!event.intakeId().toString().equals(key)) {
      throw new InvalidEventException("Record key is not the event's intakeId");
    }
    if (event instanceof EducationAssigned assigned && !contentUrl.contains(assigned.packetUrl())) {
      throw new InvalidEventException("packetUrl is not under the content service's " + contentUrl);
    }
    return event;
  }

  private ClinicEvent map(EventType<?> type, String value) {
    var name = type.dataClass().getSimpleName();
    if (value == null) {
      throw new InvalidEventException("Record has no value");
    }
    JsonNode tree;
    try {
      tree = json.readTree(value);
    } catch (JacksonException e) {
      // Not the parser's message: it may quote the value.
      throw new InvalidEventException("Value is not valid JSON");
    }
    var errors = schemas.get(type).validate(tree);
    if (!errors.isEmpty()) {
      throw new InvalidEventException(
          "Value does not match the "
              + name
              + " schema: "
              + errors.stream()
                  .map(EventReader::describe)
                  .distinct()
                  .limit(10)
                  .collect(Collectors.joining(", ")));
    }
    try {
      return (ClinicEvent) json.treeToValue(tree, type.dataClass());
    } catch (JacksonException | IllegalArgumentException | NullPointerException e) {
      throw new InvalidEventException("Value cannot be mapped to " + name);
    }
  }

  /** Where and which rule failed, and the property it names; never the offending value. */
  private static String describe(Error error) {
    var location = error.getInstanceLocation().toString();
    return (location.isEmpty() ? "$" : location)
        + " "
        + error.getKeyword()
        + (error.getProperty() == null ? "" : " " + error.getProperty());
  }

  private static UUID uuid(String id) {
    try {
      return UUID.fromString(id);
    } catch (IllegalArgumentException e) {
      throw new InvalidEventException("Header ce_id is not a UUID");
    }
  }

  /** A header value as it may appear in a message: short, printable, from a sender's header. */
  private static String printable(String header) {
    var shown =
        header
            .codePoints()
            .limit(80)
            .map(c -> Character.isISOControl(c) ? '?' : c)
            .collect(StringBuilder::new, StringBuilder::appendCodePoint, StringBuilder::append);
    return "'" + shown + (header.length() > 80 ? "...'" : "'");
  }

  private static Schema load(SchemaRegistry registry, EventType<?> type) {
    try (InputStream in = EventType.class.getResourceAsStream(type.schema())) {
      if (in == null) {
        throw new IllegalStateException("Schema " + type.schema() + " is not on the classpath");
      }
      return registry.getSchema(in);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
