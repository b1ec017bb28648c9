package clinic.notifications;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * A real HTTP receiver on 127.0.0.1 (the JDK's server): answers each path with scripted statuses
 * and records every request it got.
 */
final class Receiver implements AutoCloseable {

  record Request(String path, Map<String, String> headers, String body, int status, Instant at) {
    String header(String name) {
      return headers.get(name.toLowerCase(Locale.ROOT));
    }

    boolean succeeded() {
      return status >= 200 && status < 300;
    }
  }

  private static final class Script {
    final Deque<Integer> next = new ArrayDeque<>();
    int then = 200;
    final Deque<Duration> delays = new ArrayDeque<>();
    final Deque<String> retryAfters = new ArrayDeque<>();
  }

  private final HttpServer server;
  private final ExecutorService executor = Executors.newFixedThreadPool(4);
  private final Map<String, Script> scripts = new ConcurrentHashMap<>();
  private final List<Request> requests = new CopyOnWriteArrayList<>();

  private Receiver(HttpServer server) {
    this.server = server;
    server.createContext("/", this::handle);
    server.setExecutor(executor);
    server.start();
  }

  static Receiver start() {
    try {
      return new Receiver(HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0));
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  String url(String path) {
    return "http://127.0.0.1:" + server.getAddress().getPort() + path;
  }

  /** Answers {@code path} with these statuses in turn, then with {@code then} for ever. */
  void script(String path, int then, int... first) {
    Script script = scripts.computeIfAbsent(path, p -> new Script());
    synchronized (script) {
      script.next.clear();
      for (int status : first) {
        script.next.add(status);
      }
      script.then = then;
    }
  }

  /** Holds the next request to {@code path} this long before answering. */
  void delayNext(String path, Duration delay) {
    Script script = scripts.computeIfAbsent(path, p -> new Script());
    synchronized (script) {
      script.delays.add(delay);
    }
  }

  /** Sends this {@code Retry-After} value with the next answer to {@code path}. */
  void retryAfterNext(String path, String value) {
    Script script = scripts.computeIfAbsent(path, p -> new Script());
    synchronized (script) {
      script.retryAfters.add(value);
    }
  }

  List<Request> requests(String path) {
    return requests.stream().filter(r -> r.path().equals(path)).toList();
  }

  List<Request> successes(String path) {
    return requests(path).stream().filter(Request::succeeded).toList();
  }

  private void handle(HttpExchange exchange) throws IOException {
    String path = exchange.getRequestURI().getPath();
    String body;
    try (InputStream in = exchange.getRequestBody()) {
      body = new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
    Map<String, String> headers = new ConcurrentHashMap<>();
    exchange
        .getRequestHeaders()
        .forEach((name, values) -> headers.put(name.toLowerCase(Locale.ROOT), values.getFirst()));
    Script script = scripts.computeIfAbsent(path, p -> new Script());
    int status;
    Duration delay;
    String retryAfter;
    synchronized (script) {
      Integer next = script.next.poll();
      status = next != null ? next : script.then;
      delay = script.delays.poll();
      retryAfter = script.retryAfters.poll();
    }
    requests.add(new Request(path, Map.copyOf(headers), body, status, Instant.now()));
    try {
      if (delay != null) {
        Thread.sleep(delay);
      }
      if (retryAfter != null) {
        exchange.getResponseHeaders().add("Retry-After", retryAfter);
      }
      exchange.sendResponseHeaders(status, -1);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (IOException clientGaveUp) {
      // The sender timed out and closed the connection: that is what a slow receiver test wants.
    } finally {
      exchange.close();
    }
  }

  @Override
  public void close() {
    server.stop(0);
    executor.shutdownNow();
  }
}
