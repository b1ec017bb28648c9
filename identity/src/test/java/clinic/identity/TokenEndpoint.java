package clinic.identity;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodyHandlers;
import java.util.Map;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.NimbusJwtDecoder;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The provider's token endpoint and its published keys, as a client and a resource server see them:
 * tokens are requested over HTTP and decoded only after their signature verifies against the JWKS.
 */
final class TokenEndpoint {

  private static final JsonMapper JSON = JsonMapper.builder().build();

  private final HttpClient http = HttpClient.newHttpClient();
  private final String baseUrl;
  private final JwtDecoder decoder;

  TokenEndpoint(String baseUrl) {
    this.baseUrl = baseUrl;
    this.decoder = NimbusJwtDecoder.withJwkSetUri(baseUrl + "/oauth2/jwks").build();
  }

  /** Posts a token request with HTTP Basic client authentication. */
  HttpResponse<String> request(String clientId, String secret, Map<String, String> fields) {
    HttpRequest request =
        HttpRequest.newBuilder(URI.create(baseUrl + "/oauth2/token"))
            .header("Authorization", Browser.basic(clientId, secret))
            .header("Content-Type", "application/x-www-form-urlencoded")
            .header("Accept", "application/json")
            .POST(BodyPublishers.ofString(Browser.form(fields)))
            .build();
    try {
      return http.send(request, BodyHandlers.ofString());
    } catch (IOException e) {
      throw new IllegalStateException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  /** The token response of a request that must succeed. */
  JsonNode tokens(String clientId, String secret, Map<String, String> fields) {
    HttpResponse<String> response = request(clientId, secret, fields);
    assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
    return JSON.readTree(response.body());
  }

  /** Verifies the signature against the provider's JWKS (and the expiry), then reads the claims. */
  Jwt verified(String token) {
    return decoder.decode(token);
  }
}
