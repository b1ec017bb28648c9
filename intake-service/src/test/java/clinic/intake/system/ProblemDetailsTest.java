package clinic.intake.system;

import static org.assertj.core.api.Assertions.assertThat;

import clinic.intake.IntakeServiceTest;
import clinic.intake.Questionnaires;
import clinic.intake.Staff;
import clinic.security.testing.TestIssuer;
import java.io.ByteArrayInputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.http.MediaType;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.request.MockHttpServletRequestBuilder;
import org.springframework.test.web.servlet.request.MockMvcRequestBuilders;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Every problem the API answers has one shape: a body over {@code intake.max-request-size} (refused
 * before it is read, or cut off while it is read) is the same {@code application/problem+json} as a
 * 400, with the same members and per-field {@code errors}, plus the limit it broke.
 */
@IntakeServiceTest
class ProblemDetailsTest {

  private static final String INTAKES = "/api/intakes";

  @Autowired MockMvc mvc;
  @Autowired JsonMapper json;
  @LocalServerPort int port;

  @Test
  void bodyOverTheLimitIsAProblemWithTheMembersOfA400() throws Exception {
    var questionnaire = Questionnaires.valid();
    var tooLarge = questionnaire.deepCopy().put("patientName", "A".repeat(70_000));
    var invalid = questionnaire.deepCopy().put("patientName", "   ");

    JsonNode notJson = problem(post(INTAKES, "{\"patientName\": "), 400);
    JsonNode invalidAnswers = problem(post(INTAKES, json.writeValueAsString(invalid)), 400);
    JsonNode declared = problem(post(INTAKES, json.writeValueAsString(tooLarge)), 413);
    JsonNode chunked = chunked(json.writeValueAsString(tooLarge));

    assertThat(members(invalidAnswers)).isEqualTo(members(notJson));
    // No "type": absent means about:blank (RFC 9457), the same for both.
    assertThat(members(notJson)).contains("title", "status", "detail", "instance", "errors");
    assertThat(notJson.get("instance").asString()).isEqualTo(INTAKES);
    Set<String> withTheLimit = new HashSet<>(members(notJson));
    withTheLimit.addAll(List.of("maxBytes", "limit"));
    for (JsonNode problem : List.of(declared, chunked)) {
      assertThat(members(problem)).isEqualTo(withTheLimit);
      assertThat(problem.get("instance").asString()).isEqualTo(INTAKES);
      assertThat(problem.get("title").asString()).isEqualTo("Request too large");
      assertThat(problem.get("limit").asString()).isEqualTo("intake.max-request-size");
      assertThat(problem.get("maxBytes").asLong()).isEqualTo(64 * 1024);
      assertThat(problem.get("errors")).hasSize(1);
      var error = problem.get("errors").get(0);
      assertThat(members(error)).isEqualTo(members(notJson.get("errors").get(0)));
      assertThat(error.get("field").asString()).isEqualTo("body");
      assertThat(error.get("message").asString()).isEqualTo(problem.get("detail").asString());
    }
    assertThat(declared.toString())
        .as("a problem never echoes identity")
        .doesNotContain(Questionnaires.EMAIL, Questionnaires.PHONE, "AAAA");
  }

  private JsonNode problem(MockHttpServletRequestBuilder request, int status) throws Exception {
    var response = mvc.perform(request.with(Staff.frontDesk())).andReturn().getResponse();
    assertThat(response.getStatus()).as(response.getContentAsString()).isEqualTo(status);
    assertThat(response.getContentType()).isEqualTo(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
    return checked(json.readTree(response.getContentAsString()), status);
  }

  /** Sent without a declared length ({@code Transfer-Encoding: chunked}), over the real port. */
  private JsonNode chunked(String body) throws Exception {
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    var request =
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + INTAKES))
            .header("Content-Type", MediaType.APPLICATION_JSON_VALUE)
            .header("Authorization", TestIssuer.bearer(TestIssuer.shared().tokenFor("FRONT_DESK")))
            .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(bytes)))
            .build();
    HttpResponse<String> response;
    try (var http = HttpClient.newHttpClient()) {
      response = http.send(request, HttpResponse.BodyHandlers.ofString());
    }
    assertThat(response.statusCode()).as(response.body()).isEqualTo(413);
    assertThat(response.headers().firstValue("Content-Type"))
        .hasValue(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
    return checked(json.readTree(response.body()), 413);
  }

  private static JsonNode checked(JsonNode problem, int status) {
    assertThat(problem.get("status").asInt()).isEqualTo(status);
    assertThat(problem.get("errors").isEmpty()).isFalse();
    return problem;
  }

  private static Set<String> members(JsonNode node) {
    return new HashSet<>(node.propertyNames());
  }

  private static MockHttpServletRequestBuilder post(String path, String body) {
    return MockMvcRequestBuilders.post(path).contentType(MediaType.APPLICATION_JSON).content(body);
  }
}
