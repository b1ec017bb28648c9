package clinic.intake;

import clinic.events.EventType;
import com.networknt.schema.Error;
import com.networknt.schema.InputFormat;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;

/** Checks a record value against its event type's JSON Schema, as a consumer would. */
public final class EventSchemas {

  private EventSchemas() {}

  public static List<String> violations(EventType<?> type, String value) {
    var registry = SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_2020_12);
    try (var in = EventType.class.getResourceAsStream(type.schema())) {
      return registry.getSchema(in).validate(value, InputFormat.JSON).stream()
          .map(Error::getMessage)
          .toList();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
