package clinic.content.system;

import clinic.events.DeadLetter;
import io.micronaut.configuration.kafka.annotation.KafkaClient;
import io.micronaut.configuration.kafka.exceptions.KafkaListenerException;
import io.micronaut.context.annotation.Value;
import jakarta.inject.Singleton;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.CommitFailedException;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Micronaut Kafka has no dead-letter publisher; this is the one every listener of this service
 * hands its {@code KafkaListenerExceptionHandler} calls to, once a record will not be retried any
 * more. The dead letter on {@code <topic>.DLT} keeps the original key, value and headers, and adds
 * where it came from and {@link DeadLetter#reason why} under the header names the Spring services
 * use: nothing more, no stack trace.
 */
@Singleton
public class DeadLetters {

  private static final Logger LOG = LoggerFactory.getLogger(DeadLetters.class);

  private final Producer<String, String> producer;
  private final Duration sendTimeout;

  DeadLetters(
      @KafkaClient(id = "content-service", acks = KafkaClient.Acknowledge.ALL)
          Producer<String, String> producer,
      @Value("${content.outbox.send-timeout:10s}") Duration sendTimeout) {
    this.producer = producer;
    this.sendTimeout = sendTimeout;
  }

  public void handle(KafkaListenerException exception) {
    Optional<ConsumerRecord<?, ?>> failed = exception.getConsumerRecord();
    if (failed.isEmpty()) {
      LOG.error("Kafka consumer error outside any record", exception);
      return;
    }
    ConsumerRecord<?, ?> record = failed.get();
    Throwable cause = exception.getCause() == null ? exception : exception.getCause();
    if (cause instanceof CommitFailedException) {
      // The record was processed; only its offset was not committed. It will be read again and
      // recognised as already processed, so it must not be dead-lettered.
      LOG.warn(
          "Offset commit failed after {}-{}@{}",
          record.topic(),
          record.partition(),
          record.offset(),
          cause);
      return;
    }
    String topic = clinic.events.Topics.deadLetter(record.topic());
    String reason = DeadLetter.reason(cause);
    // Position and reason only: the value holds clinical answers.
    LOG.warn(
        "Sending {}-{}@{} to {}: {}",
        record.topic(),
        record.partition(),
        record.offset(),
        topic,
        reason);
    try {
      producer
          .send(letter(topic, record, reason))
          .get(sendTimeout.toMillis(), TimeUnit.MILLISECONDS);
    } catch (Exception e) {
      if (e instanceof InterruptedException) {
        Thread.currentThread().interrupt();
      }
      // Not parked anywhere yet: read it again rather than lose it.
      LOG.error("Could not send the record to {}; reading it again", topic, e);
      exception
          .getKafkaConsumer()
          .seek(new TopicPartition(record.topic(), record.partition()), record.offset());
    }
  }

  private static ProducerRecord<String, String> letter(
      String topic, ConsumerRecord<?, ?> record, String reason) {
    ProducerRecord<String, String> letter =
        new ProducerRecord<>(
            topic,
            record.partition(),
            record.key() == null ? null : record.key().toString(),
            record.value() == null ? null : record.value().toString());
    for (Header header : record.headers()) {
      letter.headers().add(header);
    }
    letter
        .headers()
        .add(DeadLetter.ORIGINAL_TOPIC, utf8(record.topic()))
        .add(DeadLetter.ORIGINAL_PARTITION, utf8(Integer.toString(record.partition())))
        .add(DeadLetter.ORIGINAL_OFFSET, utf8(Long.toString(record.offset())))
        .add(DeadLetter.REASON, utf8(reason));
    return letter;
  }

  private static byte[] utf8(String value) {
    return value.getBytes(StandardCharsets.UTF_8);
  }
}
