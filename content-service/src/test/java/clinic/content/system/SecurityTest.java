package clinic.content.system;

import static org.assertj.core.api.Assertions.assertThat;

import clinic.content.testing.TestInfrastructure;
import clinic.security.testing.TestIssuer;
import io.micronaut.http.HttpMethod;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.MediaType;
import io.micronaut.http.MutableHttpRequest;
import io.micronaut.http.client.HttpClient;
import io.micronaut.http.client.annotation.Client;
import io.micronaut.http.client.exceptions.HttpClientResponseException;
import io.micronaut.http.uri.UriMatchTemplate;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import io.micronaut.test.support.TestPropertyProvider;
import io.micronaut.web.router.Router;
import io.micronaut.web.router.UriRouteInfo;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Who may call what: every endpoint the running application maps, against the content-service rows
 * of the role matrix in the sign-in contract, with real tokens from the test issuer.
 */
@MicronautTest(transactional = false)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SecurityTest implements TestPropertyProvider {

  private static final JsonMapper JSON = JsonMapper.builder().build();
  private static final TestIssuer ISSUER = TestIssuer.shared();

  /** Anyone, without a token. */
  private static final Set<String> ANYONE = Set.of();

  private static final Set<String> STAFF = Set.copyOf(TestIssuer.ROLES);

  /** Every role a token may carry: the staff's and the Prometheus scraper's. */
  private static final List<String> ALL_ROLES =
      java.util.stream.Stream.concat(
              TestIssuer.ROLES.stream(), java.util.stream.Stream.of("METRICS"))
          .toList();

  /**
   * The content-service rows of the role matrix, by method and route template. An endpoint the
   * application maps but this table does not name fails the test.
   */
  private static final Map<String, Set<String>> MATRIX =
      Map.ofEntries(
          Map.entry("GET /api/items{?kind,cause,route,locale,status}", STAFF),
          Map.entry("GET /api/items/search{?q,locale,limit}", STAFF),
          Map.entry("GET /api/items/{slug}{?locale}", STAFF),
          Map.entry("GET /api/items/{slug}/versions{?locale}", STAFF),
          Map.entry("GET /api/items/{slug}/versions/{version}{?locale}", STAFF),
          Map.entry("POST /api/items/{slug}/drafts", Set.of("CONTENT_EDITOR")),
          Map.entry(
              "POST /api/items/{slug}/versions/{version}/publish{?locale}",
              Set.of("CONTENT_EDITOR")),
          Map.entry("GET /api/packets/{id}", Set.of("FRONT_DESK", "CLINICIAN", "ADMIN")),
          Map.entry("GET /education/{token}", ANYONE),
          Map.entry("GET /prometheus", Set.of("METRICS")),
          Map.entry("GET /health", ANYONE),
          Map.entry("GET /health/{selector}", ANYONE));

  /** Values for the path variables, shaped as the endpoints expect them. */
  private static final Map<String, Object> SAMPLES =
      Map.of(
          "slug",
          "meniscus-tear",
          "version",
          1,
          "id",
          UUID.randomUUID(),
          "token",
          "A".repeat(43),
          "selector",
          "liveness");

  @Inject
  @Client("/")
  HttpClient http;

  @Inject Router router;

  @Override
  public Map<String, String> getProperties() {
    return TestInfrastructure.properties();
  }

  @Test
  void everyMappedEndpointAnswersOnlyTheRolesOfTheMatrix() {
    // The router may hold a route more than once; each method and template is checked once.
    Map<String, UriRouteInfo<?, ?>> byKey = new LinkedHashMap<>();
    router
        .uriRoutes()
        .forEach(
            route ->
                byKey.putIfAbsent(
                    route.getHttpMethodName() + " " + route.getUriMatchTemplate(), route));
    List<UriRouteInfo<?, ?>> routes = List.copyOf(byKey.values());
    Set<String> unmapped = new TreeSet<>();
    List<String> wrong = new ArrayList<>();
    int checked = 0;
    for (UriRouteInfo<?, ?> route : routes) {
      String key = route.getHttpMethodName() + " " + route.getUriMatchTemplate();
      Set<String> allowed = rule(route);
      if (allowed == null) {
        unmapped.add(key);
        continue;
      }
      checked++;
      String uri = expand(route.getUriMatchTemplate());
      HttpMethod method = route.getHttpMethod();

      int anonymous = status(request(method, uri, null));
      if (allowed == ANYONE) {
        expectNeither401Nor403(wrong, key + " without a token", anonymous);
        continue;
      }
      if (anonymous != 401) {
        wrong.add(key + " without a token answered " + anonymous + ", not 401");
      }
      String[] others =
          ALL_ROLES.stream().filter(role -> !allowed.contains(role)).toArray(String[]::new);
      int refused = status(request(method, uri, ISSUER.token("u-other", "Other Staff", others)));
      if (refused != 403) {
        wrong.add(key + " with roles " + List.of(others) + " answered " + refused + ", not 403");
      }
      for (String role : allowed) {
        expectNeither401Nor403(
            wrong, key + " as " + role, status(request(method, uri, ISSUER.tokenFor(role))));
      }
    }

    assertThat(unmapped).as("endpoints missing from the role matrix").isEmpty();
    assertThat(wrong).as("endpoints that answer the wrong roles").isEmpty();
    assertThat(checked)
        .as("endpoints checked")
        .isEqualTo(routes.size())
        .isGreaterThan(MATRIX.size());
    System.out.println("Endpoints checked against the role matrix: " + checked);
  }

  /**
   * The matrix row of a route. Micronaut answers HEAD for every GET route (a GET without the body),
   * under the GET route's rule, so a HEAD route has its GET row.
   */
  private static Set<String> rule(UriRouteInfo<?, ?> route) {
    String method = route.getHttpMethod() == HttpMethod.HEAD ? "GET" : route.getHttpMethodName();
    return MATRIX.get(method + " " + route.getUriMatchTemplate());
  }

  @Test
  void missingTokenIsA401ProblemWithABearerChallenge() {
    HttpResponse<?> response = exchange(HttpRequest.GET("/api/items/meniscus-tear"));

    assertThat(response.code()).isEqualTo(401);
    assertThat(response.header("WWW-Authenticate")).isEqualTo("Bearer");
    JsonNode problem = problem(response);
    assertThat(problem.get("status").asInt()).isEqualTo(401);
    assertThat(problem.get("title").asString()).isEqualTo("Unauthorized");
    assertThat(problem.get("instance").asString()).isEqualTo("/api/items/meniscus-tear");
  }

  @Test
  void tokenForAnotherAudienceIsRefusedWith401() {
    HttpResponse<?> response =
        exchange(
            HttpRequest.GET("/api/items/meniscus-tear")
                .bearerAuth(ISSUER.tokenForAudience("other-api", "CONTENT_EDITOR")));

    assertThat(response.code()).isEqualTo(401);
    assertThat(response.header("WWW-Authenticate")).startsWith("Bearer");
    assertThat(problem(response).get("status").asInt()).isEqualTo(401);
  }

  @Test
  void tamperedTokenIsRefusedWith401() {
    String[] parts = ISSUER.tokenFor("FRONT_DESK").split("\\.");
    String claims =
        new String(Base64.getUrlDecoder().decode(parts[1]), StandardCharsets.UTF_8)
            .replace("FRONT_DESK", "CONTENT_EDITOR");
    String tampered =
        parts[0]
            + "."
            + Base64.getUrlEncoder()
                .withoutPadding()
                .encodeToString(claims.getBytes(StandardCharsets.UTF_8))
            + "."
            + parts[2];

    HttpResponse<?> response =
        exchange(
            HttpRequest.POST("/api/items/test-tampered/drafts", Map.of()).bearerAuth(tampered));

    assertThat(response.code()).isEqualTo(401);
    assertThat(response.header("WWW-Authenticate")).startsWith("Bearer");
    assertThat(problem(response).get("status").asInt()).isEqualTo(401);
  }

  @Test
  void signedInWithoutTheRoleIsA403Problem() {
    HttpResponse<?> response =
        exchange(
            HttpRequest.POST("/api/items/test-refused/drafts", Map.of())
                .bearerAuth(ISSUER.tokenFor("CLINICIAN")));

    assertThat(response.code()).isEqualTo(403);
    JsonNode problem = problem(response);
    assertThat(problem.get("status").asInt()).isEqualTo(403);
    assertThat(problem.get("title").asString()).isEqualTo("Forbidden");
    assertThat(problem.get("detail").asString()).contains("CONTENT_EDITOR");
  }

  @Test
  void browserWithoutTheRoleGetsAPageSayingWhoIsSignedInAndWhoThePageIsFor() {
    HttpResponse<?> response =
        exchange(
            HttpRequest.GET("/api/packets/" + UUID.randomUUID())
                .accept("text/html,application/xhtml+xml,*/*;q=0.8")
                .bearerAuth(ISSUER.token("u-9", "Edith <Editor>", "CONTENT_EDITOR")));

    assertThat(response.code()).isEqualTo(403);
    assertThat(response.getContentType().map(MediaType::getName)).contains(MediaType.TEXT_HTML);
    assertThat(response.getBody(String.class).orElseThrow())
        .contains("You are signed in as Edith &lt;Editor&gt;.")
        .contains("This page is for FRONT DESK, CLINICIAN, ADMIN.")
        .contains("<a href=\"/\">")
        .doesNotContain("<Editor>");
  }

  private static void expectNeither401Nor403(List<String> wrong, String what, int status) {
    if (status == 401 || status == 403) {
      wrong.add(what + " answered " + status);
    }
  }

  private static String expand(UriMatchTemplate template) {
    Map<String, Object> values = new LinkedHashMap<>();
    for (String name : template.getVariableNames()) {
      if (SAMPLES.containsKey(name)) {
        values.put(name, SAMPLES.get(name));
      }
    }
    return template.expand(values);
  }

  /** A request as a client sends it; a POST carries an empty JSON object, so it stores nothing. */
  private static MutableHttpRequest<?> request(HttpMethod method, String uri, String token) {
    MutableHttpRequest<?> request =
        method == HttpMethod.POST
            ? HttpRequest.POST(uri, Map.of()).contentType(MediaType.APPLICATION_JSON_TYPE)
            : HttpRequest.create(method, uri);
    return token == null ? request : request.bearerAuth(token);
  }

  private int status(HttpRequest<?> request) {
    return exchange(request).code();
  }

  private HttpResponse<?> exchange(HttpRequest<?> request) {
    try {
      return http.toBlocking().exchange(request, String.class);
    } catch (HttpClientResponseException e) {
      return e.getResponse();
    }
  }

  private static JsonNode problem(HttpResponse<?> response) {
    assertThat(response.getContentType().map(Object::toString))
        .hasValueSatisfying(type -> assertThat(type).startsWith("application/problem+json"));
    return JSON.readTree(response.getBody(String.class).orElseThrow());
  }
}
