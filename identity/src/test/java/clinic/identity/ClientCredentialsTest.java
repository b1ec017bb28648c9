package clinic.identity;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.test.context.ActiveProfiles;

/** The command-line demo clients: a token that speaks for the client, with the client's role. */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT)
@ActiveProfiles("local")
class ClientCredentialsTest {

  @LocalServerPort int port;

  TokenEndpoint tokenEndpoint;

  @BeforeEach
  void connect() {
    tokenEndpoint = new TokenEndpoint("http://localhost:" + port);
  }

  @Test
  void frontDeskDemoClientGetsItsRoleWithItselfAsSubject() {
    String token =
        tokenEndpoint
            .tokens("demo-front-desk", "demo-secret", Map.of("grant_type", "client_credentials"))
            .get("access_token")
            .asString();

    Jwt access = tokenEndpoint.verified(token);
    assertThat(access.getSubject()).isEqualTo("demo-front-desk");
    assertThat(access.getClaimAsStringList("roles")).containsExactly("FRONT_DESK");
    assertThat(access.getAudience()).contains("clinic-api", "demo-front-desk");
    assertThat(access.getClaimAsString("preferred_username")).isEqualTo("demo-front-desk");
    assertThat(access.getClaimAsString("name")).isNotBlank();
  }

  @Test
  void prometheusClientGetsOnlyTheMetricsRole() {
    String token =
        tokenEndpoint
            .tokens("clinic-prometheus", "demo-secret", Map.of("grant_type", "client_credentials"))
            .get("access_token")
            .asString();

    Jwt access = tokenEndpoint.verified(token);
    assertThat(access.getSubject()).isEqualTo("clinic-prometheus");
    assertThat(access.getClaimAsStringList("roles")).containsExactly("METRICS");
    assertThat(access.getAudience()).contains("clinic-api");
  }

  @Test
  void wrongClientSecretGetsNoToken() {
    HttpResponse<String> response =
        tokenEndpoint.request(
            "demo-admin", "not-the-secret", Map.of("grant_type", "client_credentials"));

    assertThat(response.statusCode()).isEqualTo(401);
    assertThat(response.body()).contains("invalid_client").doesNotContain("access_token");
  }

  @Test
  void theGatewayCannotUseClientCredentials() {
    HttpResponse<String> response =
        tokenEndpoint.request(
            "clinic-gateway", "gateway-demo-secret", Map.of("grant_type", "client_credentials"));

    assertThat(response.statusCode()).isEqualTo(400);
    assertThat(response.body()).contains("unauthorized_client").doesNotContain("access_token");
  }
}
