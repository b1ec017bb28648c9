package clinic.identity;

import static java.nio.charset.StandardCharsets.US_ASCII;
import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.test.context.ActiveProfiles;
import tools.jackson.databind.JsonNode;

/**
 * The gateway's sign-in, played over real HTTP against the running provider: authorization code
 * with PKCE, the sign-in form with its CSRF token, the code exchanged for tokens.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT)
@ActiveProfiles("local")
class SignInFlowTest {

  static final String GATEWAY = "clinic-gateway";
  static final String GATEWAY_SECRET = "gateway-demo-secret";
  static final String REDIRECT_URI = "http://localhost:8080/login/oauth2/code/clinic";

  @LocalServerPort int port;

  Browser browser;
  TokenEndpoint tokenEndpoint;
  String verifier;

  @BeforeEach
  void startBrowser() {
    String baseUrl = "http://localhost:" + port;
    browser = new Browser(baseUrl);
    tokenEndpoint = new TokenEndpoint(baseUrl);
    verifier = randomVerifier();
  }

  @Test
  void clinicianSignsInWithPkceAndGetsClinicTokens() {
    String code = signInAndAuthorize("clinician", "clinician-demo");

    JsonNode tokens =
        tokenEndpoint.tokens(
            GATEWAY,
            GATEWAY_SECRET,
            Map.of(
                "grant_type", "authorization_code",
                "code", code,
                "redirect_uri", REDIRECT_URI,
                "code_verifier", verifier));

    Jwt access = tokenEndpoint.verified(tokens.get("access_token").asString());
    assertThat(access.getAudience()).contains("clinic-api", GATEWAY);
    assertThat(access.getClaimAsStringList("roles")).containsExactly("CLINICIAN");
    assertThat(access.getClaimAsString("name")).isEqualTo("Dr Ada Clinician");
    assertThat(access.getClaimAsString("preferred_username")).isEqualTo("clinician");
    assertThat(access.getSubject()).isEqualTo("clinician");
    assertThat(access.getIssuer()).hasToString("http://localhost:9000");

    Jwt id = tokenEndpoint.verified(tokens.get("id_token").asString());
    assertThat(id.getClaimAsString("name")).isEqualTo("Dr Ada Clinician");
    assertThat(id.getClaimAsString("preferred_username")).isEqualTo("clinician");
    assertThat(id.getClaimAsStringList("roles")).containsExactly("CLINICIAN");
    assertThat(id.getAudience()).containsExactly(GATEWAY);
    assertThat(id.getClaimAsString("nonce")).isEqualTo("n-0S6_WzA2Mj");
    assertThat(tokens.hasNonNull("refresh_token")).as("the gateway can refresh").isTrue();
  }

  @Test
  void refreshedAccessTokenStillSpeaksForTheSignedInPerson() {
    String code = signInAndAuthorize("receiving", "receiving-demo");
    String refreshToken =
        tokenEndpoint
            .tokens(
                GATEWAY,
                GATEWAY_SECRET,
                Map.of(
                    "grant_type", "authorization_code",
                    "code", code,
                    "redirect_uri", REDIRECT_URI,
                    "code_verifier", verifier))
            .get("refresh_token")
            .asString();

    JsonNode refreshed =
        tokenEndpoint.tokens(
            GATEWAY,
            GATEWAY_SECRET,
            Map.of("grant_type", "refresh_token", "refresh_token", refreshToken));

    Jwt access = tokenEndpoint.verified(refreshed.get("access_token").asString());
    assertThat(access.getSubject()).isEqualTo("receiving");
    assertThat(access.getClaimAsString("name")).isEqualTo("Rui Receiving-Team");
    assertThat(access.getClaimAsStringList("roles")).containsExactly("RECEIVING_TEAM");
    assertThat(access.getAudience()).contains("clinic-api");
  }

  @Test
  void wrongPasswordGetsNoCode() {
    browser.get(authorizeUrl(challenge(verifier)));

    HttpResponse<String> signIn = browser.signIn("clinician", "not-the-password");

    String next = Browser.location(signIn);
    assertThat(next).endsWith("/login?error").doesNotContain("code=");
    HttpResponse<String> page = browser.get(next);
    assertThat(page.body()).contains("The user name or password is wrong");
    // Still not signed in: the authorization request goes back to the sign-in page.
    assertThat(Browser.location(browser.get(authorizeUrl(challenge(verifier)))))
        .endsWith("/login")
        .doesNotStartWith(REDIRECT_URI);
  }

  @Test
  void authorizationWithoutPkceIsRefused() {
    signInAndAuthorize("clinician", "clinician-demo");

    String answer = Browser.location(browser.get(authorizeUrl(null)));

    assertThat(answer).startsWith(REDIRECT_URI);
    Map<String, String> parameters = Browser.query(answer);
    assertThat(parameters).containsEntry("error", "invalid_request").doesNotContainKey("code");
    assertThat(parameters.get("error_description")).contains("code_challenge");
  }

  @Test
  void aCodeIsUsableOnlyWithItsVerifier() {
    String code = signInAndAuthorize("frontdesk", "frontdesk-demo");

    HttpResponse<String> response =
        tokenEndpoint.request(
            GATEWAY,
            GATEWAY_SECRET,
            Map.of(
                "grant_type",
                "authorization_code",
                "code",
                code,
                "redirect_uri",
                REDIRECT_URI,
                "code_verifier",
                randomVerifier()));

    assertThat(response.statusCode()).isEqualTo(400);
    assertThat(response.body()).contains("invalid_grant").doesNotContain("access_token");
  }

  @Test
  void signingOutEndsTheSessionAndReturnsToTheGateway() {
    String code = signInAndAuthorize("admin", "admin-demo");
    String idToken =
        tokenEndpoint
            .tokens(
                GATEWAY,
                GATEWAY_SECRET,
                Map.of(
                    "grant_type", "authorization_code",
                    "code", code,
                    "redirect_uri", REDIRECT_URI,
                    "code_verifier", verifier))
            .get("id_token")
            .asString();

    String afterLogout =
        Browser.location(
            browser.get(
                "/connect/logout?"
                    + Browser.form(
                        Map.of(
                            "id_token_hint",
                            idToken,
                            "post_logout_redirect_uri",
                            "http://localhost:8080/"))));

    assertThat(afterLogout).isEqualTo("http://localhost:8080/");
    assertThat(Browser.location(browser.get(authorizeUrl(challenge(verifier))))).endsWith("/login");
  }

  /** authorize → sign-in page → form post → back to authorize → redirect with the code. */
  private String signInAndAuthorize(String username, String password) {
    String authorize = authorizeUrl(challenge(verifier));
    assertThat(Browser.location(browser.get(authorize))).endsWith("/login");

    String resumed = Browser.location(browser.signIn(username, password));
    assertThat(resumed).contains("/oauth2/authorize");

    String callback = Browser.location(browser.get(resumed));
    assertThat(callback).startsWith(REDIRECT_URI);
    Map<String, String> parameters = Browser.query(callback);
    assertThat(parameters).containsEntry("state", "state-1").doesNotContainKey("error");
    return parameters.get("code");
  }

  private static String authorizeUrl(String codeChallenge) {
    Map<String, String> parameters = new LinkedHashMap<>();
    parameters.put("response_type", "code");
    parameters.put("client_id", GATEWAY);
    parameters.put("scope", "openid profile");
    parameters.put("redirect_uri", REDIRECT_URI);
    parameters.put("state", "state-1");
    parameters.put("nonce", "n-0S6_WzA2Mj");
    if (codeChallenge != null) {
      parameters.put("code_challenge", codeChallenge);
      parameters.put("code_challenge_method", "S256");
    }
    return "/oauth2/authorize?" + Browser.form(parameters);
  }

  private static String randomVerifier() {
    byte[] bytes = new byte[32];
    new SecureRandom().nextBytes(bytes);
    return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
  }

  private static String challenge(String verifier) {
    try {
      byte[] digest = MessageDigest.getInstance("SHA-256").digest(verifier.getBytes(US_ASCII));
      return Base64.getUrlEncoder().withoutPadding().encodeToString(digest);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
