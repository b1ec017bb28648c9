package clinic.content.packet;

import io.micronaut.data.annotation.Id;
import io.micronaut.data.annotation.MappedEntity;
import java.time.Instant;
import java.util.UUID;

/** An event this service has acted on; stored with the effect, so a redelivery changes nothing. */
@MappedEntity("processed_event")
record ProcessedEvent(@Id UUID eventId, String eventType, Instant processedAt) {}
