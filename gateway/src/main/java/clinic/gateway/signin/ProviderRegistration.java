package clinic.gateway.signin;

import java.util.Iterator;
import java.util.List;
import java.util.Map;
import org.springframework.core.ParameterizedTypeReference;
import org.springframework.security.oauth2.client.registration.ClientRegistration;
import org.springframework.security.oauth2.client.registration.ClientRegistrationRepository;
import org.springframework.security.oauth2.client.registration.ClientRegistrations;
import org.springframework.util.function.SingletonSupplier;
import org.springframework.web.client.RestClient;

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
                discovered(properties)
                    .registrationId(SignInProperties.REGISTRATION_ID)
                    .clientId(properties.clientId())
                    .clientSecret(properties.clientSecret())
                    .scope("openid", "profile")
                    .redirectUri("{baseUrl}/login/oauth2/code/{registrationId}")
                    .build());
  }

  /**
   * From the issuer's discovery document; or, where the gateway reaches the provider under another
   * address than the browsers do, from that address's document, which must still name the issuer
   * the browsers see (the {@code iss} of its tokens).
   */
  private static ClientRegistration.Builder discovered(SignInProperties properties) {
    String discovery = properties.discoveryUri();
    if (discovery == null || discovery.isBlank()) {
      return ClientRegistrations.fromIssuerLocation(properties.issuerUri());
    }
    Map<String, Object> configuration =
        RestClient.create()
            .get()
            .uri(discovery.replaceAll("/+$", "") + "/.well-known/openid-configuration")
            .retrieve()
            .body(new ParameterizedTypeReference<Map<String, Object>>() {});
    Object issuer = configuration == null ? null : configuration.get("issuer");
    if (!properties.issuerUri().equals(issuer)) {
      throw new IllegalStateException(
          "The discovery document at %s names the issuer %s, not CLINIC_ISSUER_URI %s"
              .formatted(discovery, issuer, properties.issuerUri()));
    }
    return ClientRegistrations.fromOidcConfiguration(configuration);
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
