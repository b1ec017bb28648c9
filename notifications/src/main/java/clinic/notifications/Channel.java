package clinic.notifications;

/** How a notification travels. */
public enum Channel {
  /** SMTP through Spring's {@code JavaMailSender}; the recipient is an e-mail address. */
  EMAIL,
  /** A signed HTTP POST; the recipient is the name of a configured webhook target. */
  WEBHOOK
}
