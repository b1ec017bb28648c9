package clinic.security.testing;

import com.nimbusds.jose.JOSEObjectType;
import java.net.InetAddress;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import no.nav.security.mock.oauth2.MockOAuth2Server;
import no.nav.security.mock.oauth2.token.DefaultOAuth2TokenCallback;

/**
 * A real OpenID Connect issuer for tests: discovery, JWKS and RS256-signed access tokens served on
 * loopback, started once per test JVM and shared by every test in it. Its tokens have the shape the
 * clinic's identity provider issues: the staff member's {@code sub}, a display {@code name}, the
 * roles in a {@code roles} claim, and the {@code clinic-api} audience.
 */
public final class TestIssuer {

  /** The audience every clinic service requires. */
  public static final String AUDIENCE = "clinic-api";

  /** The claim that carries the roles. */
  public static final String ROLES_CLAIM = "roles";

  /** The staff roles, as the services spell them. */
  public static final List<String> ROLES =
      List.of("FRONT_DESK", "CLINICIAN", "RECEIVING_TEAM", "CONTENT_EDITOR", "ADMIN");

  private static final String ISSUER_ID = "clinic";
  private static final long LIFETIME_SECONDS = 3600;

  private static TestIssuer shared;

  private final MockOAuth2Server server;

  private TestIssuer(MockOAuth2Server server) {
    this.server = server;
  }

  /** The issuer of this test JVM, started on first use and stopped when the JVM exits. */
  public static synchronized TestIssuer shared() {
    if (shared == null) {
      MockOAuth2Server server = new MockOAuth2Server();
      server.start(InetAddress.getLoopbackAddress(), 0);
      Runtime.getRuntime().addShutdownHook(new Thread(server::shutdown, "test-issuer-stop"));
      shared = new TestIssuer(server);
    }
    return shared;
  }

  /** The issuer URI the services are configured with; discovery is below it. */
  public String issuerUri() {
    return stripSlash(server.issuerUrl(ISSUER_ID).toString());
  }

  public String jwksUri() {
    return server.jwksUrl(ISSUER_ID).toString();
  }

  /**
   * A token for one staff member with the given roles, e.g. {@code token("u-17", "Dr Ada Lovelace",
   * "CLINICIAN")}.
   */
  public String token(String subject, String name, String... roles) {
    Map<String, Object> claims = new LinkedHashMap<>();
    claims.put("name", name);
    claims.put("preferred_username", subject);
    claims.put(ROLES_CLAIM, Arrays.asList(roles));
    return sign(subject, List.of(AUDIENCE), claims);
  }

  /**
   * A token for a test user holding one role: subject {@code test-clinician}, name {@code Test
   * Clinician} for {@code CLINICIAN}.
   */
  public String tokenFor(String role) {
    String words = role.toLowerCase(Locale.ROOT).replace('_', ' ');
    String name =
        "Test "
            + Arrays.stream(words.split(" "))
                .map(w -> Character.toUpperCase(w.charAt(0)) + w.substring(1))
                .reduce((a, b) -> a + " " + b)
                .orElse(words);
    return token("test-" + words.replace(' ', '-'), name, role);
  }

  /** A token that is valid in every way but is meant for another audience. */
  public String tokenForAudience(String audience, String... roles) {
    return sign(
        "test-other-audience",
        List.of(audience),
        Map.of("name", "Other Audience", ROLES_CLAIM, Arrays.asList(roles)));
  }

  /** A signed token with exactly these claims (besides iss, sub, aud, iat, exp). */
  public String sign(String subject, List<String> audience, Map<String, Object> claims) {
    return server
        .issueToken(
            ISSUER_ID,
            "clinic-test",
            new DefaultOAuth2TokenCallback(
                ISSUER_ID,
                subject,
                JOSEObjectType.JWT.getType(),
                audience,
                claims,
                LIFETIME_SECONDS))
        .serialize();
  }

  /** The value of an {@code Authorization} header carrying the token. */
  public static String bearer(String token) {
    return "Bearer " + token;
  }

  private static String stripSlash(String uri) {
    return uri.endsWith("/") ? uri.substring(0, uri.length() - 1) : uri;
  }
}
