package clinic.content.system;

import clinic.events.Topics;
import io.micronaut.context.annotation.Bean;
import io.micronaut.context.annotation.Factory;
import io.micronaut.context.annotation.Value;
import org.apache.kafka.clients.admin.NewTopic;

/**
 * The topics this service consumes and publishes, and the dead-letter topics of the ones it
 * consumes. Micronaut Kafka creates them at start-up; existing topics are left as they are.
 */
@Factory
class KafkaTopics {

  private final int partitions;
  private final short replicationFactor;

  KafkaTopics(
      @Value("${content.topics.partitions:3}") int partitions,
      @Value("${content.topics.replication-factor:1}") short replicationFactor) {
    this.partitions = partitions;
    this.replicationFactor = replicationFactor;
  }

  @Bean
  NewTopic triage() {
    return new NewTopic(Topics.TRIAGE, partitions, replicationFactor);
  }

  @Bean
  NewTopic triageDeadLetter() {
    return new NewTopic(Topics.deadLetter(Topics.TRIAGE), partitions, replicationFactor);
  }

  @Bean
  NewTopic intake() {
    return new NewTopic(Topics.INTAKE, partitions, replicationFactor);
  }

  @Bean
  NewTopic intakeDeadLetter() {
    return new NewTopic(Topics.deadLetter(Topics.INTAKE), partitions, replicationFactor);
  }

  @Bean
  NewTopic education() {
    return new NewTopic(Topics.EDUCATION, partitions, replicationFactor);
  }
}
