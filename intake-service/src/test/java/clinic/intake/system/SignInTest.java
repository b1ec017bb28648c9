package clinic.intake.system;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.request;

import ca.uhn.fhir.rest.server.RestfulServer;
import ca.uhn.fhir.rest.server.method.BaseMethodBinding;
import clinic.intake.IntakeServiceTest;
import clinic.intake.Staff;
import clinic.security.testing.TestIssuer;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.boot.web.servlet.ServletRegistrationBean;
import org.springframework.context.ApplicationContext;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.MediaType;
import org.springframework.mock.web.MockHttpServletResponse;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.request.MockHttpServletRequestBuilder;
import org.springframework.web.bind.annotation.RequestMethod;
import org.springframework.web.servlet.mvc.method.RequestMappingInfoHandlerMapping;

/**
 * Every endpoint the running service maps answers exactly the roles of the sign-in contract's role
 * matrix, and nothing answers without a valid token from the clinic's issuer for this API.
 */
@IntakeServiceTest
class SignInTest {

  static final String FRONT_DESK = "FRONT_DESK";
  static final String CLINICIAN = "CLINICIAN";
  static final String ADMIN = "ADMIN";
  static final List<String> STAFF = TestIssuer.ROLES;

  /** Not a staff role: the Prometheus scraper's client has it, and it opens nothing else. */
  static final String METRICS = "METRICS";

  static final List<String> ALL_ROLES =
      java.util.stream.Stream.concat(STAFF.stream(), java.util.stream.Stream.of(METRICS)).toList();

  /** Open to anyone, without a token. */
  static final List<String> ANYONE = List.of();

  /**
   * The intake-service rows of SIGN-IN-CONTRACT.md, one entry per mapped method and pattern ({@code
   * *} for a mapping that takes every method). A new endpoint fails the test until it is added.
   */
  static final Map<String, List<String>> MATRIX =
      Map.ofEntries(
          Map.entry("GET /api/questionnaires/current", STAFF),
          Map.entry("GET /api/questionnaires/{version}", STAFF),
          Map.entry("POST /api/intakes", List.of(FRONT_DESK, ADMIN)),
          Map.entry("GET /api/intakes/{id}", List.of(FRONT_DESK, CLINICIAN, ADMIN)),
          Map.entry("GET /api/intakes/{id}/progress", List.of(FRONT_DESK, CLINICIAN, ADMIN)),
          Map.entry("PUT /api/intakes/{id}/answers", List.of(FRONT_DESK, CLINICIAN, ADMIN)),
          Map.entry("POST /api/intakes/{id}/withdrawal", List.of(FRONT_DESK, CLINICIAN, ADMIN)),
          Map.entry(
              "POST /api/intakes/{id}/notifications/{notificationId}/retry",
              List.of(FRONT_DESK, ADMIN)),
          Map.entry("GET /", List.of(FRONT_DESK, ADMIN)),
          Map.entry("GET /intakes/new", List.of(FRONT_DESK, ADMIN)),
          Map.entry("POST /intakes", List.of(FRONT_DESK, ADMIN)),
          Map.entry("GET /intakes/today", List.of(FRONT_DESK, ADMIN)),
          Map.entry("GET /intakes/{id}", List.of(FRONT_DESK, CLINICIAN, ADMIN)),
          Map.entry("POST /intakes/{id}/withdrawal", List.of(FRONT_DESK, CLINICIAN, ADMIN)),
          Map.entry("GET /intakes/{id}/answers", List.of(FRONT_DESK, CLINICIAN, ADMIN)),
          Map.entry("POST /intakes/{id}/answers", List.of(FRONT_DESK, CLINICIAN, ADMIN)),
          Map.entry("GET /api/intakes/{id}/reads", List.of(ADMIN)),
          Map.entry("GET /api/intakes/reads", List.of(ADMIN)),
          Map.entry("GET /intakes/reads", List.of(ADMIN)),
          // The OpenAPI document and Swagger UI (its files under /docs/intake/swagger-ui/** are
          // static resources, not handler methods: ApiDocumentTest checks them).
          Map.entry("GET /docs/intake/v3/api-docs", STAFF),
          Map.entry("GET /docs/intake/v3/api-docs.yaml", STAFF),
          Map.entry("GET /docs/intake/v3/api-docs/swagger-config", STAFF),
          Map.entry("GET /docs/intake/swagger-ui.html", STAFF),
          Map.entry("* /error", ANYONE),
          Map.entry("GET /actuator/health", ANYONE),
          Map.entry("GET /actuator/health/**", ANYONE),
          Map.entry("GET /actuator/prometheus", List.of(METRICS)),
          Map.entry("GET /actuator", List.of(ADMIN)),
          Map.entry("GET /actuator/info", List.of(ADMIN)));

  /**
   * The FHIR rows (issue 14), one per operation HAPI's server binds: HAPI's servlet is not a Spring
   * MVC handler, so its operations are read from the server itself, and requests go over HTTP.
   */
  static final Map<String, List<String>> FHIR_MATRIX =
      Map.ofEntries(
          Map.entry("GET /fhir/metadata", ANYONE),
          // What the capability statement's operations mean (the server defines none yet).
          Map.entry("GET /fhir/OperationDefinition/{id}", ANYONE),
          // The next page of a search (?_getpages=): the search's own roles.
          Map.entry("GET /fhir", STAFF),
          Map.entry("GET /fhir/Questionnaire", STAFF),
          Map.entry("GET /fhir/Questionnaire/{id}", STAFF),
          Map.entry("POST /fhir/QuestionnaireResponse", List.of(FRONT_DESK, ADMIN)),
          Map.entry("POST /fhir", List.of(FRONT_DESK, ADMIN)),
          Map.entry("GET /fhir/QuestionnaireResponse/{id}", List.of(FRONT_DESK, CLINICIAN, ADMIN)));

  @Autowired MockMvc mvc;
  @Autowired ApplicationContext context;
  @Autowired ServletRegistrationBean<RestfulServer> fhirServlet;
  @LocalServerPort int port;

  @Test
  void everyFhirOperationAnswersExactlyTheRolesOfTheMatrix() throws Exception {
    var operations = fhirOperations();
    assertThat(operations)
        .as("every FHIR operation has a row in the matrix, and every row is bound")
        .containsExactlyInAnyOrderElementsOf(FHIR_MATRIX.keySet());

    var failures = new ArrayList<String>();
    for (var operation : operations) {
      var allowed = FHIR_MATRIX.get(operation);
      var method = operation.substring(0, operation.indexOf(' '));
      var path = sample(operation.substring(operation.indexOf(' ') + 1));
      var name = method + " " + path;
      var anonymous = http(method, path, null);
      if (allowed.isEmpty()) {
        if (anonymous.statusCode() == 401 || anonymous.statusCode() == 403) {
          failures.add(name + " without a token: " + anonymous.statusCode());
        }
        continue;
      }
      if (anonymous.statusCode() != 401
          || !anonymous
              .headers()
              .firstValue(HttpHeaders.WWW_AUTHENTICATE)
              .orElse("")
              .startsWith("Bearer")
          || !anonymous
              .headers()
              .firstValue(HttpHeaders.CONTENT_TYPE)
              .orElse("")
              .equals(MediaType.APPLICATION_PROBLEM_JSON_VALUE)) {
        failures.add(name + " without a token: " + anonymous.statusCode() + " " + anonymous.body());
      }
      var others = STAFF.stream().filter(role -> !allowed.contains(role)).toList();
      var refused = http(method, path, token(others.toArray(String[]::new)));
      if (refused.statusCode() != 403) {
        failures.add(
            name + " with roles " + others + ": " + refused.statusCode() + " " + refused.body());
      }
      for (var role : allowed) {
        var answer = http(method, path, token(role));
        if (answer.statusCode() == 401 || answer.statusCode() == 403) {
          failures.add(name + " as " + role + ": " + answer.statusCode() + " " + answer.body());
        }
      }
    }
    assertThat(failures).isEmpty();
  }

  @Test
  void everyMappedEndpointAnswersExactlyTheRolesOfTheMatrix() throws Exception {
    var endpoints = mappedEndpoints();
    assertThat(endpoints)
        .as("every mapped endpoint has a row in the matrix, and every row is mapped")
        .containsExactlyInAnyOrderElementsOf(MATRIX.keySet());

    var failures = new ArrayList<String>();
    for (var endpoint : endpoints) {
      var allowed = MATRIX.get(endpoint);
      var method = endpoint.substring(0, endpoint.indexOf(' '));
      var path = sample(endpoint.substring(endpoint.indexOf(' ') + 1));
      for (var httpMethod : method.equals("*") ? List.of("GET", "POST") : List.of(method)) {
        var name = httpMethod + " " + path;
        var anonymous = send(httpMethod, path, null);
        if (allowed.isEmpty()) {
          expectNeither401Nor403(failures, name + " without a token", anonymous);
          expectNeither401Nor403(failures, name + " with a token", send(httpMethod, path, token()));
          continue;
        }
        if (anonymous.getStatus() != 401
            || !String.valueOf(anonymous.getHeader(HttpHeaders.WWW_AUTHENTICATE))
                .startsWith("Bearer")
            || !MediaType.APPLICATION_PROBLEM_JSON_VALUE.equals(anonymous.getContentType())) {
          failures.add(name + " without a token: " + describe(anonymous));
        }
        var others = ALL_ROLES.stream().filter(role -> !allowed.contains(role)).toList();
        var refused = send(httpMethod, path, token(others.toArray(String[]::new)));
        if (refused.getStatus() != 403
            || !MediaType.APPLICATION_PROBLEM_JSON_VALUE.equals(refused.getContentType())) {
          failures.add(name + " with roles " + others + ": " + describe(refused));
        }
        for (var role : allowed) {
          expectNeither401Nor403(
              failures, name + " as " + role, send(httpMethod, path, token(role)));
        }
      }
    }
    assertThat(failures).isEmpty();
    System.out.printf("Role matrix: %d endpoints checked%n", endpoints.size());
  }

  @Test
  void tokenForAnotherAudienceIsRefused() throws Exception {
    var response =
        send(
            "GET",
            "/api/questionnaires/current",
            TestIssuer.shared().tokenForAudience("other", FRONT_DESK));

    assertThat(response.getStatus()).isEqualTo(401);
    assertThat(response.getHeader(HttpHeaders.WWW_AUTHENTICATE)).startsWith("Bearer");
    assertThat(response.getContentType()).isEqualTo(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
  }

  @Test
  void expiredTokenIsRefused() throws Exception {
    var expired =
        TestIssuer.shared()
            .sign(
                "u-expired",
                List.of(TestIssuer.AUDIENCE),
                Map.of(
                    "name",
                    "Ex Pired",
                    TestIssuer.ROLES_CLAIM,
                    List.of(FRONT_DESK),
                    // Beyond the minute of clock skew a resource server allows.
                    "exp",
                    Instant.now().minusSeconds(600).getEpochSecond()));

    var response = send("GET", "/api/questionnaires/current", expired);

    assertThat(response.getStatus()).isEqualTo(401);
    assertThat(response.getHeader(HttpHeaders.WWW_AUTHENTICATE))
        .startsWith("Bearer")
        .contains("invalid_token");
  }

  @Test
  void tamperedTokenIsRefused() throws Exception {
    var token = TestIssuer.shared().tokenFor(CLINICIAN);
    var parts = token.split("\\.");
    // Claim the ADMIN role without the issuer's signature over it.
    var claims =
        new String(java.util.Base64.getUrlDecoder().decode(parts[1]))
            .replace("\"CLINICIAN\"", "\"ADMIN\"");
    var forged =
        parts[0]
            + "."
            + java.util.Base64.getUrlEncoder().withoutPadding().encodeToString(claims.getBytes())
            + "."
            + parts[2];

    assertThat(send("GET", "/actuator/info", token).getStatus()).isEqualTo(403);
    var response = send("GET", "/actuator/info", forged);

    assertThat(response.getStatus()).isEqualTo(401);
    assertThat(response.getHeader(HttpHeaders.WWW_AUTHENTICATE)).startsWith("Bearer");
  }

  @Test
  void browserWithoutTheRoleGetsAPageSayingWhomItIsFor() throws Exception {
    var response =
        mvc.perform(
                get("/intakes/today")
                    .accept(MediaType.TEXT_HTML, MediaType.ALL)
                    .with(Staff.withRole(CLINICIAN)))
            .andReturn()
            .getResponse();

    assertThat(response.getStatus()).isEqualTo(403);
    assertThat(response.getContentType()).startsWith("text/html");
    var page = response.getContentAsString().replaceAll("\\s+", " ");
    assertThat(page)
        .contains(
            "You are signed in as Test Clinician. This page is for the front desk or"
                + " administrators.",
            "href=\"/\"",
            "/css/intake.css")
        .doesNotContain("Whitelabel", "Exception");
  }

  @Test
  void apiClientWithoutTheRoleGetsAProblem() throws Exception {
    var response = send("POST", "/api/intakes", token(CLINICIAN));

    assertThat(response.getStatus()).isEqualTo(403);
    assertThat(response.getContentType()).isEqualTo(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
    assertThat(response.getContentAsString()).contains("FRONT_DESK", "ADMIN");
  }

  @Test
  void pagesMayNotBeFramedNorRunScriptsFromElsewhere() throws Exception {
    var response = mvc.perform(get("/").with(Staff.frontDesk())).andReturn().getResponse();

    assertThat(response.getStatus()).isEqualTo(200);
    assertThat(response.getHeader("Content-Security-Policy"))
        .contains("frame-ancestors 'none'", "script-src 'self'");
    assertThat(response.getContentAsString())
        .as("no inline script: the policy would block it")
        .doesNotContainPattern("<script(?![^>]*\\bsrc=)");
  }

  @Test
  void formsAndSignOutCarryTheGatewaysCsrfTokenOnlyWhenTheGatewaySentOne() throws Exception {
    var behindGateway =
        mvc.perform(get("/").header("X-CSRF-TOKEN", "gateway-token-1").with(Staff.frontDesk()))
            .andReturn()
            .getResponse()
            .getContentAsString();
    var direct =
        mvc.perform(get("/").with(Staff.frontDesk()))
            .andReturn()
            .getResponse()
            .getContentAsString();

    assertThat(behindGateway)
        .containsPattern("<input type=\"hidden\" name=\"_csrf\" value=\"gateway-token-1\"")
        .contains("Signed in as Test Front Desk")
        .containsPattern("<form class=\"sign-out\" method=\"post\" action=\"/logout\"");
    assertThat(direct).doesNotContain("_csrf").doesNotContain("Sign out");
  }

  // --- helpers

  /** Every operation HAPI's server binds, as "METHOD /fhir/path". */
  private Set<String> fhirOperations() {
    var server = fhirServlet.getServlet();
    var bindings = new ArrayList<BaseMethodBinding>(server.getServerBindings());
    server.getResourceBindings().forEach(resource -> bindings.addAll(resource.getMethodBindings()));
    var operations = new LinkedHashSet<String>();
    if (server.getServerConformanceProvider() != null) {
      operations.add("GET /fhir/metadata");
    }
    for (var binding : bindings) {
      var type = binding.getResourceName();
      operations.add(
          switch (binding.getRestOperationType()) {
            case METADATA -> "GET /fhir/metadata";
            case TRANSACTION -> "POST /fhir";
            case READ -> "GET /fhir/" + type + "/{id}";
            case SEARCH_TYPE -> "GET /fhir/" + type;
            case CREATE -> "POST /fhir/" + type;
            case GET_PAGE -> "GET /fhir";
            default -> binding.getRestOperationType() + " /fhir/" + type;
          });
    }
    return operations;
  }

  private java.net.http.HttpResponse<String> http(String method, String path, String token)
      throws Exception {
    var request =
        java.net.http.HttpRequest.newBuilder(java.net.URI.create("http://127.0.0.1:" + port + path))
            .header("Accept", "application/fhir+json")
            .header("Content-Type", "application/fhir+json")
            .method(
                method,
                method.equals("GET")
                    ? java.net.http.HttpRequest.BodyPublishers.noBody()
                    : java.net.http.HttpRequest.BodyPublishers.ofString("{}"));
    if (token != null) {
      request.header(HttpHeaders.AUTHORIZATION, TestIssuer.bearer(token));
    }
    try (var client = java.net.http.HttpClient.newHttpClient()) {
      return client.send(request.build(), java.net.http.HttpResponse.BodyHandlers.ofString());
    }
  }

  /** Every method and pattern of every request-mapping handler mapping (controllers, actuator). */
  private Set<String> mappedEndpoints() {
    var endpoints = new LinkedHashSet<String>();
    for (var mapping : context.getBeansOfType(RequestMappingInfoHandlerMapping.class).values()) {
      for (var info : mapping.getHandlerMethods().keySet()) {
        var methods = info.getMethodsCondition().getMethods();
        for (var pattern : info.getPatternValues()) {
          if (methods.isEmpty()) {
            endpoints.add("* " + pattern);
          }
          for (RequestMethod method : methods) {
            endpoints.add(method.name() + " " + pattern);
          }
        }
      }
    }
    return endpoints;
  }

  private static final Pattern VARIABLE = Pattern.compile("\\{\\*?([^}]+)}|\\*\\*");

  /** The pattern with its path variables filled with sample values. */
  static String sample(String pattern) {
    return VARIABLE
        .matcher(pattern)
        .replaceAll(
            found ->
                Matcher.quoteReplacement(
                    switch (found.group(1) == null ? "**" : found.group(1)) {
                      case "id", "notificationId" -> UUID.randomUUID().toString();
                      case "version" -> "2026-11.1";
                      case "**" -> "liveness";
                      default -> "sample";
                    }));
  }

  private MockHttpServletResponse send(String method, String path, String token) throws Exception {
    MockHttpServletRequestBuilder request = request(HttpMethod.valueOf(method), path);
    if (token != null) {
      request = request.with(Staff.withToken(token));
    }
    return mvc.perform(request).andReturn().getResponse();
  }

  /** A staff member with exactly these roles (none at all when none are given). */
  private static String token(String... roles) {
    return TestIssuer.shared().token("u-enum", "Enum Eration", roles);
  }

  private static void expectNeither401Nor403(
      List<String> failures, String what, MockHttpServletResponse response) throws Exception {
    if (response.getStatus() == 401 || response.getStatus() == 403) {
      failures.add(what + ": " + describe(response));
    }
  }

  private static String describe(MockHttpServletResponse response) throws Exception {
    return response.getStatus()
        + " "
        + response.getContentType()
        + " "
        + response.getHeader(HttpHeaders.WWW_AUTHENTICATE)
        + " "
        + response.getContentAsString();
  }
}
