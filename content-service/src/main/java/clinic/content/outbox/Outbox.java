package clinic.content.outbox;

import clinic.content.system.KafkaTracing;
import clinic.events.ClinicEvent;
import clinic.events.EventType;
import io.micronaut.context.event.ApplicationEventPublisher;
import io.micronaut.json.JsonMapper;
import io.micronaut.transaction.TransactionDefinition.Propagation;
import io.micronaut.transaction.annotation.Transactional;
import jakarta.inject.Singleton;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.time.temporal.ChronoUnit;

/**
 * Records an event in the transaction that makes the change it announces, so the change and the
 * event commit together or not at all; {@link OutboxRelay} sends it afterwards, in the trace it was
 * appended in.
 */
@Singleton
public class Outbox {

  private final OutboxRepository messages;
  private final JsonMapper json;
  private final KafkaTracing tracing;
  private final ApplicationEventPublisher<OutboxWritten> written;

  Outbox(
      OutboxRepository messages,
      JsonMapper json,
      KafkaTracing tracing,
      ApplicationEventPublisher<OutboxWritten> written) {
    this.messages = messages;
    this.json = json;
    this.tracing = tracing;
    this.written = written;
  }

  @Transactional(propagation = Propagation.MANDATORY)
  public void append(ClinicEvent event) {
    String type = EventType.forData(event.getClass()).type();
    try {
      messages.save(
          new OutboxMessage(
              null,
              event.eventId(),
              type,
              event.intakeId().toString(),
              json.writeValueAsString(event),
              Instant.now().truncatedTo(ChronoUnit.MICROS),
              null,
              tracing.current()));
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot write " + type + " as JSON", e);
    }
    // Heard once the transaction commits (OutboxWakeUp), so the relay sends it without waiting.
    written.publishEvent(new OutboxWritten());
  }
}
