package clinic.notifications;

import jakarta.mail.MessagingException;
import jakarta.mail.SendFailedException;
import jakarta.mail.internet.AddressException;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import java.nio.charset.StandardCharsets;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.mail.MailException;
import org.springframework.mail.MailParseException;
import org.springframework.mail.MailPreparationException;
import org.springframework.mail.MailSendException;
import org.springframework.mail.javamail.JavaMailSender;
import org.springframework.mail.javamail.MimeMessageHelper;

/**
 * E-mail through the application's {@link JavaMailSender} (Spring Boot configures it from {@code
 * spring.mail.*}). The Message-ID is derived from the notification id, so a message sent twice
 * after a crash carries the same Message-ID both times and mail clients can drop the copy.
 */
final class EmailChannel implements DeliveryChannel {

  private final ObjectProvider<JavaMailSender> mailSender;
  private final String from;
  private final String messageIdDomain;

  EmailChannel(ObjectProvider<JavaMailSender> mailSender, NotificationsProperties.Email email) {
    this.mailSender = mailSender;
    this.from = email.from();
    this.messageIdDomain =
        email.messageIdDomain() != null && !email.messageIdDomain().isBlank()
            ? email.messageIdDomain()
            : domainOf(email.from());
  }

  @Override
  public Channel channel() {
    return Channel.EMAIL;
  }

  @Override
  public DeliveryResult send(Notification notification) {
    JavaMailSender sender = mailSender.getIfAvailable();
    if (sender == null) {
      return DeliveryResult.rejected(null, "no mail sender configured (spring.mail.host)");
    }
    MimeMessage message;
    try {
      message = sender.createMimeMessage();
      boolean alternative = notification.htmlBody() != null;
      MimeMessageHelper helper =
          new MimeMessageHelper(message, alternative, StandardCharsets.UTF_8.name());
      helper.setFrom(from);
      helper.setTo(notification.recipient());
      helper.setSubject(notification.subject());
      if (alternative) {
        helper.setText(notification.body(), notification.htmlBody());
      } else {
        helper.setText(notification.body());
      }
      // JavaMailSenderImpl keeps a Message-ID that was set explicitly instead of generating one.
      message.setHeader("Message-ID", messageId(notification));
      // RFC 3834: tells out-of-office responders not to answer.
      message.setHeader("Auto-Submitted", "auto-generated");
    } catch (MessagingException | MailException e) {
      return DeliveryResult.rejected(null, "message not built: " + DeliveryResult.describe(e));
    }
    try {
      sender.send(message);
      return DeliveryResult.delivered(null);
    } catch (MailParseException | MailPreparationException e) {
      return DeliveryResult.rejected(null, DeliveryResult.describe(e));
    } catch (MailSendException e) {
      return recipientRefused(e)
          ? DeliveryResult.rejected(null, "recipient refused: " + DeliveryResult.describe(e))
          : DeliveryResult.failed(null, DeliveryResult.describe(e));
    } catch (MailException e) {
      return DeliveryResult.failed(null, DeliveryResult.describe(e));
    }
  }

  String messageId(Notification notification) {
    return "<" + notification.id() + "@" + messageIdDomain + ">";
  }

  /**
   * The server refused the address permanently (SMTP 5xx on RCPT): retrying cannot help. A 4xx
   * refusal leaves the address among the "valid unsent" ones and is retried.
   */
  private static boolean recipientRefused(MailSendException e) {
    for (Exception failure : e.getMessageExceptions()) {
      for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
        if (t instanceof SendFailedException sendFailed
            && sendFailed.getInvalidAddresses() != null
            && sendFailed.getInvalidAddresses().length > 0) {
          return true;
        }
      }
    }
    return false;
  }

  private static String domainOf(String from) {
    try {
      String address = new InternetAddress(from).getAddress();
      int at = address.lastIndexOf('@');
      return at >= 0 && at < address.length() - 1 ? address.substring(at + 1) : "localhost";
    } catch (AddressException e) {
      throw new IllegalArgumentException("clinic.notifications.email.from is not an address", e);
    }
  }
}
