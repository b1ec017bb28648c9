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
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
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
   * Relays one batch. Stops at the first message the broker does not acknowledge, so that nothing
   * behind it overtakes it; what was acknowledged before it is still marked sent.
   *
   * @return how many messages were sent
   */
  @Scheduled(
      fixedDelay = "${content.outbox.relay-interval:500ms}",
      initialDelay = "${content.outbox.relay-interval:500ms}")
  @Transactional
  int relay() {
    List<OutboxMessage> pending = messages.lockPending(batchSize);
    int sent = 0;
    for (OutboxMessage message : pending) {
      try {
        send(message);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        break;
      } catch (Exception e) {
        LOG.warn(
            "Could not send {} {}; will try again on the next run",
            message.eventType(),
            message.eventId(),
            e);
        break;
      }
      messages.markSent(message.id(), Instant.now());
      sent++;
    }
    return sent;
  }

  private void send(OutboxMessage message) throws Exception {
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
    tracing.publish(
        record,
        message.traceparent(),
        () -> producer.send(record).get(sendTimeout.toMillis(), TimeUnit.MILLISECONDS));
  }
}
