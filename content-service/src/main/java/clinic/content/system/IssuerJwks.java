package clinic.content.system;

import com.nimbusds.jose.jwk.KeyType;
import io.micronaut.context.annotation.Value;
import io.micronaut.json.JsonMapper;
import io.micronaut.security.token.jwt.signature.jwks.JwksSignatureConfiguration;
import jakarta.inject.Named;
import jakarta.inject.Singleton;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;

/**
 * Where the issuer publishes the keys that sign its tokens, found through its OpenID Connect
 * discovery document ({@code <issuer>/.well-known/openid-configuration}), so that the service needs
 * nothing but the issuer URI whichever provider it is (the demo identity service, Keycloak, Entra
 * ID, Okta). Micronaut Security makes a JWKS signature check of this configuration and caches the
 * keys it fetches.
 *
 * <p>Discovery runs on the first token to check, not at start-up, so that the service starts (and
 * answers its health checks and the patient's page) while the issuer is still starting; a failed
 * discovery is tried again with the next token.
 */
@Singleton
@Named("clinic")
class IssuerJwks implements JwksSignatureConfiguration {

  private static final Duration TIMEOUT = Duration.ofSeconds(5);

  /** How long fetched keys are kept before they are fetched again (key rotation). */
  private static final int KEY_CACHE_SECONDS = 300;

  private final String issuer;
  private final JsonMapper json;
  private final HttpClient http = HttpClient.newBuilder().connectTimeout(TIMEOUT).build();
  private volatile String jwksUri;

  /**
   * @param configuredJwks where to fetch the keys when the service reaches the issuer under another
   *     address than the one in its tokens (CLINIC_JWKS_URI; compose: Keycloak in-network); blank
   *     to discover it
   */
  IssuerJwks(
      @Value("${micronaut.security.token.jwt.claims-validators.issuer}") String issuer,
      @Value("${content.jwks-uri:}") String configuredJwks,
      JsonMapper json) {
    this.issuer = issuer.endsWith("/") ? issuer.substring(0, issuer.length() - 1) : issuer;
    this.jwksUri = configuredJwks.isBlank() ? null : configuredJwks;
    this.json = json;
  }

  @Override
  public String getName() {
    return "clinic";
  }

  @Override
  public String getUrl() {
    String known = jwksUri;
    if (known == null) {
      known = discover();
      jwksUri = known;
    }
    return known;
  }

  @Override
  public KeyType getKeyType() {
    return KeyType.RSA;
  }

  @Override
  @SuppressWarnings("removal") // still read, for how long the fetched keys are kept
  public Integer getCacheExpiration() {
    return KEY_CACHE_SECONDS;
  }

  private String discover() {
    URI discovery = URI.create(issuer + "/.well-known/openid-configuration");
    try {
      HttpResponse<byte[]> response =
          http.send(
              HttpRequest.newBuilder(discovery).timeout(TIMEOUT).GET().build(),
              HttpResponse.BodyHandlers.ofByteArray());
      if (response.statusCode() != 200) {
        throw new IllegalStateException(discovery + " answered " + response.statusCode());
      }
      Map<?, ?> document = json.readValue(response.body(), Map.class);
      if (!(document.get("jwks_uri") instanceof String uri) || uri.isBlank()) {
        throw new IllegalStateException(discovery + " names no jwks_uri");
      }
      return uri;
    } catch (IOException e) {
      throw new IllegalStateException("Could not read " + discovery, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("Interrupted reading " + discovery, e);
    }
  }
}
