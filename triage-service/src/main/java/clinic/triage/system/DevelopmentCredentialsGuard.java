package clinic.triage.system;

import org.springframework.boot.context.event.ApplicationEnvironmentPreparedEvent;
import org.springframework.context.ApplicationListener;
import org.springframework.core.env.Environment;
import org.springframework.core.env.Profiles;

/**
 * Under the production profile ({@code prod}, which docker-compose.yml sets), stops the service
 * before anything starts if its database password is the published development one ({@code clinic},
 * the default of {@code DATABASE_PASSWORD} for ./run and the tests) or empty. Checked once the
 * configuration files and the environment are read and before any bean exists (nothing has
 * connected yet); registered in {@code META-INF/spring.factories} so that every way of starting the
 * service goes through it.
 */
class DevelopmentCredentialsGuard
    implements ApplicationListener<ApplicationEnvironmentPreparedEvent> {

  static final String PRODUCTION_PROFILE = "prod";
  static final String DEVELOPMENT_PASSWORD = "clinic";

  @Override
  public void onApplicationEvent(ApplicationEnvironmentPreparedEvent event) {
    check(event.getEnvironment());
  }

  static void check(Environment environment) {
    if (!environment.acceptsProfiles(Profiles.of(PRODUCTION_PROFILE))) {
      return;
    }
    String password = environment.getProperty("spring.datasource.password", "");
    if (password.isBlank() || password.equals(DEVELOPMENT_PASSWORD)) {
      throw new DevelopmentCredentialsException();
    }
  }

  /** The service was started for production with the development database password. */
  static class DevelopmentCredentialsException extends IllegalStateException {

    static final String MESSAGE =
        "triage-service refuses to start with the development database credentials (clinic/clinic)"
            + " or an empty password under the prod profile: set DATABASE_USER and"
            + " DATABASE_PASSWORD to this service's own database role";

    DevelopmentCredentialsException() {
      super(MESSAGE);
    }
  }
}
