package clinic.triage.notification;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import clinic.events.IntakeSubmitted;
import clinic.events.Topics;
import clinic.security.testing.TestIssuer;
import clinic.testing.TestDatabase;
import clinic.triage.Intakes;
import clinic.triage.Publisher;
import clinic.triage.TestIssuerConfiguration;
import clinic.triage.TriageApplication;
import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetupTest;
import jakarta.mail.internet.MimeMessage;
import java.io.File;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.kafka.test.EmbeddedKafkaKraftBroker;
import tools.jackson.databind.json.JsonMapper;

/**
 * Issue 7's "done when": triage-service killed in the middle of a burst of confirmations, started
 * again, delivers every team notification exactly once.
 *
 * <p>The first instance runs in its own JVM so that it can really be killed (SIGKILL: no graceful
 * shutdown, no outcome recorded for the sends in flight). The webhook receiver holds its answers,
 * so the kill lands while notifications are claimed and on the wire. A second instance on the same
 * database and broker then finishes the work: claims whose lease expired are sent again.
 *
 * <p>Delivery is at least once by design (the module's contract): a notification the receiver had
 * already accepted when the sender died is sent once more with the same {@code Idempotency-Key} (an
 * e-mail with the same Message-ID). The receiver, as the webhook contract asks of it, processes a
 * key once and answers a repeat with success; so the test asserts exactly one processed delivery
 * per notification, and that the repeats were indeed only repeats.
 */
class NotificationCrashIT {

  static final int REFERRALS = 20;
  static final String SECRET = "crash-test-secret";

  final JsonMapper json = JsonMapper.builder().findAndAddModules().build();
  final HttpClient http = HttpClient.newHttpClient();

  @Test
  void killedInTheMiddleOfABurstEveryNotificationIsDeliveredExactlyOnce() throws Exception {
    String database = TestDatabase.newDatabase();
    // A broker of its own, unlike the database: on the JVM's shared broker a cached application
    // context's consumers (the same triage-service group) could take some of these intakes.
    EmbeddedKafkaKraftBroker broker = new EmbeddedKafkaKraftBroker(1, 3, Topics.INTAKE);
    broker.afterPropertiesSet();
    GreenMail greenMail = new GreenMail(ServerSetupTest.SMTP.createCopy("127.0.0.1").dynamicPort());
    greenMail.start();
    WebhookReceiver receiver = new WebhookReceiver();
    Process first = null;
    ConfigurableApplicationContext second = null;
    try (Publisher publisher = new Publisher(broker, json)) {
      JdbcClient jdbc = JdbcClient.create(TestDatabase.dataSource(database));
      int port = freePort();
      Map<String, String> settings =
          settings(database, broker, greenMail, receiver.url("/physical-therapy"));

      receiver.holdAnswers();
      first = launch(settings, port);
      awaitUp(port, first);

      List<IntakeSubmitted> intakes = new ArrayList<>();
      for (int i = 0; i < REFERRALS; i++) {
        IntakeSubmitted intake = Intakes.submitted(Intakes.back());
        intakes.add(intake);
        publisher.publish(intake, Intakes.INTAKE_SERVICE);
      }
      await()
          .atMost(Duration.ofSeconds(60))
          .until(
              () ->
                  jdbc.sql("select count(*) from referral").query(Integer.class).single()
                      == REFERRALS);
      List<UUID> referralIds =
          jdbc.sql("select referral_id from referral").query(UUID.class).list();
      for (UUID id : referralIds) {
        HttpResponse<String> confirmed =
            post(port, "/api/referrals/" + id + "/confirm", "{\"version\": 1}");
        assertThat(confirmed.statusCode()).isEqualTo(200);
      }

      // Mid-batch: the receiver has taken some webhooks and holds their answers.
      await().atMost(Duration.ofSeconds(30)).until(() -> receiver.held().size() >= 2);
      first.destroyForcibly();
      first.waitFor();
      receiver.release();

      assertThat(statusCount(jdbc, "SENDING"))
          .as("claimed notifications left without an outcome by the kill")
          .isGreaterThanOrEqualTo(1);
      assertThat(statusCount(jdbc, "DELIVERED")).isLessThan(2 * REFERRALS);

      settings.put("server.port", "0");
      settings.put("server.address", "127.0.0.1");
      second =
          // As command-line arguments: they take precedence over application.yml.
          new SpringApplicationBuilder(TriageApplication.class)
              .run(
                  settings.entrySet().stream()
                      .map(e -> "--" + e.getKey() + "=" + e.getValue())
                      .toArray(String[]::new));

      await()
          .atMost(Duration.ofSeconds(90))
          .until(() -> statusCount(jdbc, "DELIVERED") == 2 * REFERRALS);
      await()
          .atMost(Duration.ofSeconds(30))
          .until(
              () ->
                  jdbc.sql("select count(*) from referral where status = 'SENT'")
                          .query(Integer.class)
                          .single()
                      == REFERRALS);

      Set<String> webhookIds =
          Set.copyOf(
              jdbc.sql("select id::text from notifications.notification where channel = 'WEBHOOK'")
                  .query(String.class)
                  .list());
      assertThat(webhookIds).hasSize(REFERRALS);
      // Exactly one processed delivery per notification, each one signed.
      Map<String, Long> processed =
          receiver.processed().stream()
              .collect(Collectors.groupingBy(WebhookReceiver.Request::key, Collectors.counting()));
      assertThat(processed.keySet()).isEqualTo(webhookIds);
      assertThat(processed.values()).containsOnly(1L);
      assertThat(receiver.processed()).allMatch(r -> r.signedWith(SECRET));
      // What the kill cost: only repeats of keys already processed, never a new delivery.
      assertThat(receiver.duplicates())
          .extracting(WebhookReceiver.Request::key)
          .isSubsetOf(webhookIds)
          .isNotEmpty();

      // Every team e-mail arrived; a repeat (if the kill fell after the SMTP server accepted one)
      // carries the same Message-ID, which is how the mail client drops it.
      Set<String> emailIds =
          jdbc
              .sql("select id::text from notifications.notification where channel = 'EMAIL'")
              .query(String.class)
              .list()
              .stream()
              .map(id -> "<" + id + "@clinic.localhost>")
              .collect(Collectors.toSet());
      Map<String, Long> messageIds =
          Arrays.stream(greenMail.getReceivedMessages())
              .map(NotificationCrashIT::messageId)
              .collect(Collectors.groupingBy(Function.identity(), Collectors.counting()));
      assertThat(messageIds.keySet()).isEqualTo(emailIds);
      assertThat(greenMail.getReceivedMessages().length)
          .isLessThanOrEqualTo(REFERRALS + (int) statusCount(jdbc, "DELIVERED"));
    } finally {
      if (first != null) {
        first.destroyForcibly();
      }
      if (second != null) {
        second.close();
      }
      receiver.close();
      greenMail.stop();
      broker.destroy();
    }
  }

  private static Map<String, String> settings(
      String database, EmbeddedKafkaKraftBroker broker, GreenMail greenMail, String webhookUrl) {
    Map<String, String> settings = new LinkedHashMap<>();
    settings.put("spring.datasource.url", database);
    settings.put("spring.datasource.username", TestDatabase.USER);
    settings.put("spring.datasource.password", TestDatabase.PASSWORD);
    settings.put("spring.kafka.bootstrap-servers", broker.getBrokersAsString());
    // The killed instance stays a member of the consumer group until its session times out; the
    // second instance's consumer waits for that to join, and its context would wait for the join
    // to stop (30 s at the default 45 s session). The broker's minimum session makes it 6 s.
    settings.put("spring.kafka.consumer.properties.session.timeout.ms", "6000");
    settings.put("spring.kafka.consumer.properties.heartbeat.interval.ms", "2000");
    settings.put("spring.mail.host", "127.0.0.1");
    settings.put("spring.mail.port", Integer.toString(greenMail.getSmtp().getPort()));
    settings.put("clinic.notifications.webhooks.physical-therapy.url", webhookUrl);
    settings.put("clinic.notifications.webhooks.physical-therapy.secret", SECRET);
    settings.put("clinic.notifications.dispatcher.interval", "100ms");
    settings.put("clinic.notifications.dispatcher.batch-size", "5");
    settings.put("clinic.notifications.http.connect-timeout", "1s");
    settings.put("clinic.notifications.http.request-timeout", "5s");
    // The shortest the module allows for these timeouts: a dead sender's claims come back soon.
    settings.put("clinic.notifications.dispatcher.lease", "12s");
    settings.put("clinic.notifications.retry.initial-delay", "200ms");
    settings.put("clinic.notifications.retry.max-delay", "1s");
    settings.put("clinic.notifications.retry.max-attempts", "20");
    settings.put(TestIssuerConfiguration.ISSUER_PROPERTY, TestIssuer.shared().issuerUri());
    return settings;
  }

  /** The first instance, as its own process. */
  private static Process launch(Map<String, String> settings, int port) throws Exception {
    String java =
        ProcessHandle.current()
            .info()
            .command()
            .orElse(System.getProperty("java.home") + "/bin/java");
    List<String> command = new ArrayList<>();
    command.add(java);
    command.add("-Xmx512m");
    command.add("-cp");
    command.add(System.getProperty("java.class.path"));
    command.add(TriageApplication.class.getName());
    settings.forEach((key, value) -> command.add("--" + key + "=" + value));
    command.add("--server.port=" + port);
    command.add("--server.address=127.0.0.1");
    File log = new File("target/notification-crash-test-first-instance.log");
    return new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log).start();
  }

  private void awaitUp(int port, Process process) {
    await()
        .atMost(Duration.ofSeconds(120))
        .pollInterval(Duration.ofMillis(500))
        .ignoreExceptions()
        .until(
            () -> {
              assertThat(process.isAlive()).as("first instance running").isTrue();
              return http.send(
                          HttpRequest.newBuilder(
                                  URI.create("http://127.0.0.1:" + port + "/actuator/health"))
                              .build(),
                          HttpResponse.BodyHandlers.ofString())
                      .statusCode()
                  == 200;
            });
  }

  private HttpResponse<String> post(int port, String path, String body) throws Exception {
    return http.send(
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
            .header("Content-Type", "application/json")
            .header(
                "Authorization",
                TestIssuer.bearer(
                    TestIssuer.shared().token("u-ada", "Dr Ada Lovelace", "CLINICIAN")))
            .POST(HttpRequest.BodyPublishers.ofString(body))
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }

  private static long statusCount(JdbcClient jdbc, String status) {
    return jdbc.sql("select count(*) from notifications.notification where status = ?")
        .param(status)
        .query(Long.class)
        .single();
  }

  private static String messageId(MimeMessage message) {
    try {
      return message.getMessageID();
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  private static int freePort() throws Exception {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }
}
