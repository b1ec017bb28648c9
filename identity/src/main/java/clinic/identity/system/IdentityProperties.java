package clinic.identity.system;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * What the provider puts into tokens and which gateway it signs staff in for.
 *
 * @param audience the audience every clinic service requires in an access token
 * @param rolesClaim the claim that carries the staff roles
 * @param gatewayUrl where the gateway is reached; its OIDC redirect and post-logout addresses are
 *     below it
 * @param gatewayClientSecret the secret the gateway authenticates with
 */
@ConfigurationProperties("clinic.identity")
public record IdentityProperties(
    String audience, String rolesClaim, String gatewayUrl, String gatewayClientSecret) {

  public IdentityProperties {
    // "http://localhost:8080/" and "http://localhost:8080" are the same gateway.
    gatewayUrl =
        gatewayUrl.endsWith("/") ? gatewayUrl.substring(0, gatewayUrl.length() - 1) : gatewayUrl;
  }
}
