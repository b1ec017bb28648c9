package clinic.events;

import java.util.Map;

/**
 * CloudEvents 1.0 attributes as Kafka headers (binary content mode): the record value is the event
 * data as JSON, the attributes travel as {@code ce_*} headers with UTF-8 string values.
 */
public final class CloudEventHeaders {

  public static final String ID = "ce_id";
  public static final String TYPE = "ce_type";
  public static final String SOURCE = "ce_source";
  public static final String SPECVERSION = "ce_specversion";
  public static final String TIME = "ce_time";
  public static final String SUBJECT = "ce_subject";
  public static final String CONTENT_TYPE = "content-type";

  public static final String SPEC_VERSION = "1.0";
  public static final String JSON = "application/json";

  private CloudEventHeaders() {}

  /**
   * The CloudEvents attributes of an event as its producer sends them, as header name to value.
   * Every producer, Spring or Micronaut, uses this, so the headers are the same whoever sends them,
   * and {@code ce_source} is the one {@link Producer} that owns the event's topic.
   */
  public static Map<String, String> of(ClinicEvent event) {
    return of(event, Producer.of(EventType.forData(event.getClass())).source());
  }

  /**
   * The CloudEvents attributes of an event with any {@code source}: for tests that play another
   * service, or a forger.
   *
   * @param source the producing service, e.g. {@code /intake-service}
   */
  public static Map<String, String> of(ClinicEvent event, String source) {
    return Map.of(
        ID, event.eventId().toString(),
        TYPE, EventType.forData(event.getClass()).type(),
        SOURCE, source,
        SPECVERSION, SPEC_VERSION,
        TIME, event.occurredAt().toString(),
        SUBJECT, event.intakeId().toString(),
        CONTENT_TYPE, JSON);
  }
}
