package clinic.triage.notification;

import clinic.notifications.WebhookSignature;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * A receiving team's webhook endpoint, a real HTTP server on 127.0.0.1: answers each path with
 * scripted statuses, records every request, and, as a well-behaved receiver does, processes each
 * {@code Idempotency-Key} once (a repeat is answered 200 and counted as a duplicate, not
 * processed). It can also hold requests unanswered, to catch a sender in the middle of its sends.
 */
final class WebhookReceiver implements AutoCloseable {

  record Request(String path, Map<String, String> headers, String body, int status) {
    String header(String name) {
      return headers.get(name.toLowerCase(Locale.ROOT));
    }

    String key() {
      return header(WebhookSignature.IDEMPOTENCY_KEY_HEADER);
    }

    boolean signedWith(String secret) {
      return WebhookSignature.verify(
          secret,
          header(WebhookSignature.TIMESTAMP_HEADER),
          body,
          header(WebhookSignature.SIGNATURE_HEADER));
    }
  }

  private final HttpServer server;
  private final ExecutorService executor = Executors.newCachedThreadPool();
  private final Map<String, Deque<Integer>> scripts = new ConcurrentHashMap<>();
  private final List<Request> requests = new CopyOnWriteArrayList<>();
  private final List<Request> processed = new CopyOnWriteArrayList<>();
  private final List<Request> duplicates = new CopyOnWriteArrayList<>();
  private final Set<String> processedKeys = ConcurrentHashMap.newKeySet();
  private volatile CountDownLatch hold;
  private final List<Request> held = new CopyOnWriteArrayList<>();

  WebhookReceiver() {
    try {
      server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 50);
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
    server.createContext("/", this::handle);
    server.setExecutor(executor);
    server.start();
  }

  String url(String path) {
    return "http://127.0.0.1:" + server.getAddress().getPort() + path;
  }

  /** Answers {@code path} with these statuses in turn, then 200. */
  void script(String path, int... statuses) {
    Deque<Integer> next = new ArrayDeque<>();
    for (int status : statuses) {
      next.add(status);
    }
    scripts.put(path, next);
  }

  /**
   * From now on a request is processed (its key recorded) on arrival, and then its answer is held
   * until {@link #release()}: the sender may die while waiting for it.
   */
  void holdAnswers() {
    hold = new CountDownLatch(1);
  }

  void release() {
    CountDownLatch latch = hold;
    hold = null;
    if (latch != null) {
      latch.countDown();
    }
  }

  List<Request> held() {
    return List.copyOf(held);
  }

  List<Request> requests() {
    return List.copyOf(requests);
  }

  /** Requests whose body mentions {@code text} (a referral id). */
  List<Request> requestsAbout(String text) {
    return requests.stream().filter(r -> r.body().contains(text)).toList();
  }

  /** Deliveries processed, one per Idempotency-Key. */
  List<Request> processed() {
    return List.copyOf(processed);
  }

  List<Request> processedAbout(String text) {
    return processed.stream().filter(r -> r.body().contains(text)).toList();
  }

  List<Request> duplicates() {
    return List.copyOf(duplicates);
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
    Integer scripted;
    Deque<Integer> script = scripts.get(path);
    synchronized (this) {
      scripted = script == null ? null : script.poll();
    }
    int status = scripted == null ? 200 : scripted;
    Request request = new Request(path, Map.copyOf(headers), body, status);
    requests.add(request);
    if (status == 200) {
      // A repeated key was processed before: answer success again, do nothing again.
      if (processedKeys.add(request.key())) {
        processed.add(request);
      } else {
        duplicates.add(request);
      }
    }
    try {
      CountDownLatch latch = hold;
      if (latch != null) {
        held.add(request);
        latch.await();
      }
      exchange.sendResponseHeaders(status, -1);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (IOException senderGone) {
      // The sender died or timed out while the answer was held: that is what the crash test wants.
    } finally {
      exchange.close();
    }
  }

  @Override
  public void close() {
    release();
    server.stop(0);
    executor.shutdownNow();
  }
}
