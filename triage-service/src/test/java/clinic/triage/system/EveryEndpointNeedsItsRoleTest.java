package clinic.triage.system;

import static org.assertj.core.api.Assertions.assertThat;

import clinic.security.testing.TestIssuer;
import clinic.triage.TriageServiceTest;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.UUID;
import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.ApplicationContext;
import org.springframework.http.MediaType;
import org.springframework.web.servlet.mvc.method.RequestMappingInfo;
import org.springframework.web.servlet.mvc.method.RequestMappingInfoHandlerMapping;

/**
 * Every endpoint the running service maps (its controllers' and actuator's handler mappings, read
 * from the context, not listed by hand) answers exactly the roles of the sign-in contract's matrix:
 * without a token 401, with a token of only the other roles 403, with each allowed role neither. A
 * new endpoint that is not in {@link #MATRIX} fails this test until someone decides who may call
 * it.
 */
@TriageServiceTest
class EveryEndpointNeedsItsRoleTest {

  static final Set<String> STAFF = Set.copyOf(TestIssuer.ROLES);

  /** Not a staff role: the Prometheus scraper's client has it, and it opens nothing else. */
  static final Set<String> METRICS = Set.of("METRICS");

  /** Every role a token may carry: a token of the others is refused on each endpoint. */
  static final Set<String> ROLES =
      java.util.stream.Stream.concat(STAFF.stream(), METRICS.stream())
          .collect(java.util.stream.Collectors.toUnmodifiableSet());

  static final Set<String> ANYONE = Set.of("anyone");
  static final Set<String> CLINICIAN = Set.of("CLINICIAN");
  static final Set<String> RECEIVING_TEAM = Set.of("RECEIVING_TEAM");
  static final Set<String> ADMIN = Set.of("ADMIN");
  static final Set<String> CLINICIAN_ADMIN = Set.of("CLINICIAN", "ADMIN");
  static final Set<String> QUEUE_READERS = Set.of("CLINICIAN", "RECEIVING_TEAM", "ADMIN");

  /** The triage-service rows of the contract's role matrix: "METHOD pattern" to its roles. */
  static final Map<String, Set<String>> MATRIX =
      Map.ofEntries(
          Map.entry("GET /api/referrals", Set.of("CLINICIAN", "RECEIVING_TEAM", "ADMIN")),
          Map.entry(
              "GET /api/referrals/{referralId}", Set.of("CLINICIAN", "RECEIVING_TEAM", "ADMIN")),
          Map.entry("POST /api/referrals/{referralId}/confirm", CLINICIAN),
          Map.entry("POST /api/referrals/{referralId}/override", CLINICIAN),
          Map.entry("POST /api/referrals/{referralId}/cancel", CLINICIAN),
          Map.entry("POST /api/referrals/{referralId}/acknowledge-review", CLINICIAN),
          Map.entry("POST /api/referrals/{referralId}/accept", RECEIVING_TEAM),
          Map.entry("POST /api/referrals/{referralId}/decline", RECEIVING_TEAM),
          Map.entry("GET /api/decisions/{intakeId}", CLINICIAN_ADMIN),
          Map.entry("GET /api/decisions/{intakeId}/history", CLINICIAN_ADMIN),
          Map.entry("POST /api/triage/evaluate", CLINICIAN_ADMIN),
          Map.entry("GET /api/triage/ruleset", CLINICIAN_ADMIN),
          Map.entry("POST /api/triage/replay", ADMIN),
          Map.entry("GET /api/triage/replays", ADMIN),
          Map.entry("POST /api/triage/rulesets", ADMIN),
          Map.entry("GET /api/triage/rulesets", ADMIN),
          Map.entry("GET /api/triage/rulesets/audit", ADMIN),
          Map.entry("GET /api/triage/rulesets/{id}", ADMIN),
          Map.entry("POST /api/triage/rulesets/{id}/publish", ADMIN),
          Map.entry("POST /api/triage/rulesets/{id}/reactivate", ADMIN),
          Map.entry("GET /dashboard/rulesets", ADMIN),
          Map.entry("POST /dashboard/rulesets", ADMIN),
          Map.entry("GET /dashboard/rulesets/{id}", ADMIN),
          Map.entry("POST /dashboard/rulesets/{id}/publish", ADMIN),
          Map.entry("POST /dashboard/rulesets/{id}/reactivate", ADMIN),
          Map.entry("GET /fhir/ServiceRequest", QUEUE_READERS),
          Map.entry("GET /fhir/ServiceRequest/{referralId}", QUEUE_READERS),
          Map.entry("GET /cds-services", ANYONE),
          Map.entry("POST /cds-services/clinic-triage", CLINICIAN_ADMIN),
          // Not in the contract's table: the service root only redirects to the queue.
          Map.entry("GET /", QUEUE_READERS),
          Map.entry("GET /dashboard", QUEUE_READERS),
          Map.entry("GET /dashboard/queue", QUEUE_READERS),
          Map.entry("GET /dashboard/events", QUEUE_READERS),
          Map.entry("GET /dashboard/referrals/{referralId}", QUEUE_READERS),
          Map.entry("POST /dashboard/referrals/{referralId}/confirm", CLINICIAN),
          Map.entry("POST /dashboard/referrals/{referralId}/override", CLINICIAN),
          Map.entry("POST /dashboard/referrals/{referralId}/cancel", CLINICIAN),
          Map.entry("POST /dashboard/referrals/{referralId}/acknowledge-review", CLINICIAN),
          Map.entry(
              "POST /dashboard/referrals/{referralId}/notifications/{notificationId}/retry",
              CLINICIAN_ADMIN),
          // The OpenAPI document and Swagger UI (its files under /docs/triage/swagger-ui/** are
          // static resources, not handler methods: ApiDocumentTest checks them).
          Map.entry("GET /docs/triage/v3/api-docs", STAFF),
          Map.entry("GET /docs/triage/v3/api-docs.yaml", STAFF),
          Map.entry("GET /docs/triage/v3/api-docs/swagger-config", STAFF),
          Map.entry("GET /docs/triage/swagger-ui.html", STAFF),
          Map.entry("* /error", ANYONE),
          Map.entry("GET /actuator/health", ANYONE),
          Map.entry("GET /actuator/health/**", ANYONE),
          Map.entry("GET /actuator/prometheus", METRICS),
          Map.entry("GET /actuator", ADMIN),
          Map.entry("GET /actuator/info", ADMIN),
          Map.entry("GET /actuator/metrics", ADMIN),
          Map.entry("GET /actuator/metrics/{requiredMetricName}", ADMIN));

  static final HttpClient HTTP =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  @Autowired ApplicationContext context;
  @LocalServerPort int port;

  record Endpoint(String method, String pattern, String contentType) {

    String key() {
      return method + " " + pattern;
    }

    /** The pattern with sample values: a UUID for each variable, a name for a trailing "**". */
    String samplePath() {
      return pattern
          .replaceAll("\\{[^}]+}", UUID.randomUUID().toString())
          .replace("/**", "/liveness");
    }
  }

  /** Every (method, pattern) of every handler mapping of controllers and actuator endpoints. */
  List<Endpoint> mappedEndpoints() {
    Map<String, Endpoint> endpoints = new TreeMap<>();
    for (RequestMappingInfoHandlerMapping mapping :
        context.getBeansOfType(RequestMappingInfoHandlerMapping.class).values()) {
      for (RequestMappingInfo info : mapping.getHandlerMethods().keySet()) {
        Set<String> methods = new TreeSet<>();
        info.getMethodsCondition().getMethods().forEach(m -> methods.add(m.name()));
        if (methods.isEmpty()) {
          methods.add("*");
        }
        String contentType =
            info.getConsumesCondition().getConsumableMediaTypes().stream()
                .map(MediaType::toString)
                .findFirst()
                .orElse(MediaType.APPLICATION_JSON_VALUE);
        for (String pattern : info.getPatternValues()) {
          for (String method : methods) {
            Endpoint endpoint = new Endpoint(method, pattern, contentType);
            endpoints.putIfAbsent(endpoint.key(), endpoint);
          }
        }
      }
    }
    return List.copyOf(endpoints.values());
  }

  @Test
  void everyMappedEndpointAnswersExactlyTheRolesOfTheMatrix() {
    List<Endpoint> endpoints = mappedEndpoints();
    assertThat(endpoints.stream().map(Endpoint::key))
        .as("every mapped endpoint has a row in the matrix, and every row an endpoint")
        .containsExactlyInAnyOrderElementsOf(MATRIX.keySet());

    TestIssuer issuer = TestIssuer.shared();
    String otherAudience =
        issuer.tokenForAudience("another-api", TestIssuer.ROLES.toArray(String[]::new));
    String tampered = tampered(issuer.token("u-mallory", "Mallory", "FRONT_DESK"));
    SoftAssertions softly = new SoftAssertions();
    int requests = 0;
    for (Endpoint endpoint : endpoints) {
      Set<String> allowed = MATRIX.get(endpoint.key());
      if (allowed == ANYONE) {
        softly
            .assertThat(status(endpoint, null))
            .as("%s without a token", endpoint.key())
            .isNotIn(401, 403);
        requests++;
        continue;
      }
      softly
          .assertThat(status(endpoint, null))
          .as("%s without a token", endpoint.key())
          .isEqualTo(401);
      softly
          .assertThat(status(endpoint, otherAudience))
          .as("%s with a token for another audience", endpoint.key())
          .isEqualTo(401);
      softly
          .assertThat(status(endpoint, tampered))
          .as("%s with a tampered token", endpoint.key())
          .isEqualTo(401);
      List<String> others = ROLES.stream().filter(r -> !allowed.contains(r)).sorted().toList();
      softly
          .assertThat(
              status(
                  endpoint, issuer.token("u-others", "Other Roles", others.toArray(String[]::new))))
          .as("%s with only the roles %s", endpoint.key(), others)
          .isEqualTo(403);
      requests += 4;
      for (String role : allowed) {
        softly
            .assertThat(status(endpoint, issuer.tokenFor(role)))
            .as("%s as %s", endpoint.key(), role)
            .isNotIn(401, 403);
        requests++;
      }
    }
    softly.assertAll();
    System.out.printf("Checked %d mapped endpoints with %d requests%n", endpoints.size(), requests);
    assertThat(endpoints).hasSize(MATRIX.size());
  }

  @Test
  void aRefusedTokenGetsABearerChallengeAndAProblem() throws Exception {
    HttpResponse<String> missing = send("GET", "/api/referrals", null, null);
    HttpResponse<String> otherAudience =
        send(
            "GET",
            "/api/referrals",
            TestIssuer.shared().tokenForAudience("another-api", "CLINICIAN"),
            null);

    assertThat(missing.statusCode()).isEqualTo(401);
    assertThat(missing.headers().firstValue("WWW-Authenticate").orElse("")).startsWith("Bearer");
    assertThat(missing.headers().firstValue("Content-Type")).hasValue("application/problem+json");
    assertThat(missing.body())
        .contains("\"status\":401")
        .contains("\"title\":\"Sign-in required\"")
        .contains("\"type\":\"urn:clinic:problem:sign-in-required\"");
    assertThat(otherAudience.statusCode()).isEqualTo(401);
    assertThat(otherAudience.headers().firstValue("WWW-Authenticate").orElse(""))
        .startsWith("Bearer")
        .contains("invalid_token");
    assertThat(otherAudience.headers().firstValue("Content-Type"))
        .hasValue("application/problem+json");
  }

  /** The same claims with the roles raised to ADMIN, the signature left as it was. */
  static String tampered(String token) {
    String[] parts = token.split("\\.");
    String claims = new String(Base64.getUrlDecoder().decode(parts[1]), StandardCharsets.UTF_8);
    String raised = claims.replace("\"FRONT_DESK\"", "\"ADMIN\"");
    assertThat(raised).isNotEqualTo(claims);
    parts[1] =
        Base64.getUrlEncoder()
            .withoutPadding()
            .encodeToString(raised.getBytes(StandardCharsets.UTF_8));
    return String.join(".", parts);
  }

  int status(Endpoint endpoint, String token) {
    String method = endpoint.method().equals("*") ? "GET" : endpoint.method();
    HttpRequest.Builder request =
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + endpoint.samplePath()))
            .timeout(Duration.ofSeconds(30))
            .header("Accept", "application/json");
    if (token != null) {
      request.header("Authorization", TestIssuer.bearer(token));
    }
    if (method.equals("GET")) {
      request.GET();
    } else {
      request
          .header("Content-Type", endpoint.contentType())
          .method(method, HttpRequest.BodyPublishers.ofString("{}"));
    }
    try {
      // Only the status line: the live updates stream would never end.
      HttpResponse<InputStream> response =
          HTTP.send(request.build(), HttpResponse.BodyHandlers.ofInputStream());
      response.body().close();
      return response.statusCode();
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  HttpResponse<String> send(String method, String path, String token, String body)
      throws Exception {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path));
    if (token != null) {
      request.header("Authorization", TestIssuer.bearer(token));
    }
    request.method(
        method,
        body == null
            ? HttpRequest.BodyPublishers.noBody()
            : HttpRequest.BodyPublishers.ofString(body));
    return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }
}
