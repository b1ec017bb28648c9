package clinic.content.packet;

import clinic.content.system.DeadLetters;
import clinic.content.system.KafkaTracing;
import clinic.events.DeadLetter;
import clinic.events.EventReader;
import clinic.events.InvalidEventException;
import clinic.events.Topics;
import clinic.events.TriageDecided;
import io.micronaut.configuration.kafka.annotation.ErrorStrategy;
import io.micronaut.configuration.kafka.annotation.ErrorStrategyValue;
import io.micronaut.configuration.kafka.annotation.KafkaListener;
import io.micronaut.configuration.kafka.annotation.OffsetReset;
import io.micronaut.configuration.kafka.annotation.OffsetStrategy;
import io.micronaut.configuration.kafka.annotation.Topic;
import io.micronaut.configuration.kafka.exceptions.KafkaListenerException;
import io.micronaut.configuration.kafka.exceptions.KafkaListenerExceptionHandler;
import io.micronaut.configuration.kafka.retry.ConditionalRetryBehaviourHandler;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/**
 * The Kafka half of the triage consumer: reads the record with the shared {@link EventReader}
 * (CloudEvents headers, only from triage-service, the TriageDecided JSON Schema), then hands the
 * decision to {@link PacketAssembler}. A record that fails is retried a few times with a pause (the
 * database may be briefly away), except one the reader refused, which no retry can fix; after that
 * {@link DeadLetters} sends it to {@code clinic.triage.DLT} and the consumer moves on.
 */
@KafkaListener(
    groupId = "content-service",
    clientId = "content-service-triage",
    // One consumer per partition of clinic.triage: one intake's decisions are still handled one
    // after another, in order.
    threadsValue = "${content.triage.consumer-threads:3}",
    offsetReset = OffsetReset.EARLIEST,
    offsetStrategy = OffsetStrategy.SYNC_PER_RECORD,
    errorStrategy =
        @ErrorStrategy(
            value = ErrorStrategyValue.RETRY_CONDITIONALLY_ON_ERROR,
            retryCount = 3,
            retryDelay = "${content.triage.retry-delay:1s}"))
class TriageDecidedListener
    implements ConditionalRetryBehaviourHandler, KafkaListenerExceptionHandler {

  static final String EXCEPTION_HEADER = DeadLetter.REASON;
  static final String ORIGINAL_TOPIC_HEADER = DeadLetter.ORIGINAL_TOPIC;

  private final PacketAssembler assembler;
  private final EventReader reader;
  private final DeadLetters deadLetters;
  private final KafkaTracing tracing;

  TriageDecidedListener(
      PacketAssembler assembler,
      EventReader reader,
      DeadLetters deadLetters,
      KafkaTracing tracing) {
    this.assembler = assembler;
    this.reader = reader;
    this.deadLetters = deadLetters;
    this.tracing = tracing;
  }

  /** In the intake's trace: the packet's EducationAssigned is sent on in it. */
  @Topic(Topics.TRIAGE)
  void receive(ConsumerRecord<String, String> record) {
    tracing.process(
        record,
        () -> {
          if (!(reader.read(record) instanceof TriageDecided decision)) {
            throw new InvalidEventException("Unexpected event on " + Topics.TRIAGE);
          }
          assembler.assemble(decision.eventId(), decision);
        });
  }

  @Override
  public ConditionalRetryBehaviour conditionalRetryBehaviour(KafkaListenerException exception) {
    return DeadLetter.invalid(exception)
        ? ConditionalRetryBehaviour.SKIP
        : ConditionalRetryBehaviour.RETRY;
  }

  /** Called once a record will not be retried any more. */
  @Override
  public void handle(KafkaListenerException exception) {
    deadLetters.handle(exception);
  }
}
