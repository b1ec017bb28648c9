package clinic.security.testing;

import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.jose.crypto.RSASSAVerifier;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jwt.SignedJWT;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.Test;

class TestIssuerTest {

  private final TestIssuer issuer = TestIssuer.shared();

  @Test
  void issuesTokensSignedByTheKeyItsDiscoveryDocumentPublishes() throws Exception {
    HttpClient http = HttpClient.newHttpClient();
    String discovery =
        http.send(
                HttpRequest.newBuilder(
                        URI.create(issuer.issuerUri() + "/.well-known/openid-configuration"))
                    .build(),
                HttpResponse.BodyHandlers.ofString())
            .body();
    assertThat(discovery.replace(" ", "")).contains("\"issuer\":\"" + issuer.issuerUri() + "\"");

    String jwks =
        http.send(
                HttpRequest.newBuilder(URI.create(issuer.jwksUri())).build(),
                HttpResponse.BodyHandlers.ofString())
            .body();
    RSAKey key = JWKSet.parse(jwks).getKeys().getFirst().toRSAKey();

    SignedJWT jwt = SignedJWT.parse(issuer.token("u-17", "Dr Ada Lovelace", "CLINICIAN"));
    assertThat(jwt.verify(new RSASSAVerifier(key))).isTrue();
    assertThat(jwt.getJWTClaimsSet().getIssuer()).isEqualTo(issuer.issuerUri());
    assertThat(jwt.getJWTClaimsSet().getSubject()).isEqualTo("u-17");
    assertThat(jwt.getJWTClaimsSet().getAudience()).containsExactly(TestIssuer.AUDIENCE);
    assertThat(jwt.getJWTClaimsSet().getStringListClaim("roles")).containsExactly("CLINICIAN");
    assertThat(jwt.getJWTClaimsSet().getStringClaim("name")).isEqualTo("Dr Ada Lovelace");
  }

  @Test
  void namesTheTestUserOfARole() throws Exception {
    SignedJWT jwt = SignedJWT.parse(issuer.tokenFor("RECEIVING_TEAM"));
    assertThat(jwt.getJWTClaimsSet().getSubject()).isEqualTo("test-receiving-team");
    assertThat(jwt.getJWTClaimsSet().getStringClaim("name")).isEqualTo("Test Receiving Team");
    assertThat(jwt.getJWTClaimsSet().getStringListClaim("roles")).containsExactly("RECEIVING_TEAM");
  }
}
