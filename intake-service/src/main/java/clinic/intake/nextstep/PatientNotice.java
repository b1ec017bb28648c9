package clinic.intake.nextstep;

import clinic.notifications.Delivery;
import java.time.Instant;
import java.util.UUID;

/**
 * What was decided about one referral's next-step e-mail, and how its delivery is going.
 *
 * @param note the outcome in words, e.g. "not sent: no consent to contact"
 * @param notificationId null when nothing was sent
 * @param delivery the delivery log's status and attempts; null when nothing was sent
 */
public record PatientNotice(
    UUID referralId,
    Outcome outcome,
    String note,
    String language,
    Instant decidedAt,
    UUID notificationId,
    Delivery delivery) {

  public enum Outcome {
    ENQUEUED("e-mail enqueued"),
    NO_CONSENT("not sent: no consent to contact"),
    NO_EMAIL("not sent: no e-mail address");

    private final String note;

    Outcome(String note) {
      this.note = note;
    }

    String note() {
      return note;
    }
  }
}
