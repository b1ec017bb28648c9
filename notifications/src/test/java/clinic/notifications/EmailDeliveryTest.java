package clinic.notifications;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.icegreen.greenmail.junit5.GreenMailExtension;
import com.icegreen.greenmail.util.ServerSetupTest;
import jakarta.mail.Message;
import jakarta.mail.Multipart;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import java.time.Duration;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

@SpringBootTest(
    classes = TestApplication.class,
    properties = {
      "clinic.notifications.dispatcher.interval=50ms",
      "clinic.notifications.retry.initial-delay=100ms",
      "clinic.notifications.email.from=Clínica de Columna <no-reply@clinic.test>",
      "spring.mail.host=127.0.0.1",
      "spring.mail.properties[mail.smtp.connectiontimeout]=2000",
      "spring.mail.properties[mail.smtp.timeout]=5000",
      "spring.mail.properties[mail.smtp.writetimeout]=5000",
    })
@DirtiesContext
@ExtendWith(OutputCaptureExtension.class)
class EmailDeliveryTest {

  /** A real SMTP server for the whole class, on loopback and a free port. */
  @RegisterExtension
  static final GreenMailExtension greenMail =
      new GreenMailExtension(ServerSetupTest.SMTP.createCopy("127.0.0.1").dynamicPort())
          .withPerMethodLifecycle(false);

  @DynamicPropertySource
  static void smtp(DynamicPropertyRegistry registry) {
    registry.add("spring.mail.port", () -> greenMail.getSmtp().getPort());
  }

  @Autowired Notifications notifications;

  static final String PATIENT = "maria.jose.nunez@example.org";
  static final String SUBJECT = "Su próximo paso: fisioterapia";
  static final String TEXT =
      """
      Hola, María José:

      Su cita de fisioterapia está confirmada. Lea la información sobre el dolor lumbar
      (¿qué lo causa? ¿cómo prevenirlo?) antes de su visita: https://clinic.test/educacion/abc

      Un saludo, la Clínica""";
  static final String HTML =
      "<p>Hola, María José:</p><p>Su cita de <strong>fisioterapia</strong> está confirmada.</p>";

  @Test
  void emailArrivesWithRecipientSubjectUtf8BodyAndMessageId(CapturedOutput output)
      throws Exception {
    Notification notification =
        Notification.email(
            "event-referral-42-confirmed",
            "patient-next-step",
            "referral-42",
            PATIENT,
            SUBJECT,
            TEXT,
            null);

    assertThat(notifications.enqueue(notification)).isTrue();
    Delivery delivery = awaitDelivered(notification.id());

    MimeMessage message = onlyMessageTo(PATIENT);
    assertThat(message.getRecipients(Message.RecipientType.TO))
        .extracting(a -> ((InternetAddress) a).getAddress())
        .containsExactly(PATIENT);
    assertThat(((InternetAddress) message.getFrom()[0]).getAddress())
        .isEqualTo("no-reply@clinic.test");
    assertThat(((InternetAddress) message.getFrom()[0]).getPersonal())
        .isEqualTo("Clínica de Columna");
    assertThat(message.getSubject()).isEqualTo(SUBJECT);
    assertThat(message.getContentType()).containsIgnoringCase("charset=UTF-8");
    assertThat(normalized(message.getContent())).isEqualTo(TEXT);
    assertThat(message.getMessageID()).isEqualTo("<" + notification.id() + "@clinic.test>");
    assertThat(message.getHeader("Auto-Submitted")).containsExactly("auto-generated");

    assertThat(delivery.attempts()).isEqualTo(1);
    assertThat(delivery.attemptLog())
        .singleElement()
        .satisfies(a -> assertThat(a.outcome()).isEqualTo(Outcome.DELIVERED));
    assertThat(output.getAll())
        .contains(notification.id().toString())
        .doesNotContain(PATIENT)
        .doesNotContain("María");
  }

  @Test
  void htmlEmailCarriesThePlainTextAlternativeToo() throws Exception {
    String to = "paciente.html@example.org";
    Notification notification =
        Notification.email(
            "event-referral-43-confirmed",
            "patient-next-step",
            "referral-43",
            to,
            SUBJECT,
            TEXT,
            HTML);

    notifications.enqueue(notification);
    awaitDelivered(notification.id());

    MimeMessage message = onlyMessageTo(to);
    Multipart alternatives = alternativesOf(message);
    assertThat(alternatives.getContentType()).startsWith("multipart/alternative");
    assertThat(alternatives.getCount()).isEqualTo(2);
    assertThat(alternatives.getBodyPart(0).getContentType()).startsWith("text/plain");
    assertThat(normalized(alternatives.getBodyPart(0).getContent())).isEqualTo(TEXT);
    assertThat(alternatives.getBodyPart(1).getContentType()).startsWith("text/html");
    assertThat(alternatives.getBodyPart(1).getContent()).isEqualTo(HTML);
  }

  @Test
  void redeliveredEventSendsNoSecondEmail() throws Exception {
    String to = "paciente.una.vez@example.org";
    Notification notification =
        Notification.email(
            "event-referral-44-confirmed",
            "patient-next-step",
            "referral-44",
            to,
            SUBJECT,
            TEXT,
            null);

    assertThat(notifications.enqueue(notification)).isTrue();
    awaitDelivered(notification.id());
    assertThat(notifications.enqueue(notification)).isFalse();

    await()
        .during(Duration.ofMillis(500))
        .atMost(Duration.ofSeconds(2))
        .until(() -> messagesTo(to) == 1);
  }

  Delivery awaitDelivered(UUID id) {
    return await()
        .atMost(Duration.ofSeconds(15))
        .until(() -> notifications.find(id).orElseThrow(), d -> d.status() == Status.DELIVERED);
  }

  MimeMessage onlyMessageTo(String address) throws Exception {
    MimeMessage found = null;
    for (MimeMessage message : greenMail.getReceivedMessages()) {
      if (addressedTo(message, address)) {
        assertThat(found).as("one message to " + address).isNull();
        found = message;
      }
    }
    assertThat(found).as("a message to " + address).isNotNull();
    return found;
  }

  long messagesTo(String address) throws Exception {
    long count = 0;
    for (MimeMessage message : greenMail.getReceivedMessages()) {
      if (addressedTo(message, address)) {
        count++;
      }
    }
    return count;
  }

  static boolean addressedTo(MimeMessage message, String address) throws Exception {
    for (var recipient : message.getAllRecipients()) {
      if (((InternetAddress) recipient).getAddress().equals(address)) {
        return true;
      }
    }
    return false;
  }

  /**
   * The HTML message is multipart/mixed around multipart/alternative (MimeMessageHelper's layout).
   */
  static Multipart alternativesOf(MimeMessage message) throws Exception {
    Multipart multipart = (Multipart) message.getContent();
    while (!multipart.getContentType().startsWith("multipart/alternative")) {
      multipart = (Multipart) multipart.getBodyPart(0).getContent();
    }
    return multipart;
  }

  /** SMTP carries line ends as CRLF. */
  static String normalized(Object content) {
    return content.toString().replace("\r\n", "\n").stripTrailing();
  }
}
