package clinic.gateway.signin;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * The gateway's OpenID Connect client at the clinic's provider (CLINIC_ISSUER_URI,
 * CLINIC_GATEWAY_CLIENT_ID, CLINIC_GATEWAY_CLIENT_SECRET, CLINIC_ROLES_CLAIM).
 */
@ConfigurationProperties("clinic.sign-in")
record SignInProperties(String issuerUri, String clientId, String clientSecret, String rolesClaim) {

  /**
   * The registration id: login at /oauth2/authorization/clinic, callback /login/oauth2/code/clinic.
   */
  static final String REGISTRATION_ID = "clinic";
}
