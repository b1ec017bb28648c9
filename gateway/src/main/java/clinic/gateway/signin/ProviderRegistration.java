package clinic.gateway.signin;

import java.util.Iterator;
import java.util.List;
import org.springframework.security.oauth2.client.registration.ClientRegistration;
import org.springframework.security.oauth2.client.registration.ClientRegistrationRepository;
import org.springframework.security.oauth2.client.registration.ClientRegistrations;
import org.springframework.util.function.SingletonSupplier;

/**
 * The clinic registration, built from the provider's discovery document when it is first needed
 * rather than at startup: the gateway starts (and answers health probes) while the provider is
 * still starting, and a failed look-up is tried again on the next sign-in.
 *
 * <p>Spring Security 7 gives an authorization-code registration {@code requireProofKey = true} by
 * default, so a confidential client like this one sends a PKCE challenge too.
 */
final class ProviderRegistration
    implements ClientRegistrationRepository, Iterable<ClientRegistration> {

  private final SingletonSupplier<ClientRegistration> registration;

  ProviderRegistration(SignInProperties properties) {
    this.registration =
        SingletonSupplier.of(
            () ->
                ClientRegistrations.fromIssuerLocation(properties.issuerUri())
                    .registrationId(SignInProperties.REGISTRATION_ID)
                    .clientId(properties.clientId())
                    .clientSecret(properties.clientSecret())
                    .scope("openid", "profile")
                    .redirectUri("{baseUrl}/login/oauth2/code/{registrationId}")
                    .build());
  }

  @Override
  public ClientRegistration findByRegistrationId(String registrationId) {
    return SignInProperties.REGISTRATION_ID.equals(registrationId) ? registration.obtain() : null;
  }

  @Override
  public Iterator<ClientRegistration> iterator() {
    return List.of(registration.obtain()).iterator();
  }
}
