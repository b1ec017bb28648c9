package clinic.content.system;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.micronaut.context.env.DefaultEnvironment;
import io.micronaut.context.env.Environment;
import io.micronaut.context.env.PropertySource;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The guard against the service's own application.yml, in the environments it would run in. The
 * guard alone: a whole application context would connect to the database before the question is
 * asked.
 */
class DevelopmentCredentialsGuardTest {

  @Test
  void refusesTheDefaultCredentialsInTheProdEnvironment() {
    assumeTrue(System.getenv("DATABASE_PASSWORD") == null, "DATABASE_PASSWORD is set here");
    assertThatThrownBy(() -> check(Map.of(), "prod"))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining(
            "content-service refuses to start with the development database credentials")
        .hasMessageContaining("DATABASE_PASSWORD");
  }

  @Test
  void refusesAnEmptyPasswordInTheProdEnvironment() {
    assertThatThrownBy(() -> check(Map.of("datasources.default.password", " "), "prod"))
        .isInstanceOf(IllegalStateException.class);
  }

  @Test
  void acceptsTheServicesOwnCredentialsInTheProdEnvironment() {
    assertThatCode(
            () ->
                check(
                    Map.of(
                        "datasources.default.username", "content",
                        "datasources.default.password", "a-secret-of-the-clinic"),
                    "prod"))
        .doesNotThrowAnyException();
  }

  @Test
  void acceptsTheDefaultCredentialsOutsideTheProdEnvironment() {
    // ./run and the tests run on clinic/clinic (or the embedded database's own) without it.
    assertThatCode(() -> check(Map.of(), "test")).doesNotThrowAnyException();
  }

  private static void check(Map<String, Object> properties, String environmentName) {
    Environment environment = new DefaultEnvironment(() -> List.of(environmentName));
    environment.addPropertySource(PropertySource.of("given", properties));
    environment.start();
    try {
      DevelopmentCredentialsGuard.check(environment);
    } finally {
      environment.stop();
    }
  }
}
