package clinic.content.system;

import static org.assertj.core.api.Assertions.assertThat;

import clinic.content.testing.TestInfrastructure;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.client.HttpClient;
import io.micronaut.http.client.annotation.Client;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import io.micronaut.test.support.TestPropertyProvider;
import jakarta.inject.Inject;
import java.util.Map;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

@MicronautTest(transactional = false)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class HealthTest implements TestPropertyProvider {

  @Inject
  @Client("/")
  HttpClient http;

  @Override
  public Map<String, String> getProperties() {
    return TestInfrastructure.properties();
  }

  @ParameterizedTest
  @ValueSource(strings = {"/health", "/health/readiness", "/health/liveness"})
  void serviceReportsUpWithItsDatabaseAndBroker(String path) {
    String body = http.toBlocking().retrieve(HttpRequest.GET(path));

    assertThat(body).contains("\"status\":\"UP\"");
  }
}
