package clinic.notifications;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import clinic.testing.TestDatabase;
import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;
import io.github.resilience4j.timelimiter.TimeLimiterRegistry;
import java.time.Duration;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.cloud.circuitbreaker.resilience4j.Resilience4JCircuitBreakerFactory;
import org.springframework.cloud.client.circuitbreaker.CircuitBreakerFactory;

class NotificationsConfigurationTest {

  final ApplicationContextRunner contextRunner =
      new ApplicationContextRunner()
          .withBean(DataSource.class, TestDatabase::newDataSource)
          .withBean(
              CircuitBreakerFactory.class,
              () ->
                  new Resilience4JCircuitBreakerFactory(
                      CircuitBreakerRegistry.ofDefaults(), TimeLimiterRegistry.ofDefaults(), null))
          .withUserConfiguration(NotificationsConfiguration.class);

  @Test
  void dispatcherRunsUnlessDisabled() {
    contextRunner.run(context -> assertThat(context).hasSingleBean(Dispatcher.class));
  }

  @Test
  void disabledDispatcherLeavesEnqueuedNotificationsPending() {
    contextRunner
        .withPropertyValues("clinic.notifications.dispatcher.enabled=false")
        .run(
            context -> {
              assertThat(context).doesNotHaveBean(Dispatcher.class);
              Notifications notifications = context.getBean(Notifications.class);
              Notification notification =
                  Notification.email(
                      "event-disabled",
                      "patient-next-step",
                      "r-disabled",
                      "a@example.org",
                      "S",
                      "T",
                      null);

              assertThat(notifications.enqueue(notification)).isTrue();
              await()
                  .during(Duration.ofMillis(300))
                  .atMost(Duration.ofSeconds(1))
                  .until(
                      () -> notifications.find(notification.id()).orElseThrow().status(),
                      status -> status == Status.PENDING);
            });
  }
}
