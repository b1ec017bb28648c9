package clinic.triage.system;

import static org.assertj.core.api.Assertions.assertThat;

import clinic.triage.ScenarioTest;
import clinic.triage.TriageServiceTest;
import java.net.http.HttpResponse;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * Every problem the API answers has one shape: a body over its size limit (refused before it is
 * read, or cut off while it is read) is the same {@code application/problem+json} as a 400, with
 * the same members and per-field {@code errors}, plus the limit it broke.
 */
@TriageServiceTest
class ProblemDetailsTest extends ScenarioTest {

  private static final String WHAT_IF = "/api/triage/evaluate";

  @Test
  void bodyOverTheLimitIsAProblemWithTheMembersOfA400() {
    String tooLarge = "{" + " ".repeat(64 * 1024) + "\"ageYears\": 45, \"answers\": {}}";
    Map<String, Object> notJson = problem(api.postJson(WHAT_IF, "{\"ageYears\": "), 400);
    Map<String, Object> invalid =
        problem(api.postJson(WHAT_IF, "{\"ageYears\": -1, \"answers\": {}}"), 400);
    Map<String, Object> declared = problem(api.postJson(WHAT_IF, tooLarge), 413);
    Map<String, Object> chunked =
        problem(api.postChunked(WHAT_IF, "application/json", tooLarge), 413);

    assertThat(invalid.keySet()).isEqualTo(notJson.keySet());
    // No "type": absent means about:blank (RFC 9457), the same for both.
    assertThat(notJson)
        .containsKeys("title", "status", "detail", "instance", "errors")
        .containsEntry("instance", WHAT_IF);
    Set<String> withTheLimit = new HashSet<>(notJson.keySet());
    withTheLimit.addAll(List.of("maxBytes", "limit"));
    for (Map<String, Object> tooLargeProblem : List.of(declared, chunked)) {
      assertThat(tooLargeProblem.keySet()).isEqualTo(withTheLimit);
      assertThat(tooLargeProblem)
          .containsEntry("instance", WHAT_IF)
          .containsEntry("title", "Request too large");
      assertThat(api.list(tooLargeProblem.get("errors")))
          .singleElement()
          .satisfies(
              error ->
                  assertThat(error)
                      .containsOnlyKeys(errorMembers(notJson))
                      .containsEntry("field", "body")
                      .containsEntry("message", tooLargeProblem.get("detail")));
    }
  }

  private Set<String> errorMembers(Map<String, Object> problem) {
    return api.list(problem.get("errors")).getFirst().keySet();
  }

  private Map<String, Object> problem(HttpResponse<String> response, int status) {
    assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
    assertThat(response.headers().firstValue("Content-Type")).hasValue("application/problem+json");
    Map<String, Object> problem = api.map(response);
    assertThat(problem).containsEntry("status", status);
    assertThat(api.list(problem.get("errors"))).isNotEmpty();
    return problem;
  }
}
