package clinic.content.packet;

import clinic.events.CloudEventHeaders;
import clinic.events.EventType;
import clinic.events.Topics;
import clinic.events.TriageDecided;
import io.micronaut.configuration.kafka.annotation.ErrorStrategy;
import io.micronaut.configuration.kafka.annotation.ErrorStrategyValue;
import io.micronaut.configuration.kafka.annotation.KafkaClient;
import io.micronaut.configuration.kafka.annotation.KafkaListener;
import io.micronaut.configuration.kafka.annotation.OffsetReset;
import io.micronaut.configuration.kafka.annotation.OffsetStrategy;
import io.micronaut.configuration.kafka.annotation.Topic;
import io.micronaut.configuration.kafka.exceptions.KafkaListenerException;
import io.micronaut.configuration.kafka.exceptions.KafkaListenerExceptionHandler;
import io.micronaut.configuration.kafka.retry.ConditionalRetryBehaviourHandler;
import io.micronaut.context.annotation.Value;
import io.micronaut.json.JsonMapper;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.CommitFailedException;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Kafka half of the triage consumer: reads the CloudEvents headers and the JSON, then hands the
 * decision to {@link PacketAssembler}. A record that fails is retried a few times with a pause (the
 * database may be briefly away), except a malformed one, which no retry can fix; after that it goes
 * to {@code clinic.triage.DLT} and the consumer moves on to the next record.
 */
@KafkaListener(
    groupId = "content-service",
    clientId = "content-service-triage",
    offsetReset = OffsetReset.EARLIEST,
    offsetStrategy = OffsetStrategy.SYNC_PER_RECORD,
    errorStrategy =
        @ErrorStrategy(
            value = ErrorStrategyValue.RETRY_CONDITIONALLY_ON_ERROR,
            retryCount = 3,
            retryDelay = "${content.triage.retry-delay:1s}"))
class TriageDecidedListener
    implements ConditionalRetryBehaviourHandler, KafkaListenerExceptionHandler {

  static final String DEAD_LETTER_TOPIC = Topics.deadLetter(Topics.TRIAGE);
  static final String EXCEPTION_HEADER = "dlt-exception";
  static final String ORIGINAL_TOPIC_HEADER = "dlt-original-topic";
  static final String ORIGINAL_PARTITION_HEADER = "dlt-original-partition";
  static final String ORIGINAL_OFFSET_HEADER = "dlt-original-offset";
  private static final Logger LOG = LoggerFactory.getLogger(TriageDecidedListener.class);
  private static final int MAX_REASON_LENGTH = 500;

  private final PacketAssembler assembler;
  private final JsonMapper json;
  private final Producer<String, String> producer;
  private final Duration sendTimeout;

  TriageDecidedListener(
      PacketAssembler assembler,
      JsonMapper json,
      @KafkaClient(id = "content-service", acks = KafkaClient.Acknowledge.ALL)
          Producer<String, String> producer,
      @Value("${content.outbox.send-timeout:10s}") Duration sendTimeout) {
    this.assembler = assembler;
    this.json = json;
    this.producer = producer;
    this.sendTimeout = sendTimeout;
  }

  @Topic(Topics.TRIAGE)
  void receive(ConsumerRecord<String, String> record) {
    String type = header(record.headers(), CloudEventHeaders.TYPE);
    if (!EventType.TRIAGE_DECIDED.type().equals(type)) {
      throw new MalformedEventException("Unexpected ce_type " + type);
    }
    UUID eventId = eventId(record.headers());
    TriageDecided decision = decision(record.value());
    if (!decision.eventId().equals(eventId)) {
      throw new MalformedEventException("ce_id " + eventId + " is not the decision's id");
    }
    assembler.assemble(eventId, decision);
  }

  @Override
  public ConditionalRetryBehaviour conditionalRetryBehaviour(KafkaListenerException exception) {
    return isMalformed(exception)
        ? ConditionalRetryBehaviour.SKIP
        : ConditionalRetryBehaviour.RETRY;
  }

  /** Called once a record will not be retried any more: it goes to the dead-letter topic. */
  @Override
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
    LOG.warn(
        "Sending {}-{}@{} to {}: {}",
        record.topic(),
        record.partition(),
        record.offset(),
        DEAD_LETTER_TOPIC,
        reason(cause));
    try {
      producer.send(deadLetter(record, cause)).get(sendTimeout.toMillis(), TimeUnit.MILLISECONDS);
    } catch (Exception e) {
      if (e instanceof InterruptedException) {
        Thread.currentThread().interrupt();
      }
      // Not parked anywhere yet: read it again rather than lose it.
      LOG.error("Could not send the record to {}; reading it again", DEAD_LETTER_TOPIC, e);
      exception
          .getKafkaConsumer()
          .seek(new TopicPartition(record.topic(), record.partition()), record.offset());
    }
  }

  private ProducerRecord<String, String> deadLetter(ConsumerRecord<?, ?> record, Throwable cause) {
    ProducerRecord<String, String> letter =
        new ProducerRecord<>(
            DEAD_LETTER_TOPIC,
            record.key() == null ? null : record.key().toString(),
            record.value() == null ? null : record.value().toString());
    for (Header header : record.headers()) {
      letter.headers().add(header);
    }
    letter
        .headers()
        .add(ORIGINAL_TOPIC_HEADER, utf8(record.topic()))
        .add(ORIGINAL_PARTITION_HEADER, utf8(Integer.toString(record.partition())))
        .add(ORIGINAL_OFFSET_HEADER, utf8(Long.toString(record.offset())))
        .add(EXCEPTION_HEADER, utf8(reason(cause)));
    return letter;
  }

  private UUID eventId(Headers headers) {
    String id = header(headers, CloudEventHeaders.ID);
    if (id == null) {
      throw new MalformedEventException("Missing ce_id");
    }
    try {
      return UUID.fromString(id);
    } catch (IllegalArgumentException e) {
      throw new MalformedEventException("ce_id is not a UUID", e);
    }
  }

  private TriageDecided decision(String value) {
    if (value == null) {
      throw new MalformedEventException("No value");
    }
    try {
      return json.readValue(value, TriageDecided.class);
    } catch (Exception e) {
      throw new MalformedEventException("Not a TriageDecided: " + e.getMessage(), e);
    }
  }

  private static String header(Headers headers, String name) {
    Header header = headers.lastHeader(name);
    return header == null || header.value() == null
        ? null
        : new String(header.value(), StandardCharsets.UTF_8);
  }

  private static boolean isMalformed(Throwable exception) {
    for (Throwable t = exception; t != null; t = t.getCause()) {
      if (t instanceof MalformedEventException) {
        return true;
      }
    }
    return false;
  }

  private static String reason(Throwable cause) {
    String reason = cause.getClass().getName() + ": " + cause.getMessage();
    return reason.length() > MAX_REASON_LENGTH ? reason.substring(0, MAX_REASON_LENGTH) : reason;
  }

  private static byte[] utf8(String value) {
    return value.getBytes(StandardCharsets.UTF_8);
  }
}
