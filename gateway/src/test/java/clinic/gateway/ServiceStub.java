package clinic.gateway;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Stands for intake, triage or content on loopback: answers every request with 200 and records what
 * reached it, so a test can tell what the gateway forwarded and what it held back.
 */
final class ServiceStub {

  /** One request as the service saw it. Header names are lower case. */
  record Received(
      String service,
      String method,
      String pathAndQuery,
      Map<String, List<String>> headers,
      String body) {

    String header(String name) {
      List<String> values = headers.get(name.toLowerCase(java.util.Locale.ROOT));
      return values == null ? null : String.join(", ", values);
    }
  }

  /** A path containing this gets a Content-Security-Policy of the service's own. */
  static final String OWN_CSP_MARKER = "own-csp";

  static final String OWN_CSP = "default-src 'self'; img-src 'self' data:";

  private final String service;
  private final HttpServer server;
  private final List<Received> received;

  ServiceStub(String service, List<Received> received) {
    this.service = service;
    this.received = received;
    try {
      server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    server.createContext(
        "/",
        exchange -> {
          Map<String, List<String>> headers = new TreeMap<>();
          exchange
              .getRequestHeaders()
              .forEach(
                  (name, values) ->
                      headers.put(name.toLowerCase(java.util.Locale.ROOT), List.copyOf(values)));
          String body =
              new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
          received.add(
              new Received(
                  service,
                  exchange.getRequestMethod(),
                  exchange.getRequestURI().getRawPath()
                      + (exchange.getRequestURI().getRawQuery() == null
                          ? ""
                          : "?" + exchange.getRequestURI().getRawQuery()),
                  headers,
                  body));
          if (exchange.getRequestURI().getPath().contains(OWN_CSP_MARKER)) {
            exchange.getResponseHeaders().add("Content-Security-Policy", OWN_CSP);
          }
          byte[] answer = ("<p>" + service + "</p>").getBytes(StandardCharsets.UTF_8);
          exchange.getResponseHeaders().add("Content-Type", "text/html;charset=UTF-8");
          exchange.sendResponseHeaders(200, answer.length);
          exchange.getResponseBody().write(answer);
          exchange.close();
        });
    server.start();
  }

  URI uri() {
    return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
  }

  String service() {
    return service;
  }

  static List<Received> newLog() {
    return new CopyOnWriteArrayList<>();
  }
}
