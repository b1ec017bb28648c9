package clinic.intake.system;

import clinic.events.Topics;
import clinic.intake.progress.UnprocessableEvent;
import java.util.stream.Stream;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.TopicPartition;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.kafka.config.TopicBuilder;
import org.springframework.kafka.core.KafkaAdmin;
import org.springframework.kafka.core.KafkaOperations;
import org.springframework.kafka.listener.DeadLetterPublishingRecoverer;
import org.springframework.kafka.listener.DefaultErrorHandler;
import org.springframework.kafka.support.ExponentialBackOffWithMaxRetries;
import org.springframework.kafka.support.LoggingProducerListener;

/** Topics and failure handling for every Kafka listener of this service. */
@Configuration(proxyBeanMethods = false)
class KafkaConfiguration {

  static final int PARTITIONS = 3;

  /** What this service publishes and consumes, and their dead-letter topics. */
  @Bean
  KafkaAdmin.NewTopics clinicTopics() {
    return new KafkaAdmin.NewTopics(
        Stream.of(Topics.INTAKE, Topics.TRIAGE, Topics.EDUCATION, Topics.REFERRAL)
            .flatMap(topic -> Stream.of(topic, Topics.deadLetter(topic)))
            .map(KafkaConfiguration::topic)
            .toArray(NewTopic[]::new));
  }

  /**
   * A few retries a few seconds apart for what may pass (the database restarting), then the record
   * goes to {@code <topic>.DLT} on the same partition and the consumer moves on. A record that
   * breaks the contract is dead-lettered at once: retrying cannot mend it.
   */
  @Bean
  DefaultErrorHandler kafkaErrorHandler(KafkaOperations<Object, Object> kafka) {
    var recoverer =
        new DeadLetterPublishingRecoverer(
            kafka,
            (record, exception) ->
                new TopicPartition(Topics.deadLetter(record.topic()), record.partition()));
    var backOff = new ExponentialBackOffWithMaxRetries(4);
    backOff.setInitialInterval(500);
    backOff.setMultiplier(2);
    backOff.setMaxInterval(5_000);
    var handler = new DefaultErrorHandler(recoverer, backOff);
    handler.addNotRetryableExceptions(UnprocessableEvent.class);
    return handler;
  }

  /** Send failures are logged with topic and key only: the payload holds clinical answers. */
  @Bean
  LoggingProducerListener<Object, Object> kafkaProducerListener() {
    var listener = new LoggingProducerListener<Object, Object>();
    listener.setIncludeContents(false);
    return listener;
  }

  private static NewTopic topic(String name) {
    return TopicBuilder.name(name).partitions(PARTITIONS).replicas(1).build();
  }
}
