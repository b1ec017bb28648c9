package clinic.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import clinic.gateway.ServiceStub.Received;
import clinic.security.testing.TestIssuer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * An instance killed while it had the request: it took the connection and the request, then the
 * connection broke with no answer. A request that may be sent twice (it carries an {@code
 * Idempotency-Key}) goes to the next instance; any other is answered 502, never sent twice.
 */
class BrokenConnectionTest extends GatewayTest {

  static final HangUp HANG_UP = new HangUp();

  @DynamicPropertySource
  static void oneLiveOneHangingUp(DynamicPropertyRegistry registry) {
    registry.add("INTAKE_URLS", () -> INTAKE.uri() + ",http://127.0.0.1:" + HANG_UP.port());
  }

  @AfterAll
  static void stopHangingUp() throws IOException {
    HANG_UP.close();
  }

  @Test
  void aPostWithAnIdempotencyKeyGoesToTheNextInstanceWhenTheConnectionBreaks() {
    String token = TestIssuer.bearer(TestIssuer.shared().tokenFor("FRONT_DESK"));
    int before = HANG_UP.requests();

    for (int i = 0; i < 6; i++) {
      String json = "{\"attempt\":" + i + "}";
      HttpResponse<String> response =
          browser()
              .postJson(
                  "/api/intakes",
                  json,
                  "Authorization",
                  token,
                  "Idempotency-Key",
                  UUID.randomUUID().toString());
      assertThat(response.statusCode()).as("POST %d: %s", i, response.body()).isEqualTo(200);
    }

    assertThat(HANG_UP.requests() - before).as("every other choice hung up").isGreaterThan(0);
    assertThat(RECEIVED)
        .extracting(Received::body)
        .containsExactlyInAnyOrder(
            java.util.stream.IntStream.range(0, 6)
                .mapToObj(i -> "{\"attempt\":" + i + "}")
                .toArray(String[]::new));
  }

  /**
   * What the chaos run saw: while a request's connection to a dying instance breaks, another
   * request takes the live instance's turn, so round robin alone would hand every retry the dead
   * instance again. Here each hang-up first lets another request through the same route.
   */
  @Test
  void aRetryGoesToAnInstanceThatHasNotFailedTheRequestEvenWhenOthersTakeTheLiveOnesTurn() {
    String token = TestIssuer.bearer(TestIssuer.shared().tokenFor("FRONT_DESK"));
    List<Integer> between = new ArrayList<>();
    HANG_UP.beforeHangingUp =
        () -> between.add(browser().get("/api/intakes/other", "Authorization", token).statusCode());
    int before = HANG_UP.requests();
    try {
      for (int i = 0; i < 6; i++) {
        HttpResponse<String> response =
            browser()
                .postJson(
                    "/api/intakes",
                    "{\"attempt\":" + i + "}",
                    "Authorization",
                    token,
                    "Idempotency-Key",
                    UUID.randomUUID().toString());
        assertThat(response.statusCode()).as("POST %d: %s", i, response.body()).isEqualTo(200);
      }
    } finally {
      HANG_UP.beforeHangingUp = () -> {};
    }

    assertThat(HANG_UP.requests() - before).as("the dead instance's turns").isGreaterThan(0);
    assertThat(between).as("requests let through in between").isNotEmpty().containsOnly(200);
    assertThat(RECEIVED.stream().filter(r -> r.method().equals("POST")).count()).isEqualTo(6);
  }

  @Test
  void aPostWithoutAnIdempotencyKeyIsNotSentTwice() {
    String token = TestIssuer.bearer(TestIssuer.shared().tokenFor("FRONT_DESK"));
    int before = HANG_UP.requests();
    List<Integer> statuses = new ArrayList<>();

    for (int i = 0; i < 4; i++) {
      statuses.add(
          browser()
              .postJson("/api/intakes", "{\"attempt\":" + i + "}", "Authorization", token)
              .statusCode());
    }

    int hungUp = HANG_UP.requests() - before;
    assertThat(hungUp).isGreaterThan(0);
    assertThat(statuses.stream().filter(status -> status == 502).count()).isEqualTo(hungUp);
    assertThat(RECEIVED).hasSize(4 - hungUp);
  }

  /** Takes each connection, reads the start of the request, and closes it without an answer. */
  static final class HangUp implements AutoCloseable {

    private final ServerSocket server;
    private final AtomicInteger requests = new AtomicInteger();

    /** Run after a request arrived, before the connection is closed. */
    volatile Runnable beforeHangingUp = () -> {};

    HangUp() {
      try {
        server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
      Thread.ofPlatform()
          .daemon()
          .name("hang-up")
          .start(
              () -> {
                while (!server.isClosed()) {
                  try (Socket connection = server.accept()) {
                    if (connection.getInputStream().read(new byte[8192]) > 0) {
                      requests.incrementAndGet();
                      beforeHangingUp.run();
                    }
                    connection.setSoLinger(true, 0);
                  } catch (IOException e) {
                    // Closed: the test is over.
                  }
                }
              });
    }

    int port() {
      return server.getLocalPort();
    }

    int requests() {
      return requests.get();
    }

    @Override
    public void close() throws IOException {
      server.close();
    }
  }
}
