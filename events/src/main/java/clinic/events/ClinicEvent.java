package clinic.events;

import java.time.Instant;
import java.util.UUID;

/**
 * What every event shares. {@link #eventId()} and {@link #occurredAt()} are derived from the
 * event's own data, never generated at send time, so a republished event (an outbox relay retrying
 * after a crash) carries the same CloudEvents id and consumers can discard it as already seen.
 */
public interface ClinicEvent {

  /** The Kafka record key: one patient's events stay in order on one partition. */
  UUID intakeId();

  /** The CloudEvents {@code ce_id}: unique per event, stable across redelivery. */
  UUID eventId();

  /** The CloudEvents {@code ce_time}. */
  Instant occurredAt();
}
