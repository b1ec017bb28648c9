package clinic.events.spring;

import clinic.events.ClinicEvent;
import clinic.events.EventType;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * The ids of the events a service has already applied, in its {@code processed_event} table.
 * Written in the transaction of the change it guards, so a redelivered event finds its id and
 * changes nothing, and a rolled-back change leaves no id.
 */
public class ProcessedEvents {

  private final JdbcClient jdbc;

  ProcessedEvents(JdbcClient jdbc) {
    this.jdbc = jdbc;
  }

  /**
   * Records the event; false when it was recorded before. A concurrent insert of the same id waits
   * for the other transaction and then reports a duplicate.
   */
  public boolean firstDelivery(ClinicEvent event) {
    return jdbc.sql(
                """
                insert into processed_event (event_id, event_type, intake_id, processed_at)
                values (:eventId, :type, :intakeId, now())
                on conflict (event_id) do nothing
                """)
            .param("eventId", event.eventId())
            .param("type", EventType.forData(event.getClass()).type())
            .param("intakeId", event.intakeId())
            .update()
        == 1;
  }
}
