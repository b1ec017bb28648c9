package clinic.content.system;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.micronaut.context.env.DefaultEnvironment;
import io.micronaut.context.env.Environment;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The defaults the team brief gives for every variable. A default holding a colon (a URL, host and
 * port) must be quoted in Micronaut, or it is read as a chain of fallbacks.
 */
class ConfigurationDefaultsTest {

  private final Environment environment = new DefaultEnvironment(List::of).start();

  @AfterEach
  void stop() {
    environment.stop();
  }

  @Test
  void unsetVariablesFallBackToTheDocumentedDefaults() {
    for (String variable :
        List.of(
            "SERVER_PORT",
            "DATABASE_URL",
            "DATABASE_USER",
            "DATABASE_PASSWORD",
            "KAFKA_BOOTSTRAP_SERVERS",
            "CONTENT_PUBLIC_URL",
            "CLINIC_ISSUER_URI",
            "CLINIC_AUDIENCE",
            "CLINIC_ROLES_CLAIM")) {
      assumeTrue(System.getenv(variable) == null, variable + " is set on this machine");
    }

    assertThat(property("micronaut.server.port")).isEqualTo("8083");
    assertThat(property("datasources.default.url"))
        .isEqualTo("jdbc:postgresql://localhost:5432/content");
    assertThat(property("datasources.default.username")).isEqualTo("clinic");
    assertThat(property("datasources.default.password")).isEqualTo("clinic");
    assertThat(property("kafka.bootstrap.servers")).isEqualTo("localhost:9092");
    assertThat(property("content.public-url")).isEqualTo("http://localhost:8083");
    assertThat(property("micronaut.security.token.jwt.claims-validators.issuer"))
        .isEqualTo("http://localhost:9000");
    assertThat(property("micronaut.security.token.jwt.claims-validators.audience"))
        .isEqualTo("clinic-api");
    assertThat(property("micronaut.security.token.roles-name")).isEqualTo("roles");
  }

  private String property(String name) {
    return environment.getProperty(name, String.class).orElseThrow();
  }
}
