package clinic.stack;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.testcontainers.containers.ComposeContainer;
import org.testcontainers.containers.wait.strategy.Wait;
import org.testcontainers.junit.jupiter.Testcontainers;

/**
 * {@code docker-compose.yml} brings up a working system: the gateway's readiness endpoint,
 * Keycloak's discovery document of the imported realm and the mail catcher's readiness answer 200.
 * The gateway starts only once intake, triage and content report healthy (alive), so they all
 * started too. Every variable {@code .env.example} lists gets a fresh random value, as a clinic's
 * {@code .env} would. Needs a Docker engine, so it is skipped where there is none (the build
 * machines).
 */
@Testcontainers(disabledWithoutDocker = true)
class DockerComposeIT {

  private static final Map<String, Integer> SERVICE_PORTS =
      Map.of("gateway", 8080, "keycloak", 8080, "mailpit", 8025);
  private static final Map<String, String> READINESS =
      Map.of(
          "gateway", "/actuator/health/readiness",
          "keycloak", "/realms/clinic/.well-known/openid-configuration",
          "mailpit", "/readyz");

  private static ComposeContainer compose;

  @BeforeAll
  static void up() throws IOException {
    File file = LocalStack.repositoryRoot().resolve("docker-compose.yml").toFile();
    compose = new ComposeContainer(file).withBuild(true).withEnv(secrets());
    SERVICE_PORTS.forEach(
        (service, port) ->
            compose.withExposedService(
                service,
                port,
                Wait.forHttp(READINESS.get(service))
                    .forStatusCode(200)
                    .withStartupTimeout(Duration.ofMinutes(4))));
    compose.start();
  }

  /** A random value for every variable of {@code .env.example}. */
  private static Map<String, String> secrets() throws IOException {
    SecureRandom random = new SecureRandom();
    Map<String, String> secrets = new HashMap<>();
    for (String line : Files.readAllLines(LocalStack.repositoryRoot().resolve(".env.example"))) {
      if (!line.isBlank() && !line.startsWith("#")) {
        byte[] bytes = new byte[18];
        random.nextBytes(bytes);
        secrets.put(line.substring(0, line.indexOf('=')), HexFormat.of().formatHex(bytes));
      }
    }
    return secrets;
  }

  @AfterAll
  static void down() {
    if (compose != null) {
      compose.stop();
    }
  }

  @Test
  void everyServiceOfTheComposeFileBecomesReady() throws Exception {
    HttpClient http = HttpClient.newHttpClient();
    for (var service : SERVICE_PORTS.entrySet()) {
      URI readiness =
          URI.create(
              "http://%s:%d%s"
                  .formatted(
                      compose.getServiceHost(service.getKey(), service.getValue()),
                      compose.getServicePort(service.getKey(), service.getValue()),
                      READINESS.get(service.getKey())));
      HttpResponse<String> response =
          http.send(
              HttpRequest.newBuilder(readiness).timeout(Duration.ofSeconds(10)).build(),
              HttpResponse.BodyHandlers.ofString());
      assertThat(response.statusCode()).as(readiness.toString()).isEqualTo(200);
    }
  }
}
