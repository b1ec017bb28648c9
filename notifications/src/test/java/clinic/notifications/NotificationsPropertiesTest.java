package clinic.notifications;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.bind.BindException;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.ConfigurationPropertySources;
import org.springframework.core.env.MapPropertySource;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.core.env.SystemEnvironmentPropertySource;

class NotificationsPropertiesTest {

  @Test
  void defaultsApplyWhenNothingIsConfigured() {
    NotificationsProperties properties = bind(Map.of(), Map.of());

    assertThat(properties.dispatcher().enabled()).isTrue();
    assertThat(properties.dispatcher().interval()).isEqualTo(Duration.ofMillis(500));
    assertThat(properties.retry().maxAttempts()).isEqualTo(12);
    assertThat(properties.retry().initialDelay()).isEqualTo(Duration.ofSeconds(10));
    assertThat(properties.circuitBreaker().waitInOpenState()).isEqualTo(Duration.ofSeconds(60));
    assertThat(properties.webhooks()).isEmpty();
    assertThat(properties.retention().delivered()).isEqualTo(Duration.ofDays(30));
  }

  @Test
  void retentionOfDeliveredNotificationsComesFromAnEnvironmentVariableAndMustBePositive() {
    assertThat(
            bind(Map.of(), Map.of("CLINIC_NOTIFICATIONS_RETENTION_DELIVERED", "7d"))
                .retention()
                .delivered())
        .isEqualTo(Duration.ofDays(7));
    assertThatThrownBy(
            () -> bind(Map.of("clinic.notifications.retention.delivered", "0s"), Map.of()))
        .isInstanceOf(BindException.class)
        .hasStackTraceContaining("retention.delivered must be positive");
  }

  @Test
  void webhookTargetNamedInYamlTakesUrlAndSecretFromEnvironmentVariables() {
    NotificationsProperties properties =
        bind(
            Map.of(
                "clinic.notifications.webhooks.physical-therapy.url", "",
                "clinic.notifications.webhooks.physical-therapy.secret", ""),
            Map.of(
                "CLINIC_NOTIFICATIONS_WEBHOOKS_PHYSICAL_THERAPY_URL",
                "https://pt.example.org/hooks/referrals",
                "CLINIC_NOTIFICATIONS_WEBHOOKS_PHYSICAL_THERAPY_SECRET",
                "pt-secret"));

    assertThat(properties.webhooks()).containsOnlyKeys("physical-therapy");
    assertThat(properties.webhooks().get("physical-therapy").url())
        .isEqualTo(URI.create("https://pt.example.org/hooks/referrals"));
    assertThat(properties.webhooks().get("physical-therapy").secret()).isEqualTo("pt-secret");
    assertThat(properties.webhooks().get("physical-therapy").toString())
        .doesNotContain("pt-secret");
  }

  @Test
  void singleWordTargetCanComeFromEnvironmentVariablesAlone() {
    NotificationsProperties properties =
        bind(
            Map.of(),
            Map.of(
                "CLINIC_NOTIFICATIONS_WEBHOOKS_PHARMACY_URL", "https://pharmacy.example.org/in",
                "CLINIC_NOTIFICATIONS_WEBHOOKS_PHARMACY_SECRET", "rx-secret"));

    assertThat(properties.webhooks()).containsOnlyKeys("pharmacy");
  }

  /**
   * Spring Boot reads {@code _} in an environment variable as a dot, so a name with a dash cannot
   * come from environment variables alone: the service names its targets in application.yml.
   */
  @Test
  void dashedTargetFromEnvironmentVariablesAloneIsNotBound() {
    NotificationsProperties properties =
        bind(
            Map.of(),
            Map.of(
                "CLINIC_NOTIFICATIONS_WEBHOOKS_PHYSICAL_THERAPY_URL", "https://pt.example.org/in",
                "CLINIC_NOTIFICATIONS_WEBHOOKS_PHYSICAL_THERAPY_SECRET", "pt-secret"));

    assertThat(properties.webhooks()).isEmpty();
  }

  @Test
  void targetWithoutSecretFailsAtStartup() {
    assertThatThrownBy(
            () ->
                bind(
                    Map.of("clinic.notifications.webhooks.pharmacy.url", "https://x.example.org"),
                    Map.of()))
        .isInstanceOf(BindException.class);
  }

  @Test
  void leaseShorterThanTwoWebhookTimeoutsIsRefused() {
    assertThatThrownBy(
            () ->
                bind(
                    Map.of(
                        "clinic.notifications.dispatcher.lease", "15s",
                        "clinic.notifications.http.request-timeout", "10s"),
                    Map.of()))
        .isInstanceOf(BindException.class);
  }

  static NotificationsProperties bind(Map<String, Object> yaml, Map<String, Object> env) {
    StandardEnvironment environment = new StandardEnvironment();
    environment
        .getPropertySources()
        .remove(StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME);
    environment
        .getPropertySources()
        .remove(StandardEnvironment.SYSTEM_PROPERTIES_PROPERTY_SOURCE_NAME);
    // Precedence as in a Boot application: environment variables over application.yml.
    environment
        .getPropertySources()
        .addLast(
            new SystemEnvironmentPropertySource(
                StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME, env));
    environment.getPropertySources().addLast(new MapPropertySource("application.yml", yaml));
    ConfigurationPropertySources.attach(environment);
    return Binder.get(environment)
        .bindOrCreate("clinic.notifications", NotificationsProperties.class);
  }
}
