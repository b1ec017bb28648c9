package clinic.stack;

import com.icegreen.greenmail.configuration.GreenMailConfiguration;
import com.icegreen.greenmail.mail.MailAddress;
import com.icegreen.greenmail.mail.MovingMessage;
import com.icegreen.greenmail.user.MessageDeliveryHandler;
import com.icegreen.greenmail.user.UserManager;
import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import com.sun.net.httpserver.Headers;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.WeakHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Catches what the services send out, so that a newcomer can see it: mail through a real SMTP
 * server (GreenMail; any recipient, any login or none) and the webhook calls to the receiving
 * teams, both shown by a small web viewer. Runs inside the launcher's JVM, on loopback; nothing
 * leaves the machine. What it caught lives in memory only, so every start begins empty.
 */
final class NotificationCatcher implements AutoCloseable {

  /** One receiving team per route; the webhook path segment, {@code /webhooks/<team>}. */
  static final List<String> TEAMS =
      List.of("physical-therapy", "medication-review", "surgical-consult");

  /** Signs the local stack's webhooks, and nothing else: it is printed in the ready message. */
  static final String WEBHOOK_SECRET = "local-stack-webhook-secret";

  /** The sender address the services put on their mail. */
  static final String SENDER = "clinic@localhost";

  /** Older items are dropped, so a stack left running for days does not grow without bound. */
  private static final int KEPT = 500;

  private static final int MAX_WEBHOOK_BODY = 1024 * 1024;
  private static final Pattern MESSAGE = Pattern.compile("/messages/(\\d{1,9})(/source)?");
  private static final Pattern TEAM = Pattern.compile("[A-Za-z0-9._-]{1,64}");

  private final GreenMail smtp;
  private final int smtpPort;
  private final HttpServer http;
  private final ExecutorService httpThreads;

  // Guarded by this.
  private final Deque<CapturedMail> mails = new ArrayDeque<>();
  private final Deque<CapturedWebhook> webhooks = new ArrayDeque<>();
  private int mailsReceived;
  private int webhooksReceived;

  /**
   * How many copies arrived of each message, by its Message-ID (mail) or Idempotency-Key (webhook),
   * however many the viewer still keeps: the chaos run counts duplicates with it.
   */
  private final Map<String, Integer> copies = new HashMap<>();

  /** A message to several recipients reaches the delivery handler once per recipient. */
  private final Set<MovingMessage> captured = Collections.newSetFromMap(new WeakHashMap<>());

  private NotificationCatcher(int smtpPort, int viewerPort) throws IOException {
    this.smtpPort = smtpPort;
    this.smtp =
        new GreenMail(new ServerSetup(smtpPort, "127.0.0.1", ServerSetup.PROTOCOL_SMTP))
            .withConfiguration(GreenMailConfiguration.aConfig().withDisabledAuthentication());
    UserManager users = smtp.getUserManager();
    MessageDeliveryHandler mailbox = users.getMessageDeliveryHandler();
    users.setMessageDeliveryHandler(
        (message, recipient) -> {
          capture(message);
          return mailbox.handle(message, recipient);
        });
    this.httpThreads = Executors.newVirtualThreadPerTaskExecutor();
    this.http =
        HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), viewerPort), 0);
    http.setExecutor(httpThreads);
    http.createContext("/", this::handle);
  }

  /**
   * Starts the SMTP server on {@code 127.0.0.1:smtpPort} and the viewer (and webhook receiver) on
   * {@code 127.0.0.1:viewerPort}.
   */
  static NotificationCatcher start(int smtpPort, int viewerPort) {
    NotificationCatcher catcher;
    try {
      catcher = new NotificationCatcher(smtpPort, viewerPort);
    } catch (IOException e) {
      throw new StackException(
          "The mail viewer could not listen on 127.0.0.1:%d: %s. Choose another port with --mail-port."
              .formatted(viewerPort, e.getMessage()),
          e);
    }
    catcher.http.start();
    try {
      catcher.smtp.start();
    } catch (RuntimeException e) {
      catcher.close();
      throw new StackException(
          "The SMTP server could not start on 127.0.0.1:%d: %s. Choose another port with --smtp-port."
              .formatted(smtpPort, e.getMessage()),
          e);
    }
    return catcher;
  }

  int smtpPort() {
    return smtpPort;
  }

  URI viewerUri() {
    return URI.create("http://127.0.0.1:" + http.getAddress().getPort() + "/");
  }

  URI webhookUri(String team) {
    return viewerUri().resolve("webhooks/" + team);
  }

  /** Newest first. */
  synchronized List<CapturedMail> mails() {
    return List.copyOf(mails);
  }

  /** Newest first. */
  synchronized List<CapturedWebhook> webhooks() {
    return List.copyOf(webhooks);
  }

  /** Copies received of each message: keys {@code mail <Message-ID>} and {@code webhook <key>}. */
  synchronized Map<String, Integer> copiesByKey() {
    return Map.copyOf(copies);
  }

  /** Stops the viewer, then the SMTP server. Safe to call more than once. */
  @Override
  public void close() {
    http.stop(0);
    httpThreads.shutdownNow();
    smtp.stop();
  }

  private synchronized void capture(MovingMessage message) {
    if (!captured.add(message)) {
      return;
    }
    MailAddress returnPath = message.getReturnPath();
    List<String> recipients =
        message.getToAddresses().stream().map(MailAddress::getEmail).sorted().toList();
    CapturedMail mail =
        CapturedMail.from(
            ++mailsReceived,
            Instant.now(),
            returnPath == null ? "<>" : returnPath.getEmail(),
            recipients,
            message.getMessage());
    keep(mails, mail);
    mail.headers().stream()
        .filter(header -> header.getKey().equalsIgnoreCase("Message-ID"))
        .findFirst()
        .ifPresent(id -> copies.merge("mail " + id.getValue().strip(), 1, Integer::sum));
  }

  private synchronized CapturedWebhook record(
      String team,
      List<Map.Entry<String, String>> headers,
      String body,
      CapturedWebhook.Signature s) {
    CapturedWebhook webhook =
        new CapturedWebhook(++webhooksReceived, Instant.now(), team, headers, body, s);
    keep(webhooks, webhook);
    headers.stream()
        .filter(header -> header.getKey().equalsIgnoreCase("Idempotency-Key"))
        .findFirst()
        .ifPresent(key -> copies.merge("webhook " + key.getValue().strip(), 1, Integer::sum));
    return webhook;
  }

  private static <T> void keep(Deque<T> items, T item) {
    items.addFirst(item);
    if (items.size() > KEPT) {
      items.removeLast();
    }
  }

  private synchronized Optional<CapturedMail> mail(int number) {
    return mails.stream().filter(mail -> mail.number() == number).findFirst();
  }

  private void handle(HttpExchange exchange) throws IOException {
    try {
      route(exchange);
    } catch (RuntimeException e) {
      send(exchange, 500, ViewerPages.TEXT, "The viewer failed: " + e + "\n");
    } finally {
      exchange.close();
    }
  }

  private void route(HttpExchange exchange) throws IOException {
    String path = exchange.getRequestURI().getPath();
    String method = exchange.getRequestMethod();
    boolean refresh = !"refresh=off".equals(exchange.getRequestURI().getRawQuery());
    if (path.startsWith("/webhooks/")) {
      String team = path.substring("/webhooks/".length());
      if (!TEAM.matcher(team).matches()) {
        send(exchange, 404, ViewerPages.TEXT, "No such webhook endpoint.\n");
      } else if (!method.equals("POST")) {
        exchange.getResponseHeaders().set("Allow", "POST");
        send(exchange, 405, ViewerPages.TEXT, "Webhooks are POSTed here.\n");
      } else {
        receiveWebhook(exchange, team);
      }
      return;
    }
    if (!method.equals("GET") && !method.equals("HEAD")) {
      exchange.getResponseHeaders().set("Allow", "GET, HEAD");
      send(exchange, 405, ViewerPages.TEXT, "Read-only: use GET.\n");
      return;
    }
    Matcher message = MESSAGE.matcher(path);
    switch (path) {
      case "/" ->
          send(exchange, 200, ViewerPages.HTML, ViewerPages.inbox(mails(), smtpPort, refresh));
      case "/api/messages" -> send(exchange, 200, ViewerPages.JSON, ViewerPages.mailsJson(mails()));
      case "/webhooks" ->
          send(
              exchange,
              200,
              ViewerPages.HTML,
              ViewerPages.webhooks(webhooks(), endpoints(), WEBHOOK_SECRET, refresh));
      case "/api/webhooks" ->
          send(exchange, 200, ViewerPages.JSON, ViewerPages.webhooksJson(webhooks()));
      default -> {
        Optional<CapturedMail> mail =
            message.matches() ? mail(Integer.parseInt(message.group(1))) : Optional.empty();
        if (mail.isEmpty()) {
          send(exchange, 404, ViewerPages.HTML, ViewerPages.notFound(path));
        } else if (message.group(2) != null) {
          send(exchange, 200, ViewerPages.TEXT, mail.get().source());
        } else {
          send(exchange, 200, ViewerPages.HTML, ViewerPages.message(mail.get()));
        }
      }
    }
  }

  private List<URI> endpoints() {
    return TEAMS.stream().map(this::webhookUri).toList();
  }

  private void receiveWebhook(HttpExchange exchange, String team) throws IOException {
    byte[] body;
    try (InputStream in = exchange.getRequestBody()) {
      body = in.readNBytes(MAX_WEBHOOK_BODY + 1);
    }
    if (body.length > MAX_WEBHOOK_BODY) {
      send(exchange, 413, ViewerPages.TEXT, "Larger than 1 MiB.\n");
      return;
    }
    Headers request = exchange.getRequestHeaders();
    List<Map.Entry<String, String>> headers = new ArrayList<>();
    request.entrySet().stream()
        .sorted(Map.Entry.comparingByKey(String.CASE_INSENSITIVE_ORDER))
        .forEach(
            header -> header.getValue().forEach(v -> headers.add(Map.entry(header.getKey(), v))));
    CapturedWebhook.Signature signature =
        CapturedWebhook.Signature.of(
            WEBHOOK_SECRET,
            request.getFirst(CapturedWebhook.TIMESTAMP_HEADER),
            request.getFirst(CapturedWebhook.SIGNATURE_HEADER),
            body);
    record(team, headers, new String(body, StandardCharsets.UTF_8), signature);
    send(exchange, 204, ViewerPages.TEXT, "");
  }

  private static void send(HttpExchange exchange, int status, String contentType, String body)
      throws IOException {
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    Headers headers = exchange.getResponseHeaders();
    headers.set("Content-Type", contentType);
    headers.set("Cache-Control", "no-store");
    headers.set("X-Content-Type-Options", "nosniff");
    headers.set("Referrer-Policy", "no-referrer");
    // Mail is untrusted input: no script runs here, whatever slips through (HTML bodies are shown
    // in a sandboxed frame anyway).
    headers.set(
        "Content-Security-Policy",
        "script-src 'none'; object-src 'none'; base-uri 'none'; form-action 'none'");
    boolean empty = bytes.length == 0 || exchange.getRequestMethod().equals("HEAD");
    exchange.sendResponseHeaders(status, empty ? -1 : bytes.length);
    if (!empty) {
      try (OutputStream out = exchange.getResponseBody()) {
        out.write(bytes);
      }
    }
  }
}
