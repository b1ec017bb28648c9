package clinic.events.spring;

import clinic.events.ClinicEvent;
import clinic.events.CloudEventHeaders;
import clinic.events.DeadLetter;
import clinic.events.EventReader;
import clinic.events.InvalidEventException;
import clinic.events.Topics;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.stream.Stream;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.task.support.ContextPropagatingTaskDecorator;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.kafka.config.TopicBuilder;
import org.springframework.kafka.core.KafkaAdmin;
import org.springframework.kafka.core.KafkaOperations;
import org.springframework.kafka.listener.BatchListenerFailedException;
import org.springframework.kafka.listener.DeadLetterPublishingRecoverer;
import org.springframework.kafka.listener.DefaultErrorHandler;
import org.springframework.kafka.support.ExponentialBackOffWithMaxRetries;
import org.springframework.kafka.support.KafkaUtils;
import org.springframework.kafka.support.LoggingProducerListener;
import org.springframework.messaging.Message;
import org.springframework.messaging.support.MessageBuilder;
import org.springframework.modulith.events.CompletedEventPublications;
import org.springframework.modulith.events.FailedEventPublications;
import org.springframework.modulith.events.core.EventPublicationRegistry;
import org.springframework.scheduling.annotation.EnableScheduling;
import tools.jackson.databind.json.JsonMapper;

/**
 * How a Spring service publishes and consumes events; intake-service and triage-service
 * {@code @Import} it (deliberately not an auto-configuration, like {@code
 * NotificationsConfiguration}).
 *
 * <p><b>Publishing</b> is a transactional outbox: Spring Modulith's JDBC event publication registry
 * stores every {@link ClinicEvent} published inside a transaction, and {@link OutboxSender} hands
 * it to the Kafka producer after commit. The registry marks the publication complete only when the
 * broker acknowledged the record ({@code acks=all}). A failed send leaves it incomplete:
 * resubmitted on restart ({@code republish-outstanding-events-on-restart}) and by {@link
 * FailedPublicationsRetry}.
 *
 * <p><b>Order</b>: {@link OutboxSender} hands records to the idempotent producer from one thread in
 * the order the transactions' after-commit callbacks ran, and the key is the intake id, so one
 * intake's events stay in order on its partition. A publication that failed and is resubmitted
 * later can still arrive after a newer one; consumers tell them apart by version numbers and ignore
 * what is older.
 *
 * <p><b>Trace</b>: {@link OutboxSender} carries the context of the committing thread to its
 * hand-over thread, so the Kafka producer's observation continues the trace of the request or
 * record that published the event, and the record's {@code traceparent} header carries it on. The
 * async task pool's tasks (Modulith's {@code @ApplicationModuleListener}s) are decorated the same
 * way ({@link #contextPropagation()}). A publication resubmitted later (after a failed send, or on
 * restart) is sent from the scheduler and starts a trace of its own.
 *
 * <p><b>Consuming</b>: listeners read records with the {@link EventReader} bean; a record it
 * refuses ({@link InvalidEventException}) goes to {@code <topic>.DLT} at once, any other failure
 * after a few retries. A batch listener names the record that failed with a {@link
 * BatchListenerFailedException} (the records before it are committed, the ones after it delivered
 * again), and that record takes the same path. The dead letter keeps the original key, value and
 * headers, plus where it came from and {@link DeadLetter#reason why}, never a stack trace.
 */
@Configuration(proxyBeanMethods = false)
@EnableScheduling
public class ClinicEventsConfiguration {

  private static final Logger log = LoggerFactory.getLogger(ClinicEventsConfiguration.class);

  static final int PARTITIONS = 3;

  /**
   * The outbox's sender. Modulith's own Kafka externalizer is switched off in each service ({@code
   * spring.modulith.events.externalization.enabled: false}); see {@link OutboxSender} for why.
   */
  @Bean
  OutboxSender outboxSender(
      KafkaOperations<Object, Object> kafka,
      JsonMapper json,
      ObjectProvider<EventPublicationRegistry> registry,
      @Value("${clinic.outbox.completion-threads:4}") int completionThreads) {
    return new OutboxSender(kafka, json, registry, completionThreads);
  }

  /**
   * Each event as a JSON string with the CloudEvents attributes as UTF-8 headers (binary mode),
   * {@code ce_source} that of the topic's {@link clinic.events.Producer}; {@link OutboxSender} adds
   * the topic (the event type's) and the key (the intake id).
   */
  static Message<String> toMessage(ClinicEvent event, JsonMapper json) {
    var message = MessageBuilder.withPayload(json.writeValueAsString(event));
    CloudEventHeaders.of(event)
        .forEach((name, value) -> message.setHeader(name, value.getBytes(StandardCharsets.UTF_8)));
    return message.build();
  }

  /**
   * Boot applies this to its task executor: an {@code @ApplicationModuleListener} runs with the
   * trace context (and any other Micrometer context) of the thread whose transaction published the
   * event.
   */
  @Bean
  static ContextPropagatingTaskDecorator contextPropagation() {
    return new ContextPropagatingTaskDecorator();
  }

  @Bean
  FailedPublicationsRetry failedPublicationsRetry(
      FailedEventPublications failed,
      @Value("${clinic.outbox.retry-min-age:30s}") Duration minAge) {
    return new FailedPublicationsRetry(failed, minAge);
  }

  /** Packet links are accepted only under the content service's pages. */
  @Bean
  EventReader eventReader(@Value("${clinic.content.public-url}") String contentPublicUrl) {
    return new EventReader(contentPublicUrl);
  }

  @Bean
  ProcessedEvents processedEvents(JdbcClient jdbc) {
    return new ProcessedEvents(jdbc);
  }

  /** The outbox gauges; Spring Boot binds every {@code MeterBinder} bean to its registry. */
  @Bean
  OutboxMetrics outboxMetrics(
      JdbcClient jdbc, @Value("${clinic.metrics.database-gauges-max-age:5s}") Duration maxAge) {
    return new OutboxMetrics(jdbc, maxAge);
  }

  /** Completed publications and processed-event ids are kept for a while, then deleted. */
  @Bean
  EventRetention eventRetention(
      CompletedEventPublications publications,
      JdbcClient jdbc,
      @Value("${clinic.events.retention.completed-publications:7d}") Duration keepPublications,
      @Value("${clinic.events.retention.processed-events:30d}") Duration keepProcessedEvents) {
    return new EventRetention(publications, jdbc, keepPublications, keepProcessedEvents);
  }

  /** Every topic of the clinic and its dead-letter topic. */
  @Bean
  KafkaAdmin.NewTopics clinicTopics() {
    return new KafkaAdmin.NewTopics(
        Stream.of(Topics.INTAKE, Topics.TRIAGE, Topics.REFERRAL, Topics.EDUCATION)
            .flatMap(topic -> Stream.of(topic, Topics.deadLetter(topic)))
            .map(name -> TopicBuilder.name(name).partitions(PARTITIONS).replicas(1).build())
            .toArray(NewTopic[]::new));
  }

  /**
   * A few retries a few seconds apart for what may pass (the database restarting), none for a
   * record the reader refused; then {@code <topic>.DLT} on the same partition, and the consumer
   * moves on.
   */
  @Bean
  DefaultErrorHandler kafkaErrorHandler(KafkaOperations<Object, Object> kafka) {
    var publisher =
        new DeadLetterPublishingRecoverer(
            kafka,
            (record, exception) ->
                new TopicPartition(Topics.deadLetter(record.topic()), record.partition()));
    // The exception's classes and the reason only: a stack trace or a database error's message can
    // carry data the event never had (a failing row holds the patient's identity).
    publisher.setExceptionHeadersCreator(
        (headers, exception, isKey, names) -> {
          var info = names.getExceptionInfo();
          headers.add(info.getExceptionFqcn(), utf8(exception.getClass().getName()));
          var cause = failureCause(exception);
          if (cause != null) {
            headers.add(info.getExceptionCauseFqcn(), utf8(cause.getClass().getName()));
          }
          headers.add(info.getExceptionMessage(), utf8(DeadLetter.reason(exception)));
        });
    var backOff = new ExponentialBackOffWithMaxRetries(3);
    backOff.setInitialInterval(500);
    backOff.setMultiplier(2);
    backOff.setMaxInterval(4_000);
    var handler =
        new DefaultErrorHandler(
            (record, exception) -> {
              // Position and reason only: the value holds clinical answers.
              log.warn(
                  "Record {} goes to {}: {}",
                  KafkaUtils.format(record),
                  Topics.deadLetter(record.topic()),
                  DeadLetter.reason(exception));
              publisher.accept(record, exception);
            },
            backOff);
    handler.addNotRetryableExceptions(InvalidEventException.class);
    return handler;
  }

  /** Send failures are logged with topic and key only: the payload holds clinical answers. */
  @Bean
  LoggingProducerListener<Object, Object> kafkaProducerListener() {
    var listener = new LoggingProducerListener<Object, Object>();
    listener.setIncludeContents(false);
    return listener;
  }

  /**
   * What made the listener fail: the cause of the container's wrapper, past the {@link
   * BatchListenerFailedException} with which a batch listener names the failed record, so that a
   * dead letter says the same whether a record or a batch listener refused it.
   */
  static Throwable failureCause(Throwable exception) {
    var cause = exception.getCause();
    while (cause instanceof BatchListenerFailedException && cause.getCause() != null) {
      cause = cause.getCause();
    }
    return cause;
  }

  private static byte[] utf8(String value) {
    return value.getBytes(StandardCharsets.UTF_8);
  }
}
