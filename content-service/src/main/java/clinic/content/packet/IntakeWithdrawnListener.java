package clinic.content.packet;

import clinic.content.system.DeadLetters;
import clinic.events.CloudEventHeaders;
import clinic.events.DeadLetter;
import clinic.events.EventReader;
import clinic.events.EventType;
import clinic.events.IntakeWithdrawn;
import clinic.events.InvalidEventException;
import clinic.events.Topics;
import io.micronaut.configuration.kafka.annotation.ErrorStrategy;
import io.micronaut.configuration.kafka.annotation.ErrorStrategyValue;
import io.micronaut.configuration.kafka.annotation.KafkaListener;
import io.micronaut.configuration.kafka.annotation.OffsetReset;
import io.micronaut.configuration.kafka.annotation.OffsetStrategy;
import io.micronaut.configuration.kafka.annotation.Topic;
import io.micronaut.configuration.kafka.exceptions.KafkaListenerException;
import io.micronaut.configuration.kafka.exceptions.KafkaListenerExceptionHandler;
import io.micronaut.configuration.kafka.retry.ConditionalRetryBehaviourHandler;
import java.nio.charset.StandardCharsets;
import java.util.Set;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;

/**
 * The Kafka half of the intake consumer, in its own consumer group: reads {@code IntakeWithdrawn}
 * from {@code clinic.intake} with the shared {@link EventReader} (CloudEvents headers, only from
 * intake-service, the JSON Schema) and hands it to {@link IntakeWithdrawals}, which revokes the
 * intake's links. The topic's other events (submitted, amended) are none of this service's business
 * and are passed over unread: their answers are never parsed here. A record the reader refuses goes
 * to {@code clinic.intake.DLT} at once through {@link DeadLetters}; one that fails otherwise is
 * retried a few times first.
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

  private static final Set<String> PASSED_OVER =
      Set.of(EventType.INTAKE_SUBMITTED.type(), EventType.INTAKE_AMENDED.type());

  private final IntakeWithdrawals withdrawals;
  private final EventReader reader;
  private final DeadLetters deadLetters;

  IntakeWithdrawnListener(
      IntakeWithdrawals withdrawals, EventReader reader, DeadLetters deadLetters) {
    this.withdrawals = withdrawals;
    this.reader = reader;
    this.deadLetters = deadLetters;
  }

  @Topic(Topics.INTAKE)
  void receive(ConsumerRecord<String, String> record) {
    Header type = record.headers().lastHeader(CloudEventHeaders.TYPE);
    if (type != null
        && type.value() != null
        && PASSED_OVER.contains(new String(type.value(), StandardCharsets.UTF_8))) {
      return;
    }
    if (!(reader.read(record) instanceof IntakeWithdrawn withdrawn)) {
      throw new InvalidEventException("Unexpected event on " + Topics.INTAKE);
    }
    withdrawals.withdraw(withdrawn.eventId(), withdrawn);
  }

  @Override
  public ConditionalRetryBehaviour conditionalRetryBehaviour(KafkaListenerException exception) {
    return DeadLetter.invalid(exception)
        ? ConditionalRetryBehaviour.SKIP
        : ConditionalRetryBehaviour.RETRY;
  }

  /** Called once a record will not be retried any more: it goes to the dead-letter topic. */
  @Override
  public void handle(KafkaListenerException exception) {
    deadLetters.handle(exception);
  }
}
