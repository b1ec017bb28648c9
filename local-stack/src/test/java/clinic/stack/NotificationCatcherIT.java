package clinic.stack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import jakarta.mail.Message;
import jakarta.mail.Session;
import jakarta.mail.Transport;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeBodyPart;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeMultipart;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Properties;
import java.util.UUID;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The local stack's mail catcher on its own: real SMTP in (Jakarta Mail), the viewer's pages and
 * JSON out, and the receiving teams' webhook endpoints.
 */
class NotificationCatcherIT {

  private static final HttpClient HTTP =
      HttpClient.newBuilder()
          .version(HttpClient.Version.HTTP_1_1)
          .connectTimeout(Duration.ofSeconds(2))
          .build();
  private static final JsonMapper JSON = JsonMapper.builder().build();

  private static NotificationCatcher catcher;

  @BeforeAll
  static void startCatcher() {
    catcher = NotificationCatcher.start(Ports.free(), Ports.free());
  }

  @AfterAll
  static void stopCatcher() {
    if (catcher != null) {
      catcher.close();
    }
  }

  @Test
  void mailSentOverSmtpIsListedOnceNewestFirstWithItsSpanishText() throws Exception {
    String tag = UUID.randomUUID().toString().substring(0, 8);
    String subject = "Su próxima cita: fisioterapia — ¿dudas? Año, niño, acción " + tag;
    String text =
        "Hola, su derivación a fisioterapia está confirmada.\nPróximo paso: pedir cita. Señal: ñ.";
    MimeMessage message = message(subject);
    message.setRecipients(
        Message.RecipientType.TO,
        new InternetAddress[] {
          new InternetAddress("fisioterapia@clinic.test"),
          new InternetAddress("equipo@clinic.test", "Equipo Señal", "UTF-8")
        });
    message.setRecipients(Message.RecipientType.BCC, "archivo@clinic.test");
    MimeBodyPart plain = new MimeBodyPart();
    plain.setText(text, "UTF-8");
    MimeBodyPart html = new MimeBodyPart();
    html.setText("<p>Hola, su <b>derivación</b> está confirmada.</p>", "UTF-8", "html");
    message.setContent(new MimeMultipart("alternative", plain, html));
    Transport.send(message);
    String later = "Recordatorio " + tag;
    MimeMessage second = message(later);
    second.setRecipients(Message.RecipientType.TO, "paciente@clinic.test");
    second.setText("Segundo mensaje.", "UTF-8");
    Transport.send(second);

    List<JsonNode> sent = messagesWithSubject(subject);
    assertThat(sent).as("one entry for a message with three recipients").hasSize(1);
    JsonNode mail = sent.getFirst();
    assertThat(mail.path("from").asString()).isEqualTo("Clínica <clinic@localhost>");
    assertThat(strings(mail.path("to")))
        .containsExactly("fisioterapia@clinic.test", "Equipo Señal <equipo@clinic.test>");
    assertThat(strings(mail.path("envelopeTo")))
        .containsExactlyInAnyOrder(
            "fisioterapia@clinic.test", "equipo@clinic.test", "archivo@clinic.test");
    assertThat(mail.path("text").asString()).isEqualTo(text);
    assertThat(mail.path("html").asString()).contains("<b>derivación</b>");

    HttpResponse<String> inbox = get("/");
    assertThat(inbox.statusCode()).isEqualTo(200);
    assertThat(inbox.headers().firstValue("Content-Type")).hasValue(ViewerPages.HTML);
    assertThat(inbox.body())
        .contains("<meta http-equiv=\"refresh\"")
        .contains("Clínica &lt;clinic@localhost&gt;")
        .contains(">" + subject + "</a>")
        .contains("href=\"/messages/" + mail.path("number").asInt() + "\"");
    assertThat(inbox.body().indexOf(later))
        .as("newest first")
        .isLessThan(inbox.body().indexOf(subject));
    assertThat(get("/?refresh=off").body()).doesNotContain("http-equiv=\"refresh\"");

    HttpResponse<String> page = get("/messages/" + mail.path("number").asInt());
    assertThat(page.statusCode()).isEqualTo(200);
    assertThat(page.body())
        .contains("<h1>" + subject + "</h1>")
        .contains("<pre>" + text + "</pre>")
        .contains("Equipo Señal &lt;equipo@clinic.test&gt;")
        .contains("<iframe sandbox=\"\"");
    HttpResponse<String> source = get("/messages/" + mail.path("number").asInt() + "/source");
    assertThat(source.headers().firstValue("Content-Type")).hasValue(ViewerPages.TEXT);
    assertThat(source.body()).contains("Message-ID:").contains("multipart/alternative");
  }

  @Test
  void smtpAcceptsAnyLogin() throws Exception {
    String subject = "Con usuario " + UUID.randomUUID();
    Properties properties = smtpProperties();
    properties.put("mail.smtp.auth", "true");
    MimeMessage message = new MimeMessage(Session.getInstance(properties));
    message.setFrom("clinic@localhost");
    message.setRecipients(Message.RecipientType.TO, "alguien@clinic.test");
    message.setSubject(subject, "UTF-8");
    message.setText("Hola.", "UTF-8");

    Transport.send(message, "cualquier-usuario", "cualquier-clave");

    assertThat(messagesWithSubject(subject)).hasSize(1);
  }

  @Test
  void viewerEscapesMarkupFromMailAndSandboxesTheHtmlBody() throws Exception {
    String tag = UUID.randomUUID().toString().substring(0, 8);
    String subject = "<script>alert('subject')</script> & más " + tag;
    MimeMessage message = message(subject);
    message.setRecipients(Message.RecipientType.TO, "equipo@clinic.test");
    MimeBodyPart plain = new MimeBodyPart();
    plain.setText("<script>alert(\"text\")</script>", "UTF-8");
    MimeBodyPart html = new MimeBodyPart();
    html.setText(
        "<p>Hola</p><script>alert(\"html\")</script><img src=x onerror=\"alert(1)\">",
        "UTF-8",
        "html");
    message.setContent(new MimeMultipart("alternative", plain, html));
    Transport.send(message);
    int number = messagesWithSubject(subject).getFirst().path("number").asInt();

    String escapedSubject =
        "&lt;script&gt;alert(&#39;subject&#39;)&lt;/script&gt; &amp; más " + tag;
    HttpResponse<String> inbox = get("/");
    assertThat(inbox.body()).contains(escapedSubject).doesNotContainIgnoringCase("<script");
    HttpResponse<String> page = get("/messages/" + number);
    assertThat(page.body())
        .doesNotContainIgnoringCase("<script")
        .doesNotContain("<img")
        .contains("<h1>" + escapedSubject + "</h1>")
        .contains("<pre>&lt;script&gt;alert(&quot;text&quot;)&lt;/script&gt;</pre>")
        .contains(
            "srcdoc=\"&lt;p&gt;Hola&lt;/p&gt;&lt;script&gt;alert(&quot;html&quot;)&lt;/script&gt;");
    assertThat(page.body()).containsPattern("<iframe sandbox=\"\"[^>]*srcdoc=");
    assertThat(page.headers().firstValue("Content-Security-Policy"))
        .hasValueSatisfying(csp -> assertThat(csp).contains("script-src 'none'"));
  }

  @Test
  void postedWebhookIsRecordedListedAndItsSignatureChecked() throws Exception {
    String key = UUID.randomUUID().toString();
    String body =
        "{\"referralId\":\"" + key + "\",\"route\":\"PHYSICAL_THERAPY\",\"note\":\"<b>señal</b>\"}";
    String timestamp = Long.toString(Instant.now().getEpochSecond());

    HttpResponse<String> signed =
        post(
            "/webhooks/physical-therapy",
            body,
            "Idempotency-Key",
            key,
            CapturedWebhook.TIMESTAMP_HEADER,
            timestamp,
            CapturedWebhook.SIGNATURE_HEADER,
            sign(NotificationCatcher.WEBHOOK_SECRET, timestamp, body));
    HttpResponse<String> forged =
        post(
            "/webhooks/medication-review",
            body,
            "Idempotency-Key",
            key,
            CapturedWebhook.TIMESTAMP_HEADER,
            timestamp,
            CapturedWebhook.SIGNATURE_HEADER,
            sign("another-secret", timestamp, body));
    HttpResponse<String> unsigned =
        post("/webhooks/surgical-consult", body, "Idempotency-Key", key);

    assertThat(List.of(signed.statusCode(), forged.statusCode(), unsigned.statusCode()))
        .containsOnly(204);
    List<JsonNode> received =
        getJson("/api/webhooks")
            .valueStream()
            .filter(webhook -> body.equals(webhook.path("body").asString()))
            .toList();
    assertThat(received)
        .extracting(webhook -> webhook.path("team").asString())
        .containsExactly("surgical-consult", "medication-review", "physical-therapy");
    assertThat(received)
        .extracting(webhook -> webhook.path("signature").asString())
        .containsExactly("UNSIGNED", "INVALID", "VALID");
    assertThat(received.getLast().path("headers").valueStream())
        .anySatisfy(
            header -> {
              assertThat(header.path("name").asString()).isEqualToIgnoringCase("Idempotency-Key");
              assertThat(header.path("value").asString()).isEqualTo(key);
            });

    HttpResponse<String> page = get("/webhooks");
    assertThat(page.statusCode()).isEqualTo(200);
    assertThat(page.body())
        .contains("/webhooks/physical-therapy")
        .contains(NotificationCatcher.WEBHOOK_SECRET)
        .contains("to physical-therapy</h2>")
        .contains("&lt;b&gt;señal&lt;/b&gt;")
        .doesNotContain("<b>señal")
        .contains("INVALID: does not match");
  }

  @Test
  void unknownPathsAndMethodsAreRefused() throws Exception {
    assertThat(get("/messages/999999").statusCode()).isEqualTo(404);
    assertThat(get("/webhooks/physical-therapy").statusCode()).isEqualTo(405);
    assertThat(post("/api/messages", "{}").statusCode()).isEqualTo(405);
    assertThat(post("/webhooks/<script>", "{}").statusCode()).isEqualTo(404);
  }

  @Test
  void closedCatcherFreesBothPorts() throws Exception {
    int smtpPort = Ports.free();
    int viewerPort = Ports.free();
    NotificationCatcher own = NotificationCatcher.start(smtpPort, viewerPort);
    Properties properties = smtpProperties();
    properties.put("mail.smtp.port", Integer.toString(smtpPort));
    MimeMessage message = new MimeMessage(Session.getInstance(properties));
    message.setFrom("clinic@localhost");
    message.setRecipients(Message.RecipientType.TO, "equipo@clinic.test");
    message.setText("Hola.", "UTF-8");
    Transport.send(message);
    assertThat(own.mails()).hasSize(1);

    own.close();

    Ports.requireFree(smtpPort, "SMTP", "-");
    Ports.requireFree(viewerPort, "viewer", "-");
    assertThatThrownBy(() -> HTTP.send(request(own.viewerUri()).build(), discarding()))
        .isInstanceOf(IOException.class);
  }

  private static MimeMessage message(String subject) throws Exception {
    MimeMessage message = new MimeMessage(Session.getInstance(smtpProperties()));
    message.setFrom(new InternetAddress("clinic@localhost", "Clínica", "UTF-8"));
    message.setSubject(subject, "UTF-8");
    return message;
  }

  private static Properties smtpProperties() {
    Properties properties = new Properties();
    properties.put("mail.smtp.host", "127.0.0.1");
    properties.put("mail.smtp.port", Integer.toString(catcher.smtpPort()));
    properties.put("mail.smtp.connectiontimeout", "5000");
    properties.put("mail.smtp.timeout", "5000");
    return properties;
  }

  /** The HMAC the notifications library puts in X-Clinic-Signature, computed independently. */
  private static String sign(String secret, String timestamp, String body) throws Exception {
    Mac mac = Mac.getInstance("HmacSHA256");
    mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
    byte[] signed = mac.doFinal((timestamp + "." + body).getBytes(StandardCharsets.UTF_8));
    return "sha256=" + HexFormat.of().formatHex(signed);
  }

  private static List<JsonNode> messagesWithSubject(String subject) throws Exception {
    return getJson("/api/messages")
        .valueStream()
        .filter(mail -> subject.equals(mail.path("subject").asString()))
        .toList();
  }

  private static List<String> strings(JsonNode array) {
    return array.valueStream().map(JsonNode::asString).toList();
  }

  private static JsonNode getJson(String path) throws Exception {
    HttpResponse<String> response = get(path);
    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.headers().firstValue("Content-Type")).hasValue(ViewerPages.JSON);
    return JSON.readTree(response.body());
  }

  private static HttpResponse<String> get(String path) throws Exception {
    return HTTP.send(
        request(catcher.viewerUri().resolve(path)).GET().build(),
        HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
  }

  private static HttpResponse<String> post(String path, String body, String... headers)
      throws Exception {
    HttpRequest.Builder request =
        request(
                catcher
                    .viewerUri()
                    .resolve(URI.create(path.replace("<", "%3C").replace(">", "%3E"))))
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8));
    for (int i = 0; i < headers.length; i += 2) {
      request.header(headers[i], headers[i + 1]);
    }
    return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
  }

  private static HttpRequest.Builder request(URI uri) {
    return HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(5));
  }

  private static HttpResponse.BodyHandler<Void> discarding() {
    return HttpResponse.BodyHandlers.discarding();
  }
}
