package clinic.content.system;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A request whose fields are wrong, every offending field with its message. Answered as RFC 9457
 * problem details naming each field (see {@link InvalidRequestHandler}).
 */
public class InvalidRequestException extends RuntimeException {

  private final Map<String, String> fields;

  /**
   * @param fields field (or query parameter) name to what is wrong with it, in the order to report
   */
  public InvalidRequestException(Map<String, String> fields) {
    super("Invalid request: " + fields.keySet());
    this.fields = new LinkedHashMap<>(fields);
  }

  Map<String, String> fields() {
    return fields;
  }
}
