package clinic.notifications;

import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import io.github.resilience4j.timelimiter.TimeLimiterConfig;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Metrics;
import io.micrometer.observation.ObservationRegistry;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import javax.sql.DataSource;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.cloud.circuitbreaker.resilience4j.Resilience4JCircuitBreakerFactory;
import org.springframework.cloud.client.circuitbreaker.CircuitBreakerFactory;
import org.springframework.cloud.client.circuitbreaker.Customizer;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.mail.javamail.JavaMailSender;
import org.springframework.scheduling.annotation.EnableScheduling;

/**
 * The notifications module. A service opts in explicitly with
 * {@code @Import(NotificationsConfiguration.class)} (it is deliberately not an auto-configuration:
 * a process that merely has the jar on its class path does not start sending).
 *
 * <p>It uses the application's {@link DataSource}, the {@link JavaMailSender} Spring Boot builds
 * from {@code spring.mail.*} (if any), the Spring Cloud {@link CircuitBreakerFactory}
 * (Resilience4j) and the {@link MeterRegistry}. It publishes {@link NotificationDelivered} and
 * {@link NotificationGaveUp} through the context's {@link ApplicationEventPublisher}, and enables
 * Spring's scheduling for the clean-up of delivered notifications ({@link DeliveredRetention}).
 * Bean names start with {@code clinicNotifications} to stay clear of the service's own.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(NotificationsProperties.class)
@EnableScheduling
public class NotificationsConfiguration {

  @Bean
  NotificationsSchema clinicNotificationsSchema(DataSource dataSource) {
    return new NotificationsSchema(dataSource);
  }

  @Bean
  DeliveryLog clinicNotificationsDeliveryLog(
      DataSource dataSource, NotificationsSchema schema, ApplicationEventPublisher events) {
    return new DeliveryLog(dataSource, events);
  }

  @Bean
  TraceContext clinicNotificationsTraceContext(ObjectProvider<ObservationRegistry> registry) {
    return new TraceContext(registry.getIfUnique(() -> ObservationRegistry.NOOP));
  }

  @Bean
  public Notifications notifications(
      DeliveryLog clinicNotificationsDeliveryLog, TraceContext clinicNotificationsTraceContext) {
    return new Notifications(clinicNotificationsDeliveryLog, clinicNotificationsTraceContext);
  }

  @Bean
  NotificationMetrics clinicNotificationsMetrics(
      ObjectProvider<MeterRegistry> meterRegistry, DeliveryLog clinicNotificationsDeliveryLog) {
    return new NotificationMetrics(
        meterRegistry.getIfUnique(() -> Metrics.globalRegistry), clinicNotificationsDeliveryLog);
  }

  @Bean
  EmailChannel clinicNotificationsEmailChannel(
      ObjectProvider<JavaMailSender> mailSender, NotificationsProperties properties) {
    return new EmailChannel(mailSender, properties.email());
  }

  @Bean
  WebhookChannel clinicNotificationsWebhookChannel(
      NotificationsProperties properties, CircuitBreakerFactory<?, ?> circuitBreakerFactory) {
    return new WebhookChannel(
        properties.webhooks(), properties.http(), circuitBreakerFactory, Clock.systemUTC());
  }

  /**
   * Configures each webhook target's circuit breaker from {@code
   * clinic.notifications.circuit-breaker}, and its time limiter to outlast the HTTP timeouts
   * (Spring Cloud's default limit is one second). Settings under {@code
   * resilience4j.circuitbreaker.instances.clinic-notifications-webhook-<target>} take precedence.
   */
  @Bean
  Customizer<Resilience4JCircuitBreakerFactory> clinicNotificationsCircuitBreakers(
      NotificationsProperties properties) {
    NotificationsProperties.CircuitBreaker settings = properties.circuitBreaker();
    CircuitBreakerConfig circuit =
        CircuitBreakerConfig.custom()
            .slidingWindowType(CircuitBreakerConfig.SlidingWindowType.COUNT_BASED)
            .slidingWindowSize(settings.slidingWindowSize())
            .minimumNumberOfCalls(settings.minimumNumberOfCalls())
            .failureRateThreshold(settings.failureRateThreshold())
            .waitDurationInOpenState(settings.waitInOpenState())
            .permittedNumberOfCallsInHalfOpenState(settings.permittedCallsInHalfOpenState())
            .build();
    Duration limit =
        properties.http().connectTimeout().plus(properties.http().requestTimeout()).plusSeconds(1);
    TimeLimiterConfig timeLimiter =
        TimeLimiterConfig.custom().timeoutDuration(limit).cancelRunningFuture(true).build();
    String[] ids =
        properties.webhooks().keySet().stream()
            .map(WebhookChannel::circuitId)
            .toArray(String[]::new);
    return factory -> {
      if (ids.length > 0) {
        factory.configure(
            builder -> builder.circuitBreakerConfig(circuit).timeLimiterConfig(timeLimiter), ids);
      }
    };
  }

  @Bean
  DeliveredRetention clinicNotificationsDeliveredRetention(
      DeliveryLog clinicNotificationsDeliveryLog, NotificationsProperties properties) {
    return new DeliveredRetention(clinicNotificationsDeliveryLog, properties.retention());
  }

  @Bean
  @ConditionalOnBooleanProperty(
      name = "clinic.notifications.dispatcher.enabled",
      matchIfMissing = true)
  Dispatcher clinicNotificationsDispatcher(
      DeliveryLog clinicNotificationsDeliveryLog,
      List<DeliveryChannel> channels,
      NotificationsProperties properties,
      NotificationMetrics clinicNotificationsMetrics,
      TraceContext clinicNotificationsTraceContext) {
    return new Dispatcher(
        clinicNotificationsDeliveryLog,
        channels,
        properties.dispatcher(),
        properties.retry(),
        clinicNotificationsMetrics,
        clinicNotificationsTraceContext);
  }
}
