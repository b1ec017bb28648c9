package clinic.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import clinic.security.testing.TestIssuer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.Test;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/** Triage is not running: the gateway says so instead of showing an error page. */
class ServiceDownTest extends GatewayTest {

  @DynamicPropertySource
  static void triageIsDown(DynamicPropertyRegistry registry) {
    registry.add("clinic.routes.triage", () -> "http://127.0.0.1:" + closedPort());
  }

  @Test
  void pageOfAServiceThatDoesNotAnswerIsAFriendly502() {
    String token = TestIssuer.bearer(TestIssuer.shared().tokenFor("CLINICIAN"));

    HttpResponse<String> response =
        browser().get("/dashboard", "Authorization", token, "Accept", "text/html");

    assertThat(response.statusCode()).isEqualTo(502);
    assertThat(response.body()).contains("<h1>Not available right now</h1>");
  }

  @Test
  void apiOfAServiceThatDoesNotAnswerIsProblemJson() {
    String token = TestIssuer.bearer(TestIssuer.shared().tokenFor("CLINICIAN"));

    HttpResponse<String> response = browser().get("/api/referrals", "Authorization", token);

    assertThat(response.statusCode()).isEqualTo(502);
    assertThat(response.headers().firstValue("Content-Type")).hasValue("application/problem+json");
    assertThat(response.body()).contains("\"status\":502");
  }

  private static int closedPort() {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
