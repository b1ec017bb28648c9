package clinic.gateway.signin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import clinic.security.testing.TestIssuer;
import org.junit.jupiter.api.Test;
import org.springframework.security.oauth2.client.registration.ClientRegistration;

/**
 * The registration read from an explicit discovery address (compose: Keycloak in-network), which
 * must name the issuer the browsers see.
 */
class ProviderRegistrationTest {

  private final String issuer = TestIssuer.shared().issuerUri();

  @Test
  void readsAnExplicitDiscoveryAddressThatNamesTheIssuer() {
    ClientRegistration registration =
        new ProviderRegistration(
                new SignInProperties(issuer, issuer + "/", "clinic-gateway", "secret", "roles"))
            .findByRegistrationId("clinic");

    assertThat(registration.getProviderDetails().getIssuerUri()).isEqualTo(issuer);
    assertThat(registration.getProviderDetails().getTokenUri()).startsWith(issuer);
    assertThat(registration.getClientSettings().isRequireProofKey()).isTrue();
  }

  @Test
  void refusesADiscoveryDocumentThatNamesAnotherIssuer() {
    // Reached as 127.0.0.1, this issuer names itself so, not as the configured localhost.
    String elsewhere = issuer.replace("localhost", "127.0.0.1");
    ProviderRegistration registration =
        new ProviderRegistration(
            new SignInProperties(issuer, elsewhere, "clinic-gateway", "secret", "roles"));

    assertThatThrownBy(() -> registration.findByRegistrationId("clinic"))
        .hasMessageContaining("names the issuer " + elsewhere)
        .hasMessageContaining("not CLINIC_ISSUER_URI " + issuer);
  }
}
