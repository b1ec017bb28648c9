package clinic.triage;

import clinic.events.EventType;
import com.networknt.schema.Error;
import com.networknt.schema.InputFormat;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.List;

/** Checks a published value against the event's JSON Schema from the events module. */
public final class Schemas {

  private Schemas() {}

  public static List<Error> errors(EventType<?> type, String value) {
    try (InputStream in = EventType.class.getResourceAsStream(type.schema())) {
      return SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_2020_12)
          .getSchema(in)
          .validate(value, InputFormat.JSON);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
