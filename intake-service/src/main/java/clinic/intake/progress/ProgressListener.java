package clinic.intake.progress;

import clinic.events.EventReader;
import clinic.events.InvalidEventException;
import clinic.events.Topics;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationRegistry;
import java.util.List;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.kafka.listener.BatchListenerFailedException;
import org.springframework.kafka.support.KafkaUtils;
import org.springframework.kafka.support.micrometer.KafkaListenerObservation;
import org.springframework.kafka.support.micrometer.KafkaListenerObservation.DefaultKafkaListenerObservationConvention;
import org.springframework.kafka.support.micrometer.KafkaListenerObservationConvention;
import org.springframework.kafka.support.micrometer.KafkaRecordReceiverContext;
import org.springframework.stereotype.Component;

/**
 * The Kafka side of progress tracking: takes the records of one poll, reads each with the shared
 * {@link EventReader} (which refuses, among others, a packet link outside the content service), and
 * hands them to the transactional {@link ProgressHandler} together, in one transaction (three
 * records per intake used to cost three transactions, each locking the intake's row: BENCHMARKS.md,
 * "Third sitting").
 *
 * <p>When that transaction fails, the same records are applied again one per transaction, in the
 * order of the poll, and the first that fails is named to the container's error handler in a {@link
 * BatchListenerFailedException}: the records before it are committed (their effects and their
 * offsets), that one is retried and then dead-lettered as a record listener's was, and the rest are
 * delivered again (see {@code clinic.events.spring.ClinicEventsConfiguration}). Redelivered records
 * change nothing ({@code processed_event}).
 *
 * <p>Spring Kafka observes each record of a record listener, not of a batch listener; each record
 * here gets the same consumer observation, so its application (and the patient's e-mail it may make
 * due) stays in the trace the record carries.
 */
@Component
class ProgressListener {

  /** The listener's id: the name of its container (and its threads); the group stays the same. */
  static final String ID = "intake-progress";

  private static final Logger log = LoggerFactory.getLogger(ProgressListener.class);

  /**
   * Each record's observation, timed under a name of its own: the container already times each
   * batch as {@code spring.kafka.listener} with other tags, and Prometheus refuses a second meter
   * of one name with other tag keys.
   */
  static final KafkaListenerObservationConvention PER_RECORD =
      new DefaultKafkaListenerObservationConvention() {
        @Override
        public String getName() {
          return "clinic.intake.progress.record";
        }
      };

  private final EventReader reader;
  private final ProgressHandler handler;
  private final ObservationRegistry observations;

  ProgressListener(
      EventReader reader,
      ProgressHandler handler,
      ObservationRegistry observations,
      @Value("${spring.kafka.listener.observation-enabled:false}") boolean observed) {
    this.reader = reader;
    this.handler = handler;
    this.observations = observed ? observations : ObservationRegistry.NOOP;
  }

  @KafkaListener(
      id = ID,
      idIsGroup = false,
      topics = {Topics.TRIAGE, Topics.EDUCATION, Topics.REFERRAL},
      batch = "true")
  void on(List<ConsumerRecord<String, String>> records) {
    try {
      handler.apply(records.stream().map(this::read).toList());
      return;
    } catch (RuntimeException batchFailed) {
      log.debug(
          "A batch of {} records failed ({}); applying them one at a time",
          records.size(),
          batchFailed.getClass().getName());
    }
    for (var record : records) {
      try {
        handler.apply(List.of(read(record)));
      } catch (RuntimeException failed) {
        throw new BatchListenerFailedException("Progress event not applied", failed, record);
      }
    }
  }

  private ProgressHandler.Delivery read(ConsumerRecord<String, String> record) {
    var event = reader.read(record);
    if (!IntakeProgress.follows(event)) {
      throw new InvalidEventException("Not a progress event on " + record.topic());
    }
    return new ProgressHandler.Delivery(event, observation(record));
  }

  private Observation observation(ConsumerRecord<String, String> record) {
    return KafkaListenerObservation.LISTENER_OBSERVATION.observation(
        PER_RECORD,
        DefaultKafkaListenerObservationConvention.INSTANCE,
        () ->
            new KafkaRecordReceiverContext(
                record, ID, null, KafkaUtils.getConsumerGroupId(), () -> null),
        observations);
  }
}
