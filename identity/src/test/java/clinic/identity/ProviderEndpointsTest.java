package clinic.identity;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.ActiveProfiles;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** What the launcher and the services read from the provider without signing in. */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT)
@ActiveProfiles("local")
class ProviderEndpointsTest {

  @LocalServerPort int port;

  Browser anonymous;

  @BeforeEach
  void connect() {
    anonymous = new Browser("http://localhost:" + port);
  }

  @Test
  void readinessIsOpenSoThatTheLauncherCanWaitForIt() {
    HttpResponse<String> readiness = anonymous.fetch("/actuator/health/readiness");

    assertThat(readiness.statusCode()).isEqualTo(200);
    assertThat(readiness.body()).contains("\"status\":\"UP\"");
  }

  @Test
  void discoveryNamesTheConfiguredIssuerAndTheLogoutEndpoint() {
    HttpResponse<String> discovery = anonymous.fetch("/.well-known/openid-configuration");

    assertThat(discovery.statusCode()).isEqualTo(200);
    JsonNode document = JsonMapper.builder().build().readTree(discovery.body());
    assertThat(document.get("issuer").asString()).isEqualTo("http://localhost:9000");
    assertThat(document.get("jwks_uri").asString()).isEqualTo("http://localhost:9000/oauth2/jwks");
    assertThat(document.get("end_session_endpoint").asString())
        .isEqualTo("http://localhost:9000/connect/logout");
  }

  @Test
  void otherActuatorEndpointsNeedASignIn() {
    assertThat(anonymous.fetch("/actuator").statusCode()).isIn(302, 401);
    assertThat(anonymous.fetch("/actuator/env").statusCode()).isIn(302, 401);
  }

  @Test
  void theSessionCookieIsTheProvidersOwn() {
    HttpResponse<String> page = anonymous.get("/login");

    assertThat(page.headers().allValues("Set-Cookie"))
        .anySatisfy(cookie -> assertThat(cookie).startsWith("CLINIC_IDP_SESSION="));
  }
}
