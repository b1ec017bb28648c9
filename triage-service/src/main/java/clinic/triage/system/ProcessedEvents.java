package clinic.triage.system;

import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * The ids of the events already handled, whichever feature handled them. Written in the same
 * transaction as the effect, so an event is either handled and recorded, or neither.
 */
@Repository
public class ProcessedEvents {

  private final JdbcClient jdbc;

  ProcessedEvents(JdbcClient jdbc) {
    this.jdbc = jdbc;
  }

  /**
   * Records the event id; false if it was recorded before. A concurrent insert of the same id waits
   * for the other transaction and then reports a duplicate.
   */
  public boolean markProcessed(UUID eventId, String eventType) {
    return jdbc.sql(
                """
                insert into processed_event (event_id, event_type, processed_at)
                values (?, ?, now())
                on conflict (event_id) do nothing
                """)
            .params(eventId, eventType)
            .update()
        == 1;
  }
}
