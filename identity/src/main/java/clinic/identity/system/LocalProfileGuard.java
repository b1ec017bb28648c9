package clinic.identity.system;

import org.springframework.boot.context.event.ApplicationEnvironmentPreparedEvent;
import org.springframework.context.ApplicationListener;
import org.springframework.core.env.Profiles;

/**
 * Stops the application before anything starts unless the {@code local} profile is active. The demo
 * accounts have published passwords, so this provider must never be the one a clinic runs by
 * accident. Checked once the profiles are known (after the configuration files are read) and before
 * any bean exists; registered in {@code META-INF/spring.factories} so that every way of starting
 * the application goes through it.
 */
class LocalProfileGuard implements ApplicationListener<ApplicationEnvironmentPreparedEvent> {

  static final String PROFILE = "local";

  @Override
  public void onApplicationEvent(ApplicationEnvironmentPreparedEvent event) {
    if (!event.getEnvironment().acceptsProfiles(Profiles.of(PROFILE))) {
      throw new LocalProfileRequiredException();
    }
  }
}
