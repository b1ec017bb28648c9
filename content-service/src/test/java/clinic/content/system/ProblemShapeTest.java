package clinic.content.system;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import clinic.content.testing.TestInfrastructure;
import clinic.security.testing.TestIssuer;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.MediaType;
import io.micronaut.http.client.HttpClient;
import io.micronaut.http.client.annotation.Client;
import io.micronaut.http.client.exceptions.HttpClientResponseException;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import io.micronaut.test.support.TestPropertyProvider;
import jakarta.inject.Inject;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * A body over {@code micronaut.server.max-request-size} is refused with the same problem as a 400:
 * {@code application/problem+json}, the same members, and an {@code errors} entry naming {@code
 * body}, as the Spring services answer.
 */
@MicronautTest(transactional = false)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ProblemShapeTest implements TestPropertyProvider {

  private static final JsonMapper JSON = JsonMapper.builder().build();

  @Inject
  @Client("/")
  HttpClient http;

  @Override
  public Map<String, String> getProperties() {
    Map<String, String> properties = new HashMap<>(TestInfrastructure.properties());
    properties.put("micronaut.server.max-request-size", "64KB");
    return properties;
  }

  @Test
  void bodyOverTheLimitIsAProblemWithTheMembersOfA400() {
    String drafts = "/api/items/test-" + UUID.randomUUID() + "/drafts";
    JsonNode invalid = problem(drafts, "{\"title\": \" \"}", 400);
    JsonNode tooLarge = problem(drafts, "{\"title\": \"" + "A".repeat(70 * 1024) + "\"}", 413);

    assertThat(members(tooLarge)).isEqualTo(members(invalid));
    assertThat(members(invalid))
        .contains("type", "title", "status", "detail", "instance", "errors");
    assertThat(tooLarge.get("instance").asString()).isEqualTo(drafts);
    assertThat(tooLarge.get("errors")).hasSize(1);
    JsonNode error = tooLarge.get("errors").get(0);
    assertThat(members(error)).isEqualTo(members(invalid.get("errors").get(0)));
    assertThat(error.get("field").asString()).isEqualTo("body");
    assertThat(tooLarge.toString()).doesNotContain("AAAA");
  }

  private JsonNode problem(String path, String body, int status) {
    HttpResponse<?> response =
        catchThrowableOfType(
                HttpClientResponseException.class,
                () ->
                    http.toBlocking()
                        .exchange(
                            HttpRequest.POST(path, body)
                                .contentType(MediaType.APPLICATION_JSON_TYPE)
                                .bearerAuth(TestIssuer.shared().tokenFor("CONTENT_EDITOR")),
                            String.class))
            .getResponse();
    assertThat(response.code()).isEqualTo(status);
    assertThat(response.getContentType().map(Object::toString))
        .hasValueSatisfying(type -> assertThat(type).startsWith("application/problem+json"));
    JsonNode problem = JSON.readTree(response.getBody(String.class).orElseThrow());
    assertThat(problem.get("status").asInt()).isEqualTo(status);
    return problem;
  }

  private static Set<String> members(JsonNode node) {
    return new HashSet<>(node.propertyNames());
  }
}
