package clinic.content.system;

import static org.assertj.core.api.Assertions.assertThat;

import clinic.security.testing.TestIssuer;
import io.micronaut.json.JsonMapper;
import org.junit.jupiter.api.Test;

class IssuerJwksTest {

  @Test
  void findsTheKeysThroughTheIssuersDiscoveryDocument() {
    TestIssuer issuer = TestIssuer.shared();
    IssuerJwks jwks = new IssuerJwks(issuer.issuerUri(), "", JsonMapper.createDefault());

    assertThat(jwks.getUrl()).isEqualTo(issuer.jwksUri());
  }

  @Test
  void usesTheConfiguredKeyAddressWithoutDiscovery() {
    // The issuer is unreachable from here, as Keycloak's browser address is inside a container.
    IssuerJwks jwks =
        new IssuerJwks(
            "http://127.0.0.1:1/realms/clinic",
            "http://keycloak:8080/realms/clinic/protocol/openid-connect/certs",
            JsonMapper.createDefault());

    assertThat(jwks.getUrl())
        .isEqualTo("http://keycloak:8080/realms/clinic/protocol/openid-connect/certs");
  }
}
