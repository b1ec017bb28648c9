package clinic.identity.token;

import clinic.identity.account.Account;
import clinic.identity.account.Accounts;
import clinic.identity.system.IdentityProperties;
import java.util.List;
import java.util.Optional;
import org.springframework.security.oauth2.core.AuthorizationGrantType;
import org.springframework.security.oauth2.core.oidc.StandardClaimNames;
import org.springframework.security.oauth2.core.oidc.endpoint.OidcParameterNames;
import org.springframework.security.oauth2.jwt.JwtClaimsSet;
import org.springframework.security.oauth2.server.authorization.OAuth2TokenType;
import org.springframework.security.oauth2.server.authorization.token.JwtEncodingContext;
import org.springframework.security.oauth2.server.authorization.token.OAuth2TokenCustomizer;
import org.springframework.stereotype.Component;

/**
 * Gives the tokens the shape every clinic service reads: the access token is for the clinic API
 * ({@code aud} holds the clinic audience beside the client id) and, like the ID token, names who it
 * speaks for ({@code name}, {@code preferred_username}) and their staff roles. A staff member's
 * token speaks for the person who signed in; a client_credentials token for the API client itself.
 */
@Component
class ClinicTokenClaims implements OAuth2TokenCustomizer<JwtEncodingContext> {

  private final Accounts accounts;
  private final IdentityProperties properties;

  ClinicTokenClaims(Accounts accounts, IdentityProperties properties) {
    this.accounts = accounts;
    this.properties = properties;
  }

  @Override
  public void customize(JwtEncodingContext context) {
    boolean accessToken = OAuth2TokenType.ACCESS_TOKEN.equals(context.getTokenType());
    boolean idToken = OidcParameterNames.ID_TOKEN.equals(context.getTokenType().getValue());
    if (!accessToken && !idToken) {
      return;
    }
    JwtClaimsSet.Builder claims = context.getClaims();
    if (accessToken) {
      claims.audience(List.of(context.getRegisteredClient().getClientId(), properties.audience()));
    }
    String subject = context.getPrincipal().getName();
    Optional<Account> account = accountFor(context, subject);
    claims.claim(StandardClaimNames.PREFERRED_USERNAME, subject);
    claims.claim(StandardClaimNames.NAME, account.map(Account::name).orElse(subject));
    claims.claim(properties.rolesClaim(), account.map(Account::roles).orElse(List.of()));
  }

  /**
   * For client_credentials the principal is the client; for every other grant (authorization code,
   * refresh token) it is the staff member who signed in.
   */
  private Optional<Account> accountFor(JwtEncodingContext context, String subject) {
    return AuthorizationGrantType.CLIENT_CREDENTIALS.equals(context.getAuthorizationGrantType())
        ? accounts.client(subject)
        : accounts.user(subject);
  }
}
