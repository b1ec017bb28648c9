package clinic.triage.system;

import clinic.events.Topics;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.NestedExceptionUtils;
import org.springframework.kafka.config.TopicBuilder;
import org.springframework.kafka.core.KafkaAdmin;
import org.springframework.kafka.core.KafkaOperations;
import org.springframework.kafka.listener.ConsumerRecordRecoverer;
import org.springframework.kafka.listener.DeadLetterPublishingRecoverer;
import org.springframework.kafka.listener.DefaultErrorHandler;
import org.springframework.kafka.support.ExponentialBackOffWithMaxRetries;
import org.springframework.kafka.support.KafkaUtils;

/**
 * The topics this service reads and writes, and what happens to a record the listener cannot
 * process: a few retries for failures that may pass (the database restarting), none for a record
 * that can never be read, then the dead-letter topic so the partition keeps moving.
 */
@Configuration(proxyBeanMethods = false)
class KafkaConfiguration {

  private static final Logger log = LoggerFactory.getLogger(KafkaConfiguration.class);

  private static final int PARTITIONS = 3;

  @Bean
  KafkaAdmin.NewTopics topics() {
    return new KafkaAdmin.NewTopics(
        topic(Topics.INTAKE),
        topic(Topics.deadLetter(Topics.INTAKE)),
        topic(Topics.TRIAGE),
        topic(Topics.deadLetter(Topics.TRIAGE)),
        topic(Topics.REFERRAL),
        topic(Topics.deadLetter(Topics.REFERRAL)),
        topic(Topics.EDUCATION),
        topic(Topics.deadLetter(Topics.EDUCATION)));
  }

  private static NewTopic topic(String name) {
    return TopicBuilder.name(name).partitions(PARTITIONS).replicas(1).build();
  }

  @Bean
  DefaultErrorHandler kafkaErrorHandler(KafkaOperations<Object, Object> template) {
    var publisher =
        new DeadLetterPublishingRecoverer(
            template,
            (record, exception) ->
                new TopicPartition(Topics.deadLetter(record.topic()), record.partition()));
    ConsumerRecordRecoverer deadLetter =
        (record, exception) -> {
          // Position and reason only: the value may hold clinical answers.
          log.warn(
              "Record {} goes to {}: {}",
              KafkaUtils.format(record),
              Topics.deadLetter(record.topic()),
              reason(exception));
          publisher.accept(record, exception);
        };
    var backOff = new ExponentialBackOffWithMaxRetries(3);
    backOff.setInitialInterval(500);
    backOff.setMultiplier(2);
    backOff.setMaxInterval(4_000);
    var handler = new DefaultErrorHandler(deadLetter, backOff);
    handler.addNotRetryableExceptions(InvalidEventException.class);
    return handler;
  }

  private static String reason(Exception exception) {
    Throwable cause = NestedExceptionUtils.getMostSpecificCause(exception);
    return cause instanceof InvalidEventException ? cause.getMessage() : cause.getClass().getName();
  }
}
