package clinic.content.testing;

import clinic.events.EventType;
import com.networknt.schema.Error;
import com.networknt.schema.InputFormat;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.List;

/** Validates event JSON against the JSON Schema the events module ships for its type. */
public final class Schemas {

  private static final SchemaRegistry REGISTRY =
      SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_2020_12);

  private Schemas() {}

  public static List<String> violations(EventType<?> type, String json) {
    try (InputStream schema = EventType.class.getResourceAsStream(type.schema())) {
      Schema compiled = REGISTRY.getSchema(schema);
      return compiled.validate(json, InputFormat.JSON).stream().map(Error::getMessage).toList();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
