package clinic.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import clinic.security.testing.TestIssuer;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.Test;

/**
 * Clients without a session send their own bearer token; the gateway checks it and passes it on.
 */
class ApiClientTest extends GatewayTest {

  @Test
  void validBearerTokenIsPassedThroughUnchanged() {
    String token = TestIssuer.shared().tokenFor("CLINICIAN");

    HttpResponse<String> response =
        browser().get("/api/referrals", "Authorization", TestIssuer.bearer(token));

    assertThat(response.statusCode()).isEqualTo(200);
    var received = onlyRequestReceived();
    assertThat(received.service()).isEqualTo("triage");
    assertThat(received.header("Authorization")).isEqualTo(TestIssuer.bearer(token));
    assertThat(received.header("X-CSRF-TOKEN")).isNull();
    assertThat(response.headers().allValues("Set-Cookie")).isEmpty();
  }

  @Test
  void bearerClientNeedsNoCsrfTokenToPost() {
    String token = TestIssuer.shared().tokenFor("FRONT_DESK");

    HttpResponse<String> response =
        browser()
            .postJson("/api/intakes", "{\"age\":47}", "Authorization", TestIssuer.bearer(token));

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(onlyRequestReceived().body()).isEqualTo("{\"age\":47}");
  }

  @Test
  void tokenForAnotherAudienceIsRefusedAtTheGateway() {
    String token = TestIssuer.shared().tokenForAudience("other", "ADMIN");

    HttpResponse<String> response =
        browser().get("/api/referrals", "Authorization", TestIssuer.bearer(token));

    assertThat(response.statusCode()).isEqualTo(401);
    assertThat(response.headers().firstValue("WWW-Authenticate"))
        .hasValueSatisfying(v -> assertThat(v).contains("invalid_token"));
    assertThat(response.body()).contains("\"status\":401");
    assertThat(RECEIVED).isEmpty();
  }

  @Test
  void garbageTokenIsRefused() {
    HttpResponse<String> response =
        browser().get("/api/items", "Authorization", "Bearer not-a-jwt");

    assertThat(response.statusCode()).isEqualTo(401);
    assertThat(RECEIVED).isEmpty();
  }
}
