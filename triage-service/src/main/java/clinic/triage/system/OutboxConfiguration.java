package clinic.triage.system;

import clinic.events.ClinicEvent;
import clinic.events.CloudEventHeaders;
import clinic.events.EventType;
import java.nio.charset.StandardCharsets;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.kafka.support.KafkaHeaders;
import org.springframework.messaging.Message;
import org.springframework.messaging.support.MessageBuilder;
import org.springframework.modulith.events.EventExternalizationConfiguration;
import org.springframework.modulith.events.RoutingTarget;
import org.springframework.scheduling.annotation.EnableScheduling;
import tools.jackson.databind.json.JsonMapper;

/**
 * Transactional outbox: a {@link ClinicEvent} published inside a transaction is stored in the
 * {@code event_publication} table by Spring Modulith in that transaction, then sent to Kafka after
 * the commit. The publication is marked complete only when the send future completes, that is when
 * the broker has acknowledged the record; until then it stays incomplete and is sent again on
 * restart or by {@link StalePublications}.
 */
@Configuration(proxyBeanMethods = false)
@EnableScheduling
class OutboxConfiguration {

  static final String SOURCE = "/triage-service";

  /**
   * Maps each event to a message that already carries its key and CloudEvents headers: Modulith
   * computes headers from the mapped payload, not the event, so they are set here.
   */
  @Bean
  EventExternalizationConfiguration eventExternalization(JsonMapper json) {
    return EventExternalizationConfiguration.externalizing()
        .select(ClinicEvent.class::isInstance)
        // Keeps one patient's events in the order they were committed.
        .serializeExternalization(true)
        .mapping(ClinicEvent.class, event -> toMessage(event, json))
        .routeAll(
            event ->
                RoutingTarget.forTarget(EventType.forData(event.getClass()).topic())
                    .andKey(((ClinicEvent) event).intakeId().toString()))
        .build();
  }

  private static Message<String> toMessage(ClinicEvent event, JsonMapper json) {
    var message =
        MessageBuilder.withPayload(json.writeValueAsString(event))
            .setHeader(KafkaHeaders.KEY, event.intakeId().toString());
    CloudEventHeaders.of(event, SOURCE)
        .forEach((name, value) -> message.setHeader(name, value.getBytes(StandardCharsets.UTF_8)));
    return message.build();
  }
}
