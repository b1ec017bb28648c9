package clinic.notifications;

import java.nio.charset.StandardCharsets;
import java.util.Objects;
import java.util.UUID;
import org.jspecify.annotations.Nullable;

/**
 * A message to deliver once.
 *
 * <p>The id is derived from what caused the notification, so a redelivered event or a restart
 * produces the same id and {@link Notifications#enqueue} stores nothing new. Use {@link
 * #email(String, String, String, String, String, String, String)} and {@link #webhook(String,
 * String, String, String, String)}, which derive it.
 *
 * @param id deterministic id; also the webhook {@code Idempotency-Key} and the e-mail Message-ID
 * @param channel e-mail or webhook
 * @param recipient an e-mail address, or the name of a webhook target under {@code
 *     clinic.notifications.webhooks}
 * @param topic what kind of notification this is, e.g. {@code referral-to-team}; a metric tag
 * @param reference what it is about, e.g. a referral id; lists deliveries per referral
 * @param subject e-mail subject (required for e-mail)
 * @param body e-mail plain text (required for e-mail)
 * @param htmlBody optional e-mail HTML alternative
 * @param payload webhook JSON body (required for webhooks), sent byte for byte as given
 */
public record Notification(
    UUID id,
    Channel channel,
    String recipient,
    String topic,
    String reference,
    @Nullable String subject,
    @Nullable String body,
    @Nullable String htmlBody,
    @Nullable String payload) {

  public Notification {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(channel, "channel");
    requireText(recipient, "recipient");
    requireText(topic, "topic");
    requireText(reference, "reference");
    if (topic.length() > 100 || reference.length() > 200) {
      throw new IllegalArgumentException(
          "topic is at most 100 and reference at most 200 characters");
    }
    switch (channel) {
      case EMAIL -> {
        requireText(subject, "subject");
        Objects.requireNonNull(body, "body");
      }
      case WEBHOOK -> requireText(payload, "payload");
    }
  }

  /**
   * The id for the notification that {@code cause} (e.g. an event id) triggers on this topic and
   * channel for this recipient: the same inputs always give the same id.
   */
  public static UUID idFor(String cause, String topic, Channel channel, String recipient) {
    String key = String.join("\n", cause, topic, channel.name(), recipient);
    return UUID.nameUUIDFromBytes(key.getBytes(StandardCharsets.UTF_8));
  }

  /** An e-mail, its id derived from {@code cause}, topic and address. */
  public static Notification email(
      String cause,
      String topic,
      String reference,
      String to,
      String subject,
      String text,
      @Nullable String html) {
    return new Notification(
        idFor(cause, topic, Channel.EMAIL, to),
        Channel.EMAIL,
        to,
        topic,
        reference,
        subject,
        text,
        html,
        null);
  }

  /** A webhook call to a configured target, its id derived from {@code cause}, topic and target. */
  public static Notification webhook(
      String cause, String topic, String reference, String target, String jsonPayload) {
    return new Notification(
        idFor(cause, topic, Channel.WEBHOOK, target),
        Channel.WEBHOOK,
        target,
        topic,
        reference,
        null,
        null,
        null,
        jsonPayload);
  }

  /** Without recipient or content: an e-mail address or a message body must never reach a log. */
  @Override
  public String toString() {
    return "Notification[id=%s, channel=%s, topic=%s, reference=%s]"
        .formatted(id, channel, topic, reference);
  }

  private static void requireText(@Nullable String value, String name) {
    if (value == null || value.isBlank()) {
      throw new IllegalArgumentException(name + " must not be blank");
    }
  }
}
