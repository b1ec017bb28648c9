package clinic.gateway.signin;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * The gateway's OpenID Connect client at the clinic's provider (CLINIC_ISSUER_URI,
 * CLINIC_GATEWAY_CLIENT_ID, CLINIC_GATEWAY_CLIENT_SECRET, CLINIC_ROLES_CLAIM).
 *
 * @param discoveryUri where the gateway itself reads the provider's discovery document, when that
 *     differs from the issuer the browsers see (CLINIC_ISSUER_DISCOVERY_URI; e.g. Keycloak in
 *     compose, {@code http://keycloak:8080/realms/clinic}); blank for the issuer itself
 */
@ConfigurationProperties("clinic.sign-in")
record SignInProperties(
    String issuerUri,
    String discoveryUri,
    String clientId,
    String clientSecret,
    String rolesClaim) {

  /**
   * The registration id: login at /oauth2/authorization/clinic, callback /login/oauth2/code/clinic.
   */
  static final String REGISTRATION_ID = "clinic";
}
