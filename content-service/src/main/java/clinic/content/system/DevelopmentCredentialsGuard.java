package clinic.content.system;

import io.micronaut.context.annotation.Context;
import io.micronaut.context.env.Environment;

/**
 * In the production environment ({@code prod}, which docker-compose.yml sets with {@code
 * MICRONAUT_ENVIRONMENTS}), stops the service at start-up if its database password is the published
 * development one ({@code clinic}, the default of {@code DATABASE_PASSWORD} for ./run and the
 * tests) or empty. A {@code @Context} bean, so it is created while the application context starts
 * and its exception fails the start.
 */
@Context
class DevelopmentCredentialsGuard {

  static final String PRODUCTION_ENVIRONMENT = "prod";
  static final String DEVELOPMENT_PASSWORD = "clinic";
  static final String MESSAGE =
      "content-service refuses to start with the development database credentials (clinic/clinic)"
          + " or an empty password in the prod environment: set DATABASE_USER and"
          + " DATABASE_PASSWORD to this service's own database role (docker-compose.yml reads them"
          + " from .env, see .env.example)";

  DevelopmentCredentialsGuard(Environment environment) {
    check(environment);
  }

  static void check(Environment environment) {
    if (!environment.getActiveNames().contains(PRODUCTION_ENVIRONMENT)) {
      return;
    }
    String password =
        environment.getProperty("datasources.default.password", String.class).orElse("");
    if (password.isBlank() || password.equals(DEVELOPMENT_PASSWORD)) {
      throw new IllegalStateException(MESSAGE);
    }
  }
}
