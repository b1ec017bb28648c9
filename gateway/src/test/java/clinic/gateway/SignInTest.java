package clinic.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import clinic.gateway.ServiceStub.Received;
import clinic.security.testing.TestIssuer;
import java.net.HttpCookie;
import java.net.URI;
import java.net.URLDecoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.NimbusJwtDecoder;
import org.springframework.web.util.UriComponentsBuilder;

class SignInTest extends GatewayTest {

  @Test
  void unauthenticatedApiCallIsRefusedWithProblemJsonAndNeverForwarded() {
    HttpResponse<String> response = browser().get("/api/intakes/42", "Accept", "text/html");

    assertThat(response.statusCode()).isEqualTo(401);
    assertThat(response.headers().firstValue("WWW-Authenticate"))
        .hasValueSatisfying(v -> assertThat(v).startsWith("Bearer"));
    assertThat(response.headers().firstValue("Content-Type")).hasValue("application/problem+json");
    assertThat(response.body()).contains("\"status\":401");
    assertThat(RECEIVED).isEmpty();
  }

  @Test
  void unauthenticatedApiPostIsStill401NotACsrfRefusal() {
    HttpResponse<String> response = browser().postJson("/api/intakes", "{}");

    assertThat(response.statusCode()).isEqualTo(401);
    assertThat(RECEIVED).isEmpty();
  }

  @Test
  void unauthenticatedPageIsSentToTheProviderSignIn() {
    HttpResponse<String> response = browser().get("/dashboard", "Accept", "text/html");

    assertThat(response.statusCode()).isEqualTo(302);
    assertThat(response.headers().firstValue("Location"))
        .hasValueSatisfying(
            location -> assertThat(location).endsWith("/oauth2/authorization/clinic"));
    assertThat(RECEIVED).isEmpty();
  }

  @Test
  void signInAsksForTheCodeWithPkceAndTheContractsScopes() {
    HttpResponse<String> start = browser().get("/oauth2/authorization/clinic");

    var query =
        UriComponentsBuilder.fromUri(
                URI.create(start.headers().firstValue("Location").orElseThrow()))
            .build()
            .getQueryParams();
    assertThat(query.getFirst("response_type")).isEqualTo("code");
    assertThat(query.getFirst("client_id")).isEqualTo("clinic-gateway");
    assertThat(query.getFirst("scope"))
        .isIn("openid%20profile", "openid+profile", "openid profile");
    assertThat(query.getFirst("code_challenge")).isNotBlank();
    assertThat(query.getFirst("code_challenge_method")).isEqualTo("S256");
    assertThat(URLDecoder.decode(query.getFirst("redirect_uri"), StandardCharsets.UTF_8))
        .isEqualTo("http://127.0.0.1:" + port + "/login/oauth2/code/clinic");
  }

  @Test
  void sessionCookieIsHttpOnlyAndSameSiteLax() {
    HttpResponse<String> start = browser().get("/oauth2/authorization/clinic");

    assertThat(start.headers().allValues("Set-Cookie"))
        .anySatisfy(
            cookie ->
                assertThat(cookie)
                    .startsWith("CLINIC_SESSION=")
                    .contains("HttpOnly")
                    .containsIgnoringCase("SameSite=Lax"));
  }

  @Test
  void signedInBrowserRequestCarriesTheIssuersAccessToken() {
    Browser clinician = signedIn("u-ada", "Dr Ada Clinician", "CLINICIAN");

    HttpResponse<String> response = clinician.get("/dashboard/queue", "Accept", "text/html");

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.body()).contains("triage");
    Received received = onlyRequestReceived();
    assertThat(received.service()).isEqualTo("triage");
    assertThat(received.pathAndQuery()).isEqualTo("/dashboard/queue");
    String authorization = received.header("Authorization");
    assertThat(authorization).startsWith("Bearer ");
    Jwt token = decode(authorization);
    assertThat(token.getIssuer().toString()).isEqualTo(TestIssuer.shared().issuerUri());
    assertThat(token.getSubject()).isEqualTo("u-ada");
    assertThat(token.getClaimAsStringList("roles")).containsExactly("CLINICIAN");
  }

  @Test
  void relayedTokenStaysTheSameWhileItIsValid() {
    Browser clinician = signedIn("u-ada", "Dr Ada Clinician", "CLINICIAN");

    clinician.get("/api/referrals");
    clinician.get("/api/referrals");

    assertThat(RECEIVED).hasSize(2);
    assertThat(RECEIVED.get(1).header("Authorization"))
        .isEqualTo(RECEIVED.get(0).header("Authorization"));
  }

  @Test
  void tokenAboutToExpireIsRefreshedBeforeItIsRelayed() {
    // Within Spring Security's one-minute clock skew: due for refresh on every use.
    long expiry = Instant.now().plusSeconds(30).getEpochSecond();
    Browser clinician =
        signedInWithTokensExpiringAt(expiry, "u-ada", "Dr Ada Clinician", "CLINICIAN");

    clinician.get("/api/referrals");
    clinician.get("/api/referrals");

    assertThat(RECEIVED).hasSize(2);
    Jwt first = decode(RECEIVED.get(0).header("Authorization"));
    Jwt second = decode(RECEIVED.get(1).header("Authorization"));
    assertThat(second.getId()).isNotEqualTo(first.getId());
    assertThat(second.getSubject()).isEqualTo("u-ada");
  }

  @Test
  void servicesSeeTheGatewaysHostAndNeverTheSessionCookie() {
    Browser clinician = signedIn("u-ada", "Dr Ada Clinician", "CLINICIAN");
    HttpCookie language = new HttpCookie("lang", "es");
    language.setPath("/");
    language.setVersion(0);
    clinician.cookies.getCookieStore().add(gateway("/"), language);

    clinician.get("/api/referrals?status=OPEN");

    Received received = onlyRequestReceived();
    assertThat(received.pathAndQuery()).isEqualTo("/api/referrals?status=OPEN");
    assertThat(received.header("Host")).isEqualTo("127.0.0.1:" + port);
    assertThat(received.header("Cookie")).isEqualTo("lang=es");
  }

  @Test
  void homeSendsEachRoleToWhereItsWorkStarts() {
    assertThat(homeOf("FRONT_DESK").headers().firstValue("Location")).hasValue("/intakes/new");
    assertThat(homeOf("CLINICIAN").headers().firstValue("Location")).hasValue("/dashboard");
    assertThat(homeOf("RECEIVING_TEAM").headers().firstValue("Location")).hasValue("/dashboard");
  }

  @Test
  void contentEditorsAndAdminsGetAPageOfLinksWithTheirNameAndSignOut() {
    HttpResponse<String> editor = homeOf("CONTENT_EDITOR");
    HttpResponse<String> admin = homeOf("ADMIN");

    assertThat(editor.statusCode()).isEqualTo(200);
    assertThat(editor.body())
        .contains("Test CONTENT_EDITOR")
        .contains("href=\"/api/items\"")
        .doesNotContain("href=\"/dashboard\"")
        .contains("<form method=\"post\" action=\"/logout\">")
        .contains("name=\"_csrf\"");
    assertThat(editor.headers().firstValue("Content-Security-Policy"))
        .hasValueSatisfying(
            csp ->
                assertThat(csp).contains("frame-ancestors 'none'").contains("default-src 'none'"));
    assertThat(admin.statusCode()).isEqualTo(200);
    assertThat(admin.body())
        .contains("Test ADMIN")
        .contains("href=\"/dashboard\"")
        .contains("href=\"/intakes/new\"")
        .contains("href=\"/dashboard/rulesets\"")
        .contains("href=\"/intakes/reads\"")
        .contains("href=\"/api/items\"");
    assertThat(editor.body()).doesNotContain("href=\"/dashboard/rulesets\"");
  }

  @Test
  void signOutEndsTheSessionAndContinuesAtTheProvider() {
    Browser clinician = signedIn("u-ada", "Dr Ada Clinician", "CLINICIAN");
    clinician.get("/dashboard");
    String csrf = onlyRequestReceived().header("X-CSRF-TOKEN");

    HttpResponse<String> logout = clinician.postForm("/logout", "_csrf=" + csrf);

    assertThat(logout.statusCode()).isEqualTo(302);
    URI providerLogout = URI.create(logout.headers().firstValue("Location").orElseThrow());
    assertThat(providerLogout.toString()).startsWith(TestIssuer.shared().issuerUri());
    var query = UriComponentsBuilder.fromUri(providerLogout).build().getQueryParams();
    assertThat(query.getFirst("id_token_hint")).isNotBlank();
    assertThat(query.getFirst("post_logout_redirect_uri"))
        .isIn("http://127.0.0.1:" + port + "/", "http%3A%2F%2F127.0.0.1%3A" + port + "%2F");

    RECEIVED.clear();
    HttpResponse<String> after = clinician.get("/api/referrals");
    assertThat(after.statusCode()).isEqualTo(401);
    assertThat(RECEIVED).isEmpty();
  }

  private static Jwt decode(String authorization) {
    assertThat(authorization).startsWith("Bearer ");
    return NimbusJwtDecoder.withJwkSetUri(TestIssuer.shared().jwksUri())
        .build()
        .decode(authorization.substring("Bearer ".length()));
  }

  private HttpResponse<String> homeOf(String role) {
    return signedIn("u-" + role.toLowerCase(java.util.Locale.ROOT), "Test " + role, role)
        .get("/", "Accept", "text/html");
  }
}
