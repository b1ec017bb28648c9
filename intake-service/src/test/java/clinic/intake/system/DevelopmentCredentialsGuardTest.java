package clinic.intake.system;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import clinic.intake.IntakeApplication;
import clinic.intake.system.DevelopmentCredentialsGuard.DevelopmentCredentialsException;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.mock.env.MockEnvironment;

@ExtendWith(OutputCaptureExtension.class)
class DevelopmentCredentialsGuardTest {

  @Test
  void refusesToStartWithTheDevelopmentCredentialsUnderTheProdProfile(CapturedOutput output) {
    assertThatThrownBy(
            () ->
                start(
                    "--spring.profiles.active=prod",
                    "--spring.datasource.username=clinic",
                    "--spring.datasource.password=clinic"))
        .isInstanceOf(DevelopmentCredentialsException.class)
        .hasMessageContaining(
            "intake-service refuses to start with the development database credentials")
        .hasMessageContaining("DATABASE_PASSWORD");
    // Stopped before any bean: no connection pool, no web server.
    assertThat(output)
        .contains("APPLICATION FAILED TO START")
        .contains(".env.example")
        .doesNotContain("HikariPool")
        .doesNotContain("Tomcat started");
  }

  @Test
  void refusesAnEmptyPasswordUnderTheProdProfile() {
    assertThatThrownBy(() -> DevelopmentCredentialsGuard.check(production("intake", "")))
        .isInstanceOf(DevelopmentCredentialsException.class);
    assertThatThrownBy(() -> DevelopmentCredentialsGuard.check(production("intake", "clinic")))
        .as("the published password with the service's own role name")
        .isInstanceOf(DevelopmentCredentialsException.class);
  }

  @Test
  void acceptsTheServicesOwnCredentialsUnderTheProdProfile() {
    assertThatCode(
            () -> DevelopmentCredentialsGuard.check(production("intake", "a-secret-of-the-clinic")))
        .doesNotThrowAnyException();
  }

  @Test
  void acceptsTheDevelopmentCredentialsWithoutTheProdProfile() {
    // ./run and the tests run on clinic/clinic (or the embedded database's own) without it.
    var development =
        new MockEnvironment()
            .withProperty("spring.datasource.username", "clinic")
            .withProperty("spring.datasource.password", "clinic");
    development.setActiveProfiles("local");
    assertThatCode(() -> DevelopmentCredentialsGuard.check(development)).doesNotThrowAnyException();
  }

  private static MockEnvironment production(String user, String password) {
    var environment =
        new MockEnvironment()
            .withProperty("spring.datasource.username", user)
            .withProperty("spring.datasource.password", password);
    environment.setActiveProfiles("prod");
    return environment;
  }

  /**
   * Logs as text even under {@code prod}: logging is the JVM's, and a JSON console would stay on
   * for the test classes that run after this one.
   */
  private static void start(String... args) {
    String[] withTextLog = Arrays.copyOf(args, args.length + 1);
    withTextLog[args.length] = "--logging.structured.format.console=";
    new SpringApplicationBuilder(IntakeApplication.class).run(withTextLog).close();
  }
}
