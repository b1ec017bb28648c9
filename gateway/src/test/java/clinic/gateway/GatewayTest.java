package clinic.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import clinic.gateway.ServiceStub.Received;
import clinic.security.testing.TestIssuer;
import java.io.IOException;
import java.net.CookieManager;
import java.net.CookiePolicy;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeEach;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The packaged gateway on a random port, signing in at the test JVM's real issuer
 * (mock-oauth2-server) and forwarding to three loopback stubs that stand for the services.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
abstract class GatewayTest {

  static final List<Received> RECEIVED = ServiceStub.newLog();
  static final ServiceStub INTAKE = new ServiceStub("intake", RECEIVED);
  static final ServiceStub TRIAGE = new ServiceStub("triage", RECEIVED);
  static final ServiceStub CONTENT = new ServiceStub("content", RECEIVED);

  @LocalServerPort int port;

  @DynamicPropertySource
  static void gatewayProperties(DynamicPropertyRegistry registry) {
    TestIssuer issuer = TestIssuer.shared();
    registry.add("CLINIC_ISSUER_URI", issuer::issuerUri);
    registry.add("CLINIC_GATEWAY_CLIENT_SECRET", () -> "test-secret");
    registry.add("INTAKE_URL", () -> INTAKE.uri().toString());
    registry.add("TRIAGE_URL", () -> TRIAGE.uri().toString());
    registry.add("CONTENT_URL", () -> CONTENT.uri().toString());
    // Plain http in the test, as with ./run; the cookie would not be sent back otherwise.
    registry.add("CLINIC_SECURE_COOKIES", () -> "false");
  }

  @BeforeEach
  void forgetEarlierRequests() {
    RECEIVED.clear();
  }

  URI gateway(String path) {
    return URI.create("http://127.0.0.1:" + port + path);
  }

  /** A browser without a session: keeps cookies, follows no redirect. */
  Browser browser() {
    return new Browser();
  }

  /** A browser that went through the provider's sign-in as this staff member. */
  Browser signedIn(String subject, String name, String... roles) {
    Browser browser = new Browser();
    browser.signIn("", subject, name, roles);
    return browser;
  }

  /** Signed in with an access token that expires at this time (seconds since the epoch). */
  Browser signedInWithTokensExpiringAt(long expiry, String subject, String name, String... roles) {
    Browser browser = new Browser();
    browser.signIn(",\"exp\":" + expiry, subject, name, roles);
    return browser;
  }

  Received onlyRequestReceived() {
    assertThat(RECEIVED).hasSize(1);
    return RECEIVED.getFirst();
  }

  static String form(Map<String, List<String>> fields) {
    return fields.entrySet().stream()
        .flatMap(
            field ->
                field.getValue().stream()
                    .map(
                        value ->
                            URLEncoder.encode(field.getKey(), StandardCharsets.UTF_8)
                                + "="
                                + URLEncoder.encode(value, StandardCharsets.UTF_8)))
        .collect(Collectors.joining("&"));
  }

  final class Browser {

    final CookieManager cookies = new CookieManager(null, CookiePolicy.ACCEPT_ALL);
    final HttpClient http =
        HttpClient.newBuilder()
            .cookieHandler(cookies)
            .followRedirects(HttpClient.Redirect.NEVER)
            .build();

    HttpResponse<String> get(String path, String... headers) {
      return send(request(gateway(path), headers).GET().build());
    }

    HttpResponse<String> postForm(String path, String body, String... headers) {
      return send(
          request(gateway(path), headers)
              .header("Content-Type", "application/x-www-form-urlencoded")
              .POST(HttpRequest.BodyPublishers.ofString(body))
              .build());
    }

    HttpResponse<String> postJson(String path, String json, String... headers) {
      return send(
          request(gateway(path), headers)
              .header("Content-Type", "application/json")
              .POST(HttpRequest.BodyPublishers.ofString(json))
              .build());
    }

    /**
     * The authorization code flow as a browser runs it, with the provider's login form submitted
     * for this user and these claims (mock-oauth2-server puts them in the ID and access token).
     */
    void signIn(String extraClaims, String subject, String name, String... roles) {
      HttpResponse<String> start = get("/oauth2/authorization/clinic");
      assertThat(start.statusCode()).isEqualTo(302);
      URI authorize = URI.create(start.headers().firstValue("Location").orElseThrow());
      assertThat(authorize.toString()).startsWith(TestIssuer.shared().issuerUri());
      String claims =
          "{\"name\":\"%s\",\"preferred_username\":\"%s\",\"roles\":[%s]%s}"
              .formatted(
                  name,
                  subject,
                  Arrays.stream(roles).map(r -> "\"" + r + "\"").collect(Collectors.joining(",")),
                  extraClaims);
      HttpResponse<String> login =
          send(
              HttpRequest.newBuilder(authorize)
                  .header("Content-Type", "application/x-www-form-urlencoded")
                  .POST(
                      HttpRequest.BodyPublishers.ofString(
                          form(Map.of("username", List.of(subject), "claims", List.of(claims)))))
                  .build());
      assertThat(login.statusCode()).isEqualTo(302);
      URI callback = URI.create(login.headers().firstValue("Location").orElseThrow());
      assertThat(callback.getPath()).isEqualTo("/login/oauth2/code/clinic");
      HttpResponse<String> done = send(HttpRequest.newBuilder(callback).GET().build());
      assertThat(done.statusCode()).as("callback answer: %s", done.body()).isEqualTo(302);
      assertThat(done.headers().firstValue("Location").orElseThrow()).doesNotContain("error");
    }

    HttpResponse<String> send(HttpRequest request) {
      try {
        return http.send(request, HttpResponse.BodyHandlers.ofString());
      } catch (IOException e) {
        throw new java.io.UncheckedIOException(e);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException(e);
      }
    }

    private HttpRequest.Builder request(URI uri, String... headers) {
      HttpRequest.Builder builder = HttpRequest.newBuilder(uri);
      if (headers.length > 0) {
        builder.headers(headers);
      }
      return builder;
    }
  }
}
