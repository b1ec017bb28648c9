package clinic.triage.notification;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import clinic.events.Escalation;
import clinic.events.IntakeSubmitted;
import clinic.events.ReferralConfirmed;
import clinic.events.ReferralStatusChanged;
import clinic.events.Topics;
import clinic.security.testing.TestIssuer;
import clinic.testing.TestBroker;
import clinic.testing.TestDatabaseConfiguration;
import clinic.triage.Intakes;
import clinic.triage.ScenarioTest;
import clinic.triage.TestIssuerConfiguration;
import clinic.triage.Tokens;
import clinic.triage.TopicReader;
import com.icegreen.greenmail.junit5.GreenMailExtension;
import com.icegreen.greenmail.util.ServerSetupTest;
import jakarta.mail.Message;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.annotation.Import;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.core.type.TypeReference;

/**
 * The receiving team hears of a referral: the whole service with a real PostgreSQL, a real (KRaft)
 * broker, a real SMTP server (GreenMail) and a real HTTP receiver per route, both on loopback.
 */
@SpringBootTest(
    webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
    properties = {
      "server.address=127.0.0.1",
      "spring.mail.host=127.0.0.1",
      "spring.mail.properties[mail.smtp.connectiontimeout]=2000",
      "spring.mail.properties[mail.smtp.timeout]=5000",
      "clinic.notifications.dispatcher.interval=100ms",
      "clinic.notifications.retry.initial-delay=200ms",
      "clinic.notifications.retry.max-delay=1s",
      "clinic.notifications.retry.max-attempts=3",
      "clinic.notifications.circuit-breaker.wait-in-open-state=1s",
      "triage.public-url=https://triage.clinic.test",
    })
@Import({TestDatabaseConfiguration.class, TestBroker.class, TestIssuerConfiguration.class})
class TeamNotificationTest extends ScenarioTest {

  static final String PT_SECRET = "physical-therapy-secret";
  static final String MR_SECRET = "medication-review-secret";
  static final String SC_SECRET = "surgical-consult-secret";
  static final String PT_EMAIL = "physical-therapy@clinic.localhost";
  static final String SC_EMAIL = "surgical-consult@clinic.localhost";

  @RegisterExtension
  static final GreenMailExtension greenMail =
      new GreenMailExtension(ServerSetupTest.SMTP.createCopy("127.0.0.1").dynamicPort())
          .withPerMethodLifecycle(false);

  static final WebhookReceiver receiver = new WebhookReceiver();

  @DynamicPropertySource
  static void endpoints(DynamicPropertyRegistry registry) {
    registry.add("spring.mail.port", () -> greenMail.getSmtp().getPort());
    registry.add(
        "clinic.notifications.webhooks.physical-therapy.url",
        () -> receiver.url("/physical-therapy"));
    registry.add("clinic.notifications.webhooks.physical-therapy.secret", () -> PT_SECRET);
    registry.add(
        "clinic.notifications.webhooks.medication-review.url",
        () -> receiver.url("/medication-review"));
    registry.add("clinic.notifications.webhooks.medication-review.secret", () -> MR_SECRET);
    registry.add(
        "clinic.notifications.webhooks.surgical-consult.url",
        () -> receiver.url("/surgical-consult"));
    registry.add("clinic.notifications.webhooks.surgical-consult.secret", () -> SC_SECRET);
  }

  @AfterAll
  static void close() {
    receiver.close();
  }

  @Test
  void confirmedReferralSendsOneSignedWebhookAndOneEmailThenIsSent() throws Exception {
    IntakeSubmitted intake = Intakes.submitted(Intakes.sciatica());
    UUID id = scenario.referralFor(intake);
    try (TopicReader referralTopic = new TopicReader(broker, Topics.REFERRAL)) {
      assertThat(confirm(id, 1).statusCode()).isEqualTo(200);

      await().atMost(TopicReader.WAIT).until(() -> "SENT".equals(scenario.status(id)));
      List<ConsumerRecord<String, String>> events =
          referralTopic.awaitCount(intake.intakeId().toString(), 2);
      assertThat(
              events.stream()
                  .filter(r -> r.value().contains("\"status\":\"SENT\""))
                  .map(r -> json.readValue(r.value(), ReferralStatusChanged.class)))
          .singleElement()
          .satisfies(
              e -> {
                assertThat(e.referralId()).isEqualTo(id);
                assertThat(e.by().name()).isEqualTo("notifications");
              });
    }

    MimeMessage mail = onlyMailAbout(id);
    assertThat(mail.getRecipients(Message.RecipientType.TO))
        .extracting(a -> ((InternetAddress) a).getAddress())
        .containsExactly(PT_EMAIL);
    assertThat(mail.getSubject()).contains("SOON").contains("Physical therapy");
    String text = text(mail);
    assertThat(text)
        .contains("Referral: " + id)
        .contains("Intake: " + intake.intakeId())
        .contains("Route: Physical therapy")
        .contains("Urgency: Soon")
        .contains("Herniated disc")
        .contains("Triage's explanation:")
        .contains("confirmed by Dr Ada Lovelace")
        .contains("https://triage.clinic.test/dashboard/referrals/" + id)
        .doesNotContainIgnoringCase("patient name")
        .doesNotContain("@example");

    WebhookReceiver.Request call = onlyWebhookAbout(id);
    assertThat(call.path()).isEqualTo("/physical-therapy");
    assertThat(call.signedWith(PT_SECRET)).isTrue();
    assertThat(call.signedWith(SC_SECRET)).isFalse();
    Map<String, Object> payload = json.readValue(call.body(), Map.class);
    assertThat(payload.keySet())
        .containsExactlyInAnyOrder(
            "event",
            "referralId",
            "intakeId",
            "route",
            "urgency",
            "redFlags",
            "suspectedCauses",
            "explanation",
            "decidedBy",
            "link");
    assertThat(payload)
        .containsEntry("event", "referral.confirmed")
        .containsEntry("decidedBy", "Dr Ada Lovelace")
        .containsEntry("referralId", id.toString())
        .containsEntry("route", "PHYSICAL_THERAPY")
        .containsEntry("urgency", "SOON")
        .containsEntry("link", "https://triage.clinic.test/dashboard/referrals/" + id)
        .doesNotContainKeys("patientName", "name", "email", "phone", "dateOfBirth");
    assertThat(call.body()).doesNotContainIgnoringCase("patientName");
    assertThat(call.key()).isEqualTo(mailNotificationIds(id, "WEBHOOK").getFirst().toString());
    assertThat(mail.getMessageID())
        .startsWith("<" + mailNotificationIds(id, "EMAIL").getFirst() + "@");
  }

  @Test
  void repeatedConfirmationSendsNothingNew() throws Exception {
    UUID id = scenario.proposedReferral(Intakes.back());
    assertThat(confirm(id, 1).statusCode()).isEqualTo(200);
    await().atMost(TopicReader.WAIT).until(() -> "SENT".equals(scenario.status(id)));

    // The same request again (a double click, a client retry): refused, nothing enqueued.
    assertThat(confirm(id, 1).statusCode()).isEqualTo(409);

    await()
        .during(Duration.ofSeconds(1))
        .atMost(Duration.ofSeconds(5))
        .untilAsserted(
            () -> {
              assertThat(mailsAbout(id)).hasSize(1);
              assertThat(receiver.requestsAbout(id.toString())).hasSize(1);
              assertThat(notificationCount(id)).isEqualTo(2);
            });
  }

  @Test
  void emergencyDecisionWarnsTheTeamAtOnceWithoutMarkingTheReferralSent() throws Exception {
    IntakeSubmitted intake = Intakes.submitted(Intakes.caudaEquina());
    UUID id = scenario.referralFor(intake);
    // The same event redelivered (same ce_id): triage ignores it, so nothing new is sent.
    publisher.publish(intake, Intakes.INTAKE_SERVICE);

    await()
        .atMost(TopicReader.WAIT)
        .until(
            () -> mailsAbout(id).size() == 1 && receiver.processedAbout(id.toString()).size() == 1);
    MimeMessage mail = onlyMailAbout(id);
    assertThat(mail.getRecipients(Message.RecipientType.TO))
        .extracting(a -> ((InternetAddress) a).getAddress())
        .containsExactly(SC_EMAIL);
    assertThat(mail.getSubject()).startsWith("[EMERGENCY]").contains("early warning");
    assertThat(text(mail)).contains("Early warning").contains("No clinician has confirmed");
    WebhookReceiver.Request call = onlyWebhookAbout(id);
    assertThat(call.path()).isEqualTo("/surgical-consult");
    assertThat(call.signedWith(SC_SECRET)).isTrue();
    Map<String, Object> payload = json.readValue(call.body(), Map.class);
    assertThat(payload)
        .containsEntry("event", "referral.early-warning")
        .containsEntry("urgency", "EMERGENCY");
    assertThat((List<?>) payload.get("redFlags")).isNotEmpty();

    // Delivered, yet the referral waits for a clinician: an early warning is not the referral.
    await()
        .during(Duration.ofMillis(1500))
        .atMost(Duration.ofSeconds(5))
        .untilAsserted(
            () -> {
              assertThat(scenario.status(id)).isEqualTo("PROPOSED");
              assertThat(mailsAbout(id)).hasSize(1);
              assertThat(receiver.requestsAbout(id.toString())).hasSize(1);
            });

    // Confirmed, the referral itself goes out (a second, different message) and makes it SENT.
    assertThat(confirm(id, 1).statusCode()).isEqualTo(200);
    await().atMost(TopicReader.WAIT).until(() -> "SENT".equals(scenario.status(id)));
    await().atMost(TopicReader.WAIT).until(() -> mailsAbout(id).size() == 2);
    assertThat(receiver.processedAbout(id.toString()))
        .extracting(r -> json.readValue(r.body(), Map.class).get("event"))
        .containsExactlyInAnyOrder("referral.early-warning", "referral.confirmed");
  }

  /**
   * Issue 17: for a cauda equina case, what staff read first is "emergency assessment today", not
   * the surgical consult that follows it: in the early warning and the referral e-mails, the
   * webhook, the queue row, the referral page and the referral event intake-service tells the
   * patient from.
   */
  @Test
  void caudaEquinaSaysEmergencyAssessmentTodayFirstOnTheDashboardAndToTheTeam() throws Exception {
    IntakeSubmitted intake = Intakes.submitted(Intakes.caudaEquina());
    UUID id = scenario.referralFor(intake);

    MimeMessage warning = onlyMailAbout(id);
    assertThat(warning.getSubject())
        .startsWith("[EMERGENCY] Emergency assessment today, then surgical consult: early warning");
    assertThat(text(warning))
        .startsWith("EMERGENCY ASSESSMENT TODAY: a red flag means this patient must be assessed")
        .contains("Escalation: Emergency assessment today\nRoute: Surgical consult");
    assertThat(
            json.readValue(
                onlyWebhookAbout(id).body(), new TypeReference<Map<String, Object>>() {}))
        .containsEntry("escalation", "EMERGENCY_TODAY")
        .containsEntry("route", "SURGICAL_CONSULT");

    assertThat(api.map(api.get("/api/referrals/" + id)))
        .containsEntry("escalation", "EMERGENCY_TODAY")
        .containsEntry("route", "SURGICAL_CONSULT")
        .containsEntry("urgency", "EMERGENCY");

    String queue = api.get("/dashboard").body();
    String row = queue.substring(queue.indexOf("id=\"referral-" + id + "\""));
    row = row.substring(0, row.indexOf("</tr>"));
    String firstCell = row.substring(row.indexOf("<td"), row.indexOf("</td>"));
    assertThat(firstCell).contains("Emergency assessment today");
    assertThat(row.indexOf("Emergency assessment today"))
        .isLessThan(row.indexOf("Surgical consult"))
        .isLessThan(row.indexOf("Red flag:"));

    String page = api.get("/dashboard/referrals/" + id).body();
    assertThat(page).contains("id=\"referral-escalation\"");
    int banner = page.indexOf("id=\"referral-escalation\"");
    assertThat(page.substring(banner)).contains("Emergency assessment today");
    assertThat(banner)
        .isLessThan(page.indexOf("id=\"referral-route\""))
        .isLessThan(page.indexOf("Red flag:"));

    try (TopicReader referralTopic = new TopicReader(broker, Topics.REFERRAL)) {
      assertThat(confirm(id, 1).statusCode()).isEqualTo(200);
      assertThat(
              referralTopic.awaitCount(intake.intakeId().toString(), 1).stream()
                  .filter(r -> r.value().contains("\"confirmedBy\""))
                  .map(r -> json.readValue(r.value(), ReferralConfirmed.class)))
          .singleElement()
          .satisfies(e -> assertThat(e.escalation()).isEqualTo(Escalation.EMERGENCY_TODAY));
    }
    await().atMost(TopicReader.WAIT).until(() -> mailsAbout(id).size() == 2);
    MimeMessage referral =
        mailsAbout(id).stream()
            .filter(m -> !text(m).contains("Early warning"))
            .findFirst()
            .orElseThrow();
    assertThat(referral.getSubject())
        .startsWith("[EMERGENCY] Emergency assessment today, then surgical consult: referral");
    assertThat(text(referral))
        .startsWith("EMERGENCY ASSESSMENT TODAY:")
        .contains("A referral to surgical consult was confirmed by Dr Ada Lovelace");
  }

  @Test
  void webhookThatFailsTwiceIsDeliveredOnceOnTheThirdAttempt() {
    UUID id = scenario.proposedReferral(Intakes.sciatica());
    receiver.script("/medication-review", 503, 503);
    assertThat(overrideTo(id, "MEDICATION_REVIEW").statusCode()).isEqualTo(200);

    await().atMost(TopicReader.WAIT).until(() -> webhook(id).get("status").equals("DELIVERED"));
    List<WebhookReceiver.Request> calls = receiver.requestsAbout(id.toString());
    assertThat(calls).extracting(WebhookReceiver.Request::status).containsExactly(503, 503, 200);
    assertThat(calls).extracting(WebhookReceiver.Request::key).containsOnly(calls.get(0).key());
    assertThat(calls).allMatch(c -> c.signedWith(MR_SECRET));
    assertThat(receiver.processedAbout(id.toString())).hasSize(1);
    assertThat(json.readValue(calls.get(2).body(), Map.class))
        .containsEntry("event", "referral.overridden")
        .containsEntry("overrideReason", "Needs a medication review first");
    Map<String, Object> webhook = webhook(id);
    assertThat(webhook)
        .containsEntry("attempts", 3)
        .containsEntry("recipient", "medication-review");
    assertThat(api.list(webhook.get("attemptLog")))
        .extracting(a -> a.get("outcome"))
        .containsExactly("FAILED", "FAILED", "DELIVERED");
    await().atMost(TopicReader.WAIT).until(() -> "SENT".equals(scenario.status(id)));
  }

  @Test
  void detailViewListsDeliveriesAndAPersonRetriesOneThatGaveUp() {
    UUID id = scenario.proposedReferral(Intakes.sciatica());
    // 410: the receiver refuses for good, so the notification gives up at once.
    receiver.script("/medication-review", 410);
    assertThat(overrideTo(id, "MEDICATION_REVIEW").statusCode()).isEqualTo(200);
    await().atMost(TopicReader.WAIT).until(() -> webhook(id).get("status").equals("GAVE_UP"));
    String notificationId = (String) webhook(id).get("id");

    String page = api.get("/dashboard/referrals/" + id).body();
    assertThat(page)
        .contains("Notifications to the receiving team")
        .contains("medication-review")
        .contains("medication-review@clinic.localhost")
        .contains("Gave up")
        .contains("HTTP 410")
        .contains("/dashboard/referrals/" + id + "/notifications/" + notificationId + "/retry");
    assertThat(api.get("/dashboard").body())
        .contains("Notification undeliverable")
        .contains("/dashboard/referrals/" + id);
    assertThat(undeliverableGauge()).isGreaterThanOrEqualTo(1.0);

    String retry = "/dashboard/referrals/" + id + "/notifications/" + notificationId + "/retry";
    var frontDesk = api.as(TestIssuer.shared().tokenFor("FRONT_DESK")).postForm(retry, "");
    assertThat(frontDesk.statusCode()).isEqualTo(403);
    assertThat(webhook(id).get("status")).isEqualTo("GAVE_UP");
    var retried = api.as(Tokens.clinician("Dr Grace Hopper")).postForm(retry, "");
    assertThat(retried.statusCode()).isEqualTo(302);

    await().atMost(TopicReader.WAIT).until(() -> webhook(id).get("status").equals("DELIVERED"));
    assertThat(receiver.processedAbout(id.toString())).hasSize(1);
    assertThat(api.get("/dashboard/referrals/" + id).body())
        .contains("Retried by Dr Grace Hopper")
        .contains("Delivered");
    assertThat(undeliverableGauge()).isEqualTo(0.0);
    assertThat(api.get("/dashboard").body()).doesNotContain("Notification undeliverable");
  }

  private java.net.http.HttpResponse<String> confirm(UUID id, int version) {
    return api.as(Tokens.clinician("Dr Ada Lovelace"))
        .post("/api/referrals/" + id + "/confirm", Map.of("version", version));
  }

  private java.net.http.HttpResponse<String> overrideTo(UUID id, String route) {
    return api.as(Tokens.clinician("Dr Ada Lovelace"))
        .post(
            "/api/referrals/" + id + "/override",
            Map.of("route", route, "reason", "Needs a medication review first", "version", 1));
  }

  /** The referral's webhook notification as {@code GET /api/referrals/{id}} shows it. */
  private Map<String, Object> webhook(UUID id) {
    List<Map<String, Object>> notifications =
        api.list(api.map(api.get("/api/referrals/" + id)).get("notifications"));
    return notifications.stream()
        .filter(n -> "WEBHOOK".equals(n.get("channel")))
        .findFirst()
        .orElse(Map.of("status", "NONE"));
  }

  private double undeliverableGauge() {
    var response =
        api.as(Tokens.admin()).get("/actuator/metrics/clinic.notifications.undeliverable");
    assertThat(response.statusCode()).isEqualTo(200);
    List<Map<String, Object>> measurements = api.list(api.map(response).get("measurements"));
    return ((Number) measurements.getFirst().get("value")).doubleValue();
  }

  private List<UUID> mailNotificationIds(UUID referralId, String channel) {
    return jdbc.sql(
            "select id from notifications.notification where reference = ? and channel = ?"
                + " order by created_at")
        .params(referralId.toString(), channel)
        .query(UUID.class)
        .list();
  }

  private int notificationCount(UUID referralId) {
    return jdbc.sql("select count(*) from notifications.notification where reference = ?")
        .param(referralId.toString())
        .query(Integer.class)
        .single();
  }

  private MimeMessage onlyMailAbout(UUID id) {
    await().atMost(TopicReader.WAIT).until(() -> !mailsAbout(id).isEmpty());
    List<MimeMessage> mails = mailsAbout(id);
    assertThat(mails).hasSize(1);
    return mails.getFirst();
  }

  private WebhookReceiver.Request onlyWebhookAbout(UUID id) {
    await().atMost(TopicReader.WAIT).until(() -> !receiver.requestsAbout(id.toString()).isEmpty());
    List<WebhookReceiver.Request> calls = receiver.requestsAbout(id.toString());
    assertThat(calls).hasSize(1);
    return calls.getFirst();
  }

  private static List<MimeMessage> mailsAbout(UUID id) {
    return Arrays.stream(greenMail.getReceivedMessages())
        .filter(m -> text(m).contains(id.toString()))
        .toList();
  }

  static String text(MimeMessage message) {
    try {
      return message.getContent().toString().replace("\r\n", "\n");
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }
}
