package clinic.triage.system;

import clinic.events.Route;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import org.springframework.boot.EnvironmentPostProcessor;
import org.springframework.boot.SpringApplication;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;

/**
 * Declares a route's webhook target ({@code clinic.notifications.webhooks.physical-therapy}, ...)
 * when, and only when, its URL is in the environment ({@code
 * CLINIC_NOTIFICATIONS_WEBHOOKS_PHYSICAL_THERAPY_URL}, with {@code ..._SECRET}).
 *
 * <p>Why not application.yml: a target declared there must have a URL and a secret or the service
 * does not start, yet the service must start with no notification settings at all (other modules'
 * tests, the local stack before webhooks are set up). And a hyphenated map key cannot come from an
 * environment variable alone. A URL without its secret is left to fail the start, loudly. Explicit
 * {@code clinic.notifications.webhooks.*} properties take precedence over these.
 */
class WebhookTargetsFromEnvironment implements EnvironmentPostProcessor {

  @Override
  public void postProcessEnvironment(
      ConfigurableEnvironment environment, SpringApplication application) {
    Map<String, Object> declared = new LinkedHashMap<>();
    for (Route route : Route.values()) {
      String variable = "CLINIC_NOTIFICATIONS_WEBHOOKS_" + route.name();
      String url = environment.getProperty(variable + "_URL");
      if (url == null || url.isBlank()) {
        continue;
      }
      String name = route.name().toLowerCase(Locale.ROOT).replace('_', '-');
      declared.put("clinic.notifications.webhooks." + name + ".url", url.strip());
      String secret = environment.getProperty(variable + "_SECRET");
      if (secret != null) {
        declared.put("clinic.notifications.webhooks." + name + ".secret", secret);
      }
    }
    if (!declared.isEmpty()) {
      environment
          .getPropertySources()
          .addLast(new MapPropertySource("triageWebhookTargetsFromEnvironment", declared));
    }
  }
}
