package clinic.content.outbox;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.data.annotation.GeneratedValue;
import io.micronaut.data.annotation.Id;
import io.micronaut.data.annotation.MappedEntity;
import java.time.Instant;
import java.util.UUID;

/**
 * An event waiting to be (or already) sent to Kafka. The payload is the event's JSON as it will go
 * on the wire; the topic and the CloudEvents headers follow from its type and its data.
 */
@MappedEntity("outbox_message")
record OutboxMessage(
    @Id @GeneratedValue @Nullable Long id,
    UUID eventId,
    String eventType,
    String messageKey,
    String payload,
    Instant createdAt,
    @Nullable Instant sentAt,
    // The trace the message was appended in (KafkaTracing), if any.
    @Nullable String traceparent) {}
