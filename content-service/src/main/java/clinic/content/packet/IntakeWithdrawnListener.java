package clinic.content.packet;

import clinic.events.CloudEventHeaders;
import clinic.events.EventType;
import clinic.events.IntakeWithdrawn;
import clinic.events.Topics;
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
import java.util.Set;
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
 * The Kafka half of the intake consumer, in its own consumer group: reads {@code IntakeWithdrawn}
 * from {@code clinic.intake} and hands it to {@link IntakeWithdrawals}, which revokes the intake's
 * links. The topic's other events (submitted, amended) are none of this service's business and are
 * passed over unread. A record that is not intake-service's, or cannot be read, goes to {@code
 * clinic.intake.DLT} at once; one that fails otherwise is retried a few times first. Written like
 * {@link TriageDecidedListener}, so both move onto one shared event reader together.
 */
@KafkaListener(
    groupId = IntakeWithdrawnListener.GROUP,
    clientId = IntakeWithdrawnListener.GROUP,
    offsetReset = OffsetReset.EARLIEST,
    offsetStrategy = OffsetStrategy.SYNC_PER_RECORD,
    errorStrategy =
        @ErrorStrategy(
            value = ErrorStrategyValue.RETRY_CONDITIONALLY_ON_ERROR,
            retryCount = 3,
            retryDelay = "${content.intake.retry-delay:1s}"))
class IntakeWithdrawnListener
    implements ConditionalRetryBehaviourHandler, KafkaListenerExceptionHandler {

  static final String GROUP = "content-service-intake";
  static final String DEAD_LETTER_TOPIC = Topics.deadLetter(Topics.INTAKE);

  /** The producer that owns clinic.intake; anything else on it is forged or misrouted. */
  static final String INTAKE_SOURCE = "/intake-service";

  private static final Set<String> PASSED_OVER =
      Set.of(EventType.INTAKE_SUBMITTED.type(), EventType.INTAKE_AMENDED.type());
  private static final Logger LOG = LoggerFactory.getLogger(IntakeWithdrawnListener.class);
  private static final int MAX_REASON_LENGTH = 500;

  private final IntakeWithdrawals withdrawals;
  private final JsonMapper json;
  private final Producer<String, String> producer;
  private final Duration sendTimeout;

  IntakeWithdrawnListener(
      IntakeWithdrawals withdrawals,
      JsonMapper json,
      @KafkaClient(id = "content-service", acks = KafkaClient.Acknowledge.ALL)
          Producer<String, String> producer,
      @Value("${content.outbox.send-timeout:10s}") Duration sendTimeout) {
    this.withdrawals = withdrawals;
    this.json = json;
    this.producer = producer;
    this.sendTimeout = sendTimeout;
  }

  @Topic(Topics.INTAKE)
  void receive(ConsumerRecord<String, String> record) {
    String source = header(record.headers(), CloudEventHeaders.SOURCE);
    if (!INTAKE_SOURCE.equals(source)) {
      throw new MalformedEventException("Unexpected ce_source " + source);
    }
    String type = header(record.headers(), CloudEventHeaders.TYPE);
    if (PASSED_OVER.contains(type)) {
      return;
    }
    if (!EventType.INTAKE_WITHDRAWN.type().equals(type)) {
      throw new MalformedEventException("Unexpected ce_type " + type);
    }
    UUID eventId = eventId(record.headers());
    IntakeWithdrawn withdrawn = withdrawn(record.value());
    if (!withdrawn.eventId().equals(eventId)) {
      throw new MalformedEventException("ce_id " + eventId + " is not the withdrawal's id");
    }
    withdrawals.withdraw(eventId, withdrawn);
  }

  @Override
  public ConditionalRetryBehaviour conditionalRetryBehaviour(KafkaListenerException exception) {
    for (Throwable t = exception; t != null; t = t.getCause()) {
      if (t instanceof MalformedEventException) {
        return ConditionalRetryBehaviour.SKIP;
      }
    }
    return ConditionalRetryBehaviour.RETRY;
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
      // Processed, only the offset was not committed: read again, recognised as processed.
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

  /** The record as it came (no more patient data than it had), with where and why it failed. */
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
        .add(TriageDecidedListener.ORIGINAL_TOPIC_HEADER, utf8(record.topic()))
        .add(
            TriageDecidedListener.ORIGINAL_PARTITION_HEADER,
            utf8(Integer.toString(record.partition())))
        .add(TriageDecidedListener.ORIGINAL_OFFSET_HEADER, utf8(Long.toString(record.offset())))
        .add(TriageDecidedListener.EXCEPTION_HEADER, utf8(reason(cause)));
    return letter;
  }

  private static UUID eventId(Headers headers) {
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

  private IntakeWithdrawn withdrawn(String value) {
    if (value == null) {
      throw new MalformedEventException("No value");
    }
    try {
      return json.readValue(value, IntakeWithdrawn.class);
    } catch (Exception e) {
      throw new MalformedEventException("Not an IntakeWithdrawn: " + e.getMessage(), e);
    }
  }

  private static String header(Headers headers, String name) {
    Header header = headers.lastHeader(name);
    return header == null || header.value() == null
        ? null
        : new String(header.value(), StandardCharsets.UTF_8);
  }

  private static String reason(Throwable cause) {
    String reason = cause.getClass().getName() + ": " + cause.getMessage();
    return reason.length() > MAX_REASON_LENGTH ? reason.substring(0, MAX_REASON_LENGTH) : reason;
  }

  private static byte[] utf8(String value) {
    return value.getBytes(StandardCharsets.UTF_8);
  }
}
