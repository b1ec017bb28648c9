package clinic.stack;

import jakarta.mail.Address;
import jakarta.mail.Header;
import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.Multipart;
import jakarta.mail.Part;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeUtility;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * One message as the local SMTP server received it, decoded for display: RFC 2047 headers and
 * charsets are resolved here, once, so the viewer only escapes text.
 *
 * @param envelopeTo every recipient of the SMTP transaction, Bcc included
 * @param to the To and Cc header addresses (the envelope recipients when there are none)
 * @param text the first text/plain part, or null
 * @param html the first text/html part, or null
 * @param source the message as it came over the wire
 */
record CapturedMail(
    int number,
    Instant receivedAt,
    String envelopeFrom,
    List<String> envelopeTo,
    String from,
    List<String> to,
    String subject,
    List<Map.Entry<String, String>> headers,
    String text,
    String html,
    List<String> attachments,
    String source) {

  CapturedMail {
    envelopeTo = List.copyOf(envelopeTo);
    to = List.copyOf(to);
    headers = List.copyOf(headers);
    attachments = List.copyOf(attachments);
  }

  /**
   * Never fails: a message the viewer cannot decode is still listed, with what could be read and a
   * note, because a newcomer debugging a broken mail needs to see it most.
   */
  static CapturedMail from(
      int number,
      Instant receivedAt,
      String envelopeFrom,
      List<String> envelopeTo,
      MimeMessage message) {
    String source = source(message);
    String from = "";
    List<String> to = List.of();
    String subject = "";
    List<Map.Entry<String, String>> headers = List.of();
    Bodies bodies = new Bodies();
    try {
      from = String.join(", ", addresses(message.getFrom()));
      to = new ArrayList<>(addresses(message.getRecipients(Message.RecipientType.TO)));
      to.addAll(addresses(message.getRecipients(Message.RecipientType.CC)));
      subject = Objects.requireNonNullElse(message.getSubject(), "");
      headers = headers(message);
      bodies.collect(message);
    } catch (MessagingException | IOException | RuntimeException e) {
      bodies.text =
          Objects.requireNonNullElse(bodies.text, "")
              + "\n[local stack: this message could not be fully decoded: "
              + e
              + "; see its source]";
    }
    return new CapturedMail(
        number,
        receivedAt,
        envelopeFrom,
        envelopeTo,
        from.isEmpty() ? envelopeFrom : from,
        to.isEmpty() ? envelopeTo : to,
        subject,
        headers,
        bodies.text,
        bodies.html,
        bodies.attachments,
        source);
  }

  private static List<String> addresses(Address[] addresses) {
    if (addresses == null) {
      return List.of();
    }
    List<String> shown = new ArrayList<>();
    for (Address address : addresses) {
      // For reading, not for reuse in a header: the name decoded and unquoted.
      if (address instanceof InternetAddress internet && internet.getPersonal() != null) {
        shown.add(internet.getPersonal() + " <" + internet.getAddress() + ">");
      } else if (address instanceof InternetAddress internet) {
        shown.add(internet.getAddress());
      } else {
        shown.add(address.toString());
      }
    }
    return shown;
  }

  private static List<Map.Entry<String, String>> headers(MimeMessage message)
      throws MessagingException {
    List<Map.Entry<String, String>> headers = new ArrayList<>();
    for (Header header : Collections.list(message.getAllHeaders())) {
      headers.add(Map.entry(header.getName(), decoded(header.getValue())));
    }
    return headers;
  }

  private static String decoded(String value) {
    if (value == null) {
      return "";
    }
    try {
      return MimeUtility.decodeText(MimeUtility.unfold(value));
    } catch (IOException | RuntimeException e) {
      return value;
    }
  }

  private static String source(MimeMessage message) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try {
      message.writeTo(bytes);
    } catch (IOException | MessagingException e) {
      return "[local stack: the source could not be read: " + e + "]";
    }
    // 8-bit bodies are almost always UTF-8 nowadays; anything else shows as replacement chars.
    return bytes.toString(StandardCharsets.UTF_8);
  }

  /** SMTP carries text with CRLF line ends; the sender wrote, and the viewer shows, plain LF. */
  private static String lines(Part part) throws MessagingException, IOException {
    return part.getContent().toString().replace("\r\n", "\n");
  }

  /** Walks the MIME tree: the first plain and HTML bodies, and the names of the other parts. */
  private static final class Bodies {
    private String text;
    private String html;
    private final List<String> attachments = new ArrayList<>();

    void collect(Part part) throws MessagingException, IOException {
      boolean attachment = Part.ATTACHMENT.equalsIgnoreCase(part.getDisposition());
      if (part.isMimeType("multipart/*") && part.getContent() instanceof Multipart multipart) {
        for (int i = 0; i < multipart.getCount(); i++) {
          collect(multipart.getBodyPart(i));
        }
      } else if (!attachment && text == null && part.isMimeType("text/plain")) {
        text = lines(part);
      } else if (!attachment && html == null && part.isMimeType("text/html")) {
        html = lines(part);
      } else {
        String type = part.getContentType() == null ? "?" : part.getContentType().split(";")[0];
        String name = part.getFileName() == null ? "(unnamed)" : decoded(part.getFileName());
        attachments.add(name + " (" + type.strip() + ")");
      }
    }
  }
}
