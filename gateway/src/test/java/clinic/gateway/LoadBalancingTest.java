package clinic.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import clinic.gateway.ServiceStub.Received;
import clinic.security.testing.TestIssuer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.http.HttpResponse;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.util.MultiValueMap;
import org.springframework.web.util.UriComponentsBuilder;

/**
 * Several instances of a service behind one route: intake has two live instances and one whose port
 * refuses connections (killed, restarting); content has two live ones.
 */
class LoadBalancingTest extends GatewayTest {

  static final ServiceStub INTAKE_B = new ServiceStub("intake-b", RECEIVED);
  static final ServiceStub CONTENT_B = new ServiceStub("content-b", RECEIVED);
  static final int DEAD_PORT = closedPort();

  @DynamicPropertySource
  static void severalInstances(DynamicPropertyRegistry registry) {
    registry.add(
        "INTAKE_URLS",
        () -> INTAKE.uri() + ", http://127.0.0.1:" + DEAD_PORT + "," + INTAKE_B.uri());
    registry.add("CONTENT_URLS", () -> CONTENT.uri() + "," + CONTENT_B.uri());
  }

  @Test
  void requestsAreSpreadOverTheInstances() {
    String token = TestIssuer.bearer(TestIssuer.shared().tokenFor("FRONT_DESK"));

    for (int i = 0; i < 6; i++) {
      HttpResponse<String> response = browser().get("/api/items/item-" + i, "Authorization", token);
      assertThat(response.statusCode()).isEqualTo(200);
    }

    assertThat(RECEIVED).hasSize(6);
    assertThat(RECEIVED.stream().filter(r -> r.service().equals("content")).count()).isEqualTo(3);
    assertThat(RECEIVED.stream().filter(r -> r.service().equals("content-b")).count()).isEqualTo(3);
  }

  @Test
  void anInstanceThatRefusesConnectionsIsSkippedAndEachPostArrivesOnceWhole() {
    String token = TestIssuer.bearer(TestIssuer.shared().tokenFor("FRONT_DESK"));

    for (int i = 0; i < 9; i++) {
      String json = "{\"attempt\":" + i + "}";
      HttpResponse<String> response =
          browser().postJson("/api/intakes", json, "Authorization", token);
      assertThat(response.statusCode()).as("POST %d: %s", i, response.body()).isEqualTo(200);
    }

    // Every third choice is the dead instance: its requests went to the next one, once each.
    assertThat(RECEIVED)
        .extracting(Received::body)
        .containsExactlyInAnyOrder(
            java.util.stream.IntStream.range(0, 9)
                .mapToObj(i -> "{\"attempt\":" + i + "}")
                .toArray(String[]::new));
    assertThat(RECEIVED).extracting(Received::service).contains("intake", "intake-b");
  }

  @Test
  void aSignedInFormPostSkippedToTheNextInstanceKeepsItsBody() {
    Browser frontDesk = signedIn("u-frances", "Frances Front-Desk", "FRONT_DESK");
    frontDesk.get("/intakes/new", "Accept", "text/html");
    String csrf = RECEIVED.getFirst().header("X-CSRF-TOKEN");

    for (int i = 0; i < 3; i++) {
      RECEIVED.clear();
      Map<String, List<String>> fields = new LinkedHashMap<>();
      fields.put("painLocation", List.of("LOWER_BACK", "KNEE"));
      fields.put("age", List.of("4" + i));
      fields.put("_csrf", List.of(csrf));

      HttpResponse<String> response =
          frontDesk.postForm("/intakes", form(fields), "Accept", "text/html");

      assertThat(response.statusCode()).isEqualTo(200);
      MultiValueMap<String, String> forwarded =
          UriComponentsBuilder.newInstance()
              .query(onlyRequestReceived().body())
              .build()
              .getQueryParams();
      assertThat(forwarded.get("painLocation")).containsExactly("LOWER_BACK", "KNEE");
      assertThat(forwarded.get("age")).containsExactly("4" + i);
    }
  }

  private static int closedPort() {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
