package clinic.intake.system;

import clinic.events.ClinicEvent;
import clinic.events.CloudEventHeaders;
import clinic.events.EventType;
import java.nio.charset.StandardCharsets;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.messaging.Message;
import org.springframework.messaging.support.MessageBuilder;
import org.springframework.modulith.events.EventExternalizationConfiguration;
import org.springframework.modulith.events.RoutingTarget;
import tools.jackson.databind.json.JsonMapper;

/**
 * The transactional outbox: Spring Modulith's JDBC event publication registry stores every {@link
 * ClinicEvent} published inside a transaction, and its Kafka externalizer sends it after commit.
 * The externalizer returns {@code KafkaTemplate.send}'s future, and Modulith marks the publication
 * complete only when that future completes, that is after the broker acknowledged the record
 * ({@code acks=all}). A failed send leaves the publication incomplete: it is resubmitted on restart
 * ({@code republish-outstanding-events-on-restart}) and by {@link FailedPublicationsRetry}.
 *
 * <p>Order: the externalizer is asynchronous, and the async pool has a single thread ({@code
 * spring.task.execution.pool} in application.yml), so publications are handed to the (idempotent)
 * producer in commit order and one intake's events stay in order on its partition. A publication
 * that failed and is resubmitted later can still arrive after a newer one; consumers tell them
 * apart by the amendment number.
 */
@Configuration(proxyBeanMethods = false)
class OutboxConfiguration {

  /** The CloudEvents {@code source} of everything this service publishes. */
  static final String SOURCE = "/intake-service";

  /**
   * Each event goes to its type's topic, keyed by the intake id so one patient's events stay in
   * order, as a JSON string with the CloudEvents attributes as UTF-8 headers (binary mode).
   *
   * <p>Static, and the mapper looked up lazily: Modulith needs this bean while the context is still
   * registering event listeners, before ordinary beans can be created.
   */
  @Bean
  static EventExternalizationConfiguration eventExternalization(ObjectProvider<JsonMapper> json) {
    return EventExternalizationConfiguration.externalizing()
        .selectByType(ClinicEvent.class)
        .route(
            ClinicEvent.class,
            event ->
                RoutingTarget.forTarget(EventType.forData(event.getClass()).topic())
                    .andKey(event.intakeId().toString()))
        .mapping(ClinicEvent.class, event -> toMessage(event, json.getObject()))
        .build();
  }

  static Message<String> toMessage(ClinicEvent event, JsonMapper json) {
    var message = MessageBuilder.withPayload(json.writeValueAsString(event));
    CloudEventHeaders.of(event, SOURCE)
        .forEach((name, value) -> message.setHeader(name, value.getBytes(StandardCharsets.UTF_8)));
    return message.build();
  }
}
