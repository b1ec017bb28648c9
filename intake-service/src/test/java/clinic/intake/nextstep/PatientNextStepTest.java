package clinic.intake.nextstep;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;

import clinic.events.Actor;
import clinic.events.ClinicEvent;
import clinic.events.CloudEventHeaders;
import clinic.events.EducationAssigned;
import clinic.events.Escalation;
import clinic.events.EventType;
import clinic.events.InvalidEventException;
import clinic.events.ReferralConfirmed;
import clinic.events.ReferralOverridden;
import clinic.events.Route;
import clinic.events.Topics;
import clinic.events.Urgency;
import clinic.intake.IntakeServiceTest;
import clinic.intake.KafkaProbe;
import clinic.intake.Questionnaires;
import clinic.intake.Staff;
import clinic.intake.TestMail;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Consumer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.internals.RecordHeader;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.http.MediaType;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.kafka.test.EmbeddedKafkaBroker;
import org.springframework.mail.javamail.JavaMailSenderImpl;
import org.springframework.test.web.servlet.MockMvc;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * The patient's next-step e-mail, end to end: events on the real broker, the intake in the real
 * database, the e-mail through the notifications module to a real SMTP server (GreenMail).
 */
@IntakeServiceTest
@ExtendWith(OutputCaptureExtension.class)
class PatientNextStepTest {

  static final Duration TIMEOUT = Duration.ofSeconds(30);
  static final Instant NOW = Instant.now().truncatedTo(ChronoUnit.MILLIS);

  @Autowired MockMvc mvc;
  @Autowired JsonMapper json;
  @Autowired JdbcClient jdbc;
  @Autowired KafkaTemplate<Object, Object> kafka;
  @Autowired EmbeddedKafkaBroker broker;
  @Autowired JavaMailSenderImpl mailSender;

  @Test
  void confirmedThenEducationSendsOneSpanishEmailWithTheNextStepAndTheLink(CapturedOutput output)
      throws Exception {
    var email = address();
    var intake = submitIntake(body -> body.put("email", email).put("preferredLanguage", "es"));
    var confirmed = confirmed(intake, Route.PHYSICAL_THERAPY, Urgency.SOON);
    var packet = assigned(intake, confirmed.decisionId());

    send(confirmed);
    await()
        .atMost(TIMEOUT)
        .until(() -> show(intake).at("/referral/route").asString(), "PHYSICAL_THERAPY"::equals);
    assertThat(TestMail.to(email)).isEmpty();
    send(packet);

    var message = onlyMessageTo(email);
    assertThat(message.getSubject())
        .isEqualTo("Su próximo paso en la clínica de columna y rodilla");
    assertThat(((InternetAddress) message.getFrom()[0]).getAddress())
        .isEqualTo("no-reply@clinic.test");
    var text = text(message);
    assertThat(text)
        .contains("Su próximo paso es la fisioterapia")
        .contains("La clínica se pondrá en contacto con usted")
        .contains("Cuándo: en las próximas semanas.")
        .contains("Busque ayuda de inmediato")
        .contains(packet.packetUrl());
    assertThat(text.split(java.util.regex.Pattern.quote(packet.packetUrl()), -1)).hasSize(3);

    // Redelivery of either event, and a restart's re-read, send nothing new.
    send(confirmed);
    send(packet);
    assertStillOneMessageTo(email);

    var shown = awaitDelivered(intake);
    assertThat(shown.at("/referral/referralId").asString())
        .isEqualTo(confirmed.referralId().toString());
    assertThat(shown.at("/referral/urgency").asString()).isEqualTo("SOON");
    assertThat(shown.at("/referral/overridden").asBoolean()).isFalse();
    var notice = shown.at("/patientNotifications/0");
    assertThat(notice.get("outcome").asString()).isEqualTo("ENQUEUED");
    assertThat(notice.get("language").asString()).isEqualTo("es");
    assertThat(notice.at("/delivery/attempts").asInt()).isEqualTo(1);
    assertThat(notice.at("/delivery/attemptLog/0/outcome").asString()).isEqualTo("DELIVERED");
    assertThat(shown.get("patientNotifications")).hasSize(1);
    // The service's own log lines; GreenMail, the test's SMTP server, logs the addresses it serves.
    var serviceLog =
        output.getAll().lines().filter(line -> !line.contains("c.icegreen.greenmail")).toList();
    assertThat(serviceLog)
        .noneMatch(line -> line.contains(email) || line.contains(Questionnaires.NAME));
  }

  @Test
  void educationThenOverriddenReferralSendsOneEnglishEmailForTheClinicianRoute() throws Exception {
    var email = address();
    var intake = submitIntake(body -> body.put("email", email).put("preferredLanguage", "en"));
    var decisionId = UUID.randomUUID();
    var packet = assigned(intake, decisionId);
    var overridden =
        overridden(
            intake, UUID.randomUUID(), decisionId, Route.SURGICAL_CONSULT, Urgency.URGENT, 1);

    send(packet);
    awaitStatus(intake, "EDUCATION_ASSIGNED");
    send(overridden);

    var message = onlyMessageTo(email);
    assertThat(message.getSubject()).isEqualTo("Your next step at the spine and knee clinic");
    assertThat(text(message))
        .contains("consultation with a surgeon")
        .contains("It does not mean that you will need an operation.")
        .contains("How soon: within the next few days.")
        .contains("The clinic will contact you")
        .contains("Seek help at once")
        .contains(packet.packetUrl())
        .doesNotContain("physical therapy");

    // The same referral overridden again, and a new packet version: still the one message.
    send(
        overridden(
            intake,
            overridden.referralId(),
            decisionId,
            Route.PHYSICAL_THERAPY,
            Urgency.ROUTINE,
            2));
    send(assigned(intake, decisionId, 2));
    await()
        .atMost(TIMEOUT)
        .until(() -> show(intake).at("/referral/route").asString(), "PHYSICAL_THERAPY"::equals);
    assertStillOneMessageTo(email);
    assertThat(show(intake).at("/referral/overridden").asBoolean()).isTrue();
    assertThat(show(intake).get("patientNotifications")).hasSize(1);
  }

  @Test
  void withoutConsentNoEmailIsSentAndTheProgressSaysWhy() throws Exception {
    var email = address();
    var intake = submitIntake(body -> body.put("email", email).put("consentToContact", false));
    var confirmed = confirmed(intake, Route.MEDICATION_REVIEW, Urgency.ROUTINE);

    send(confirmed);
    send(assigned(intake, confirmed.decisionId()));

    var notice = awaitNotice(intake);
    assertThat(notice.get("outcome").asString()).isEqualTo("NO_CONSENT");
    assertThat(notice.get("note").asString()).isEqualTo("not sent: no consent to contact");
    assertThat(notice.get("delivery").isNull()).isTrue();
    assertStillNoMessageTo(email);
    assertThat(notificationsAbout(intake)).isZero();
  }

  @Test
  void withoutAnEmailAddressNothingIsSentAndTheProgressSaysWhy() throws Exception {
    var intake = submitIntake(body -> body.remove("email"));
    var confirmed = confirmed(intake, Route.PHYSICAL_THERAPY, Urgency.SOON);

    send(assigned(intake, confirmed.decisionId()));
    send(confirmed);

    var notice = awaitNotice(intake);
    assertThat(notice.get("outcome").asString()).isEqualTo("NO_EMAIL");
    assertThat(notice.get("note").asString()).isEqualTo("not sent: no e-mail address");
    assertThat(notificationsAbout(intake)).isZero();
  }

  @Test
  void malformedReferralEventGoesToTheDeadLetterTopicAndTheNextOneIsApplied() throws Exception {
    var intake = submitIntake(body -> body.put("email", address()));
    var key = intake.toString();
    var confirmed = confirmed(intake, Route.SURGICAL_CONSULT, Urgency.URGENT);
    var headers = CloudEventHeaders.of(confirmed, "/triage-service");

    send(Topics.REFERRAL, key, "{\"intakeId\": \"" + intake + "\", oops", headers);
    send(confirmed);

    var dead =
        KafkaProbe.records(
            broker.getBrokersAsString(), Topics.deadLetter(Topics.REFERRAL), key, 1, TIMEOUT);
    assertThat(dead).hasSize(1);
    assertThat(
            new String(
                dead.getFirst().headers().lastHeader("kafka_dlt-exception-cause-fqcn").value(),
                StandardCharsets.UTF_8))
        .isEqualTo(InvalidEventException.class.getName());
    await()
        .atMost(TIMEOUT)
        .until(() -> show(intake).at("/referral/route").asString(), "SURGICAL_CONSULT"::equals);
  }

  @Test
  void undeliverableEmailIsShownAndAPersonCanRetryIt() throws Exception {
    var email = address();
    var intake = submitIntake(body -> body.put("email", email).put("preferredLanguage", "en"));
    var confirmed = confirmed(intake, Route.MEDICATION_REVIEW, Urgency.SOON);
    JsonNode notice;
    int smtpPort = mailSender.getPort();
    mailSender.setPort(closedPort());
    try {
      send(confirmed);
      send(assigned(intake, confirmed.decisionId()));
      notice =
          await()
              .atMost(TIMEOUT)
              .until(
                  () -> awaitNotice(intake),
                  n -> "GAVE_UP".equals(n.at("/delivery/status").asString()));
    } finally {
      mailSender.setPort(smtpPort);
    }
    assertThat(notice.at("/delivery/attempts").asInt()).isEqualTo(1);
    assertThat(notice.at("/delivery/attemptLog/0/outcome").asString()).isEqualTo("FAILED");
    assertThat(notice.at("/delivery/lastError").asString()).isNotBlank().doesNotContain(email);
    assertThat(TestMail.to(email)).isEmpty();
    var id = notice.get("notificationId").asString();
    var retryUrl = "/api/intakes/" + intake + "/notifications/" + id + "/retry";

    var typedName = retry(retryUrl, "{\"by\": \"front desk\"}");
    assertThat(typedName.getStatus())
        .as("who asks comes from the token, never from a typed name")
        .isEqualTo(400);
    assertThat(json.readTree(typedName.getContentAsString()).at("/errors/0/field").asString())
        .isEqualTo("by");
    assertThat(
            retry("/api/intakes/" + UUID.randomUUID() + "/notifications/" + id + "/retry", "")
                .getStatus())
        .isEqualTo(404);

    var retried = retry(retryUrl, "");
    assertThat(retried.getStatus()).isEqualTo(202);

    var delivered =
        await()
            .atMost(TIMEOUT)
            .until(
                () -> awaitNotice(intake),
                n -> "DELIVERED".equals(n.at("/delivery/status").asString()));
    assertThat(delivered.at("/delivery/attempts").asInt()).isEqualTo(2);
    assertThat(delivered.at("/delivery/retries/0/requestedBy").asString())
        .isEqualTo("Test Front Desk (test-front-desk)");
    assertThat(delivered.at("/delivery/retries/0/statusBefore").asString()).isEqualTo("GAVE_UP");
    assertThat(onlyMessageTo(email).getSubject())
        .isEqualTo("Your next step at the spine and knee clinic");
    assertThat(retry(retryUrl, "{}").getStatus()).isEqualTo(409);
  }

  // --- helpers

  static String address() {
    return "patient-" + UUID.randomUUID() + "@example.org";
  }

  private UUID submitIntake(Consumer<ObjectNode> change) throws Exception {
    var body = Questionnaires.valid();
    change.accept(body);
    var response =
        mvc.perform(
                post("/api/intakes")
                    .contentType(MediaType.APPLICATION_JSON)
                    .content(json.writeValueAsString(body))
                    .with(Staff.frontDesk()))
            .andReturn()
            .getResponse();
    assertThat(response.getStatus()).as(response.getContentAsString()).isEqualTo(201);
    return UUID.fromString(json.readTree(response.getContentAsString()).get("intakeId").asString());
  }

  private org.springframework.mock.web.MockHttpServletResponse retry(String url, String body)
      throws Exception {
    return mvc.perform(
            post(url).contentType(MediaType.APPLICATION_JSON).content(body).with(Staff.frontDesk()))
        .andReturn()
        .getResponse();
  }

  private JsonNode show(UUID intake) throws Exception {
    var response =
        mvc.perform(get("/api/intakes/" + intake).with(Staff.frontDesk()))
            .andReturn()
            .getResponse();
    assertThat(response.getStatus()).isEqualTo(200);
    return json.readTree(response.getContentAsString());
  }

  private void awaitStatus(UUID intake, String status) {
    await().atMost(TIMEOUT).until(() -> show(intake).get("status").asString(), status::equals);
  }

  private JsonNode awaitNotice(UUID intake) {
    return await()
        .atMost(TIMEOUT)
        .until(() -> show(intake).at("/patientNotifications/0"), n -> !n.isMissingNode());
  }

  private JsonNode awaitDelivered(UUID intake) {
    return await()
        .atMost(TIMEOUT)
        .until(
            () -> show(intake),
            s -> "DELIVERED".equals(s.at("/patientNotifications/0/delivery/status").asString()));
  }

  private long notificationsAbout(UUID intake) {
    return jdbc.sql("select count(*) from notifications.notification where reference = :r")
        .param("r", intake.toString())
        .query(Long.class)
        .single();
  }

  private MimeMessage onlyMessageTo(String email) throws Exception {
    await().atMost(TIMEOUT).until(() -> TestMail.to(email).size() >= 1);
    var messages = TestMail.to(email);
    assertThat(messages).hasSize(1);
    return messages.getFirst();
  }

  /** Long enough for the consumer and the dispatcher (100 ms polls) to have sent a copy. */
  private void assertStillOneMessageTo(String email) {
    await()
        .pollDelay(Duration.ofSeconds(3))
        .atMost(Duration.ofSeconds(5))
        .until(() -> TestMail.to(email).size() == 1);
  }

  private void assertStillNoMessageTo(String email) {
    await()
        .pollDelay(Duration.ofSeconds(2))
        .atMost(Duration.ofSeconds(4))
        .until(() -> TestMail.to(email).isEmpty());
  }

  static String text(MimeMessage message) throws Exception {
    return message.getContent().toString().replace("\r\n", "\n");
  }

  static int closedPort() throws Exception {
    try (var socket = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    }
  }

  /**
   * Issue 17: the patient of a cauda equina case reads "emergency assessment today" before anything
   * else, in their language; the surgical consult follows it.
   */
  @Test
  void aCaudaEquinaReferralTellsThePatientEmergencyAssessmentTodayFirst() throws Exception {
    var english = address();
    var spanish = address();
    var intakeEn = submitIntake(body -> body.put("email", english).put("preferredLanguage", "en"));
    var intakeEs = submitIntake(body -> body.put("email", spanish).put("preferredLanguage", "es"));
    for (var intake : List.of(intakeEn, intakeEs)) {
      var confirmed = emergencyToday(intake);
      send(confirmed);
      send(assigned(intake, confirmed.decisionId()));
    }

    var message = onlyMessageTo(english);
    assertThat(message.getSubject()).startsWith("Emergency assessment today");
    var text = text(message);
    assertThat(text)
        .startsWith(
            "Emergency assessment today: please go to a hospital emergency department today.");
    assertThat(text.indexOf("Emergency assessment today"))
        .isLessThan(text.indexOf("Hello,"))
        .isLessThan(text.indexOf("consultation with a surgeon"));

    var mensaje = onlyMessageTo(spanish);
    assertThat(mensaje.getSubject()).startsWith("Valoración urgente hoy");
    assertThat(text(mensaje))
        .startsWith("Valoración urgente hoy: vaya hoy mismo a urgencias de un hospital.")
        .contains("Su próximo paso es una consulta con un cirujano");

    assertThat(awaitDelivered(intakeEn).at("/referral/escalation").asString())
        .isEqualTo("EMERGENCY_TODAY");
  }

  static ReferralConfirmed emergencyToday(UUID intake) {
    return new ReferralConfirmed(
        intake,
        UUID.randomUUID(),
        UUID.randomUUID(),
        UUID.randomUUID(),
        Route.SURGICAL_CONSULT,
        List.of(),
        Urgency.EMERGENCY,
        Escalation.EMERGENCY_TODAY,
        new Actor("c9d2", "dr.garcia"),
        NOW);
  }

  private void send(ClinicEvent event) throws Exception {
    send(
        EventType.forData(event.getClass()).topic(),
        event.intakeId().toString(),
        json.writeValueAsString(event),
        CloudEventHeaders.of(event));
  }

  private void send(String topic, String key, String value, Map<String, String> headers)
      throws Exception {
    var record = new ProducerRecord<Object, Object>(topic, key, value);
    headers.forEach(
        (name, header) ->
            record.headers().add(new RecordHeader(name, header.getBytes(StandardCharsets.UTF_8))));
    kafka.send(record).get();
  }

  static ReferralConfirmed confirmed(UUID intake, Route route, Urgency urgency) {
    return new ReferralConfirmed(
        intake,
        UUID.randomUUID(),
        UUID.randomUUID(),
        UUID.randomUUID(),
        route,
        List.of(),
        urgency,
        new Actor("c9d2", "dr.garcia"),
        NOW);
  }

  static ReferralOverridden overridden(
      UUID intake, UUID referralId, UUID decisionId, Route route, Urgency urgency, int nth) {
    return new ReferralOverridden(
        intake,
        referralId,
        UUID.randomUUID(),
        decisionId,
        Route.PHYSICAL_THERAPY,
        Urgency.SOON,
        route,
        List.of(),
        urgency,
        new Actor("c9d2", "dr.garcia"),
        "Clinical judgement " + nth,
        NOW.plusSeconds(nth));
  }

  static EducationAssigned assigned(UUID intake, UUID decisionId) {
    return assigned(intake, decisionId, 1);
  }

  static EducationAssigned assigned(UUID intake, UUID decisionId, int version) {
    return new EducationAssigned(
        intake,
        UUID.randomUUID(),
        version,
        decisionId,
        "es",
        List.of("herniated-disc"),
        "http://localhost:8083/education/" + UUID.randomUUID(),
        NOW.plusSeconds(10 + version));
  }
}
