package clinic.intake.progress;

import clinic.events.ClinicEvent;
import clinic.events.EventType;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * The ids of the events already applied. Written in the transaction of the change it guards, so a
 * redelivered event finds its id and changes nothing, and a rolled-back change leaves no id.
 */
@Repository
class ProcessedEvents {

  private final JdbcClient jdbc;

  ProcessedEvents(JdbcClient jdbc) {
    this.jdbc = jdbc;
  }

  /** Records the event; false when it was recorded before (a concurrent duplicate waits here). */
  boolean firstDelivery(ClinicEvent event, Instant now) {
    return jdbc.sql(
                """
                insert into processed_event (event_id, event_type, intake_id, processed_at)
                values (:eventId, :type, :intakeId, :now)
                on conflict (event_id) do nothing
                """)
            .param("eventId", event.eventId())
            .param("type", EventType.forData(event.getClass()).type())
            .param("intakeId", event.intakeId())
            .param("now", OffsetDateTime.ofInstant(now, ZoneOffset.UTC))
            .update()
        == 1;
  }
}
