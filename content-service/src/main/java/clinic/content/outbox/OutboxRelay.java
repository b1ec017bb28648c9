package clinic.content.outbox;

import clinic.content.system.KafkaTracing;
import clinic.events.ClinicEvent;
import clinic.events.CloudEventHeaders;
import clinic.events.EventType;
import io.micronaut.configuration.kafka.annotation.KafkaClient;
import io.micronaut.context.annotation.Value;
import io.micronaut.json.JsonMapper;
import io.micronaut.scheduling.annotation.Scheduled;
import io.micronaut.transaction.annotation.Transactional;
import jakarta.inject.Singleton;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends pending outbox messages to Kafka, oldest first, and marks each one sent only after the
 * broker has acknowledged it. A crash between the ack and the commit sends the message again with
 * the same CloudEvents id, which consumers discard as already seen.
 */
@Singleton
class OutboxRelay {

  private static final Logger LOG = LoggerFactory.getLogger(OutboxRelay.class);

  private final OutboxRepository messages;
  private final JsonMapper json;
  private final Producer<String, String> producer;
  private final KafkaTracing tracing;
  private final Duration sendTimeout;
  private final int batchSize;

  OutboxRelay(
      OutboxRepository messages,
      JsonMapper json,
      @KafkaClient(id = "content-service", acks = KafkaClient.Acknowledge.ALL)
          Producer<String, String> producer,
      KafkaTracing tracing,
      @Value("${content.outbox.send-timeout:10s}") Duration sendTimeout,
      @Value("${content.outbox.batch-size:100}") int batchSize) {
    this.messages = messages;
    this.json = json;
    this.producer = producer;
    this.tracing = tracing;
    this.sendTimeout = sendTimeout;
    this.batchSize = batchSize;
  }

  /**
   * Relays one batch: sends every message of it without waiting (the producer is idempotent, so the
   * broker keeps their order per partition), then waits for the acknowledgements in order and marks
   * the acknowledged prefix sent in one statement. Stops at the first message that cannot be sent
   * or is not acknowledged, so that nothing behind it is marked sent before it; a message behind it
   * that did reach the broker is sent again next time, with the same CloudEvents id, and consumers
   * discard it as already seen. Runs every {@code relay-interval} and, through {@link
   * OutboxWakeUp}, as soon as a transaction that wrote a message commits.
   *
   * @return how many messages were sent
   */
  @Scheduled(
      fixedDelay = "${content.outbox.relay-interval:500ms}",
      initialDelay = "${content.outbox.relay-interval:500ms}")
  @Transactional
  int relay() {
    List<OutboxMessage> pending = messages.lockPending(batchSize);
    List<Future<RecordMetadata>> acks = new ArrayList<>();
    for (OutboxMessage message : pending) {
      try {
        acks.add(send(message));
      } catch (Exception e) {
        LOG.warn(
            "Could not send {} {}; will try again on the next run",
            message.eventType(),
            message.eventId(),
            e);
        break;
      }
    }
    List<Long> sent = new ArrayList<>();
    long deadline = System.nanoTime() + sendTimeout.toNanos();
    for (int i = 0; i < acks.size(); i++) {
      OutboxMessage message = pending.get(i);
      try {
        acks.get(i).get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        break;
      } catch (ExecutionException | TimeoutException e) {
        LOG.warn(
            "The broker did not acknowledge {} {}; will try again on the next run",
            message.eventType(),
            message.eventId(),
            e);
        break;
      }
      sent.add(message.id());
    }
    if (!sent.isEmpty()) {
      messages.markSent(sent, Instant.now());
    }
    return sent.size();
  }

  /** Hands the message to the producer; the future completes when the broker acknowledges it. */
  private Future<RecordMetadata> send(OutboxMessage message) throws Exception {
    EventType<?> type =
        EventType.of(message.eventType())
            .orElseThrow(() -> new IllegalStateException("Unknown type " + message.eventType()));
    ClinicEvent event = (ClinicEvent) json.readValue(message.payload(), type.dataClass());
    ProducerRecord<String, String> record =
        new ProducerRecord<>(type.topic(), message.messageKey(), message.payload());
    // ce_source: content-service, the owner of clinic.education in the events module's table.
    CloudEventHeaders.of(event)
        .forEach(
            (name, value) -> record.headers().add(name, value.getBytes(StandardCharsets.UTF_8)));
    // The producer span covers handing the record over, not the acknowledgement.
    return tracing.publish(record, message.traceparent(), () -> producer.send(record));
  }
}
