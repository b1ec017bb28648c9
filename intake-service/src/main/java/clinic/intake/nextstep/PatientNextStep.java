package clinic.intake.nextstep;

import clinic.events.Escalation;
import clinic.events.Route;
import clinic.events.Urgency;
import clinic.notifications.Notification;
import clinic.notifications.Notifications;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.MessageSource;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

/**
 * Decides, once per referral, whether the patient gets the next-step e-mail, and enqueues it in the
 * transaction of the event that made it due.
 *
 * <p>One message per referral: the notification id is derived from the referral id, and the
 * decision is recorded under the referral id, so a redelivered event, a restart, a later override
 * of the same referral or a new packet version sends nothing more (the patient's education link
 * stays valid: content-service keeps it pointing at the current packet). A new referral (e.g. after
 * the intake was amended and triaged again) gets its own message.
 */
@Component
public class PatientNextStep {

  static final String TOPIC = "patient-next-step";

  private static final Logger log = LoggerFactory.getLogger(PatientNextStep.class);

  private final PatientNotices notices;
  private final Notifications notifications;
  private final MessageSource messages;

  PatientNextStep(PatientNotices notices, Notifications notifications, MessageSource messages) {
    this.notices = notices;
    this.notifications = notifications;
    this.messages = messages;
  }

  /**
   * The referral is confirmed and the education packet assigned. Must run inside the transaction
   * that records the event (the caller holds the intake's row lock).
   *
   * @param escalation what the red flags ask for first, said before the route; null without one
   */
  @Transactional(propagation = Propagation.MANDATORY)
  public void referralReady(
      UUID intakeId,
      UUID referralId,
      Route route,
      Urgency urgency,
      Escalation escalation,
      String packetUrl,
      Instant now) {
    var contact = notices.contact(intakeId).orElse(null);
    if (contact == null || contact.withdrawn()) {
      return;
    }
    var language = "es".equals(contact.language()) ? "es" : "en";
    PatientNotice.Outcome outcome;
    Notification email = null;
    if (!contact.consentToContact()) {
      outcome = PatientNotice.Outcome.NO_CONSENT;
    } else if (contact.email() == null || contact.email().isBlank()) {
      outcome = PatientNotice.Outcome.NO_EMAIL;
    } else {
      outcome = PatientNotice.Outcome.ENQUEUED;
      var words =
          NextStepEmail.compose(
              messages, Locale.forLanguageTag(language), route, urgency, escalation, packetUrl);
      email =
          Notification.email(
              referralId + ":" + TOPIC,
              TOPIC,
              intakeId.toString(),
              contact.email(),
              words.subject(),
              words.text(),
              null);
    }
    var row =
        new PatientNotices.Row(
            referralId, outcome, email == null ? null : email.id(), language, now);
    if (!notices.record(intakeId, row)) {
      return;
    }
    if (email != null) {
      notifications.enqueue(email);
    }
    log.info("Intake {} referral {}: patient next step {}", intakeId, referralId, outcome);
  }

  /** Every referral's decision for this intake, with the delivery of what was sent. */
  public List<PatientNotice> forIntake(UUID intakeId) {
    return notices.forIntake(intakeId).stream()
        .map(
            row ->
                new PatientNotice(
                    row.referralId(),
                    row.outcome(),
                    row.outcome().note(),
                    row.language(),
                    row.decidedAt(),
                    row.notificationId(),
                    row.notificationId() == null
                        ? null
                        : notifications.find(row.notificationId()).orElse(null)))
        .toList();
  }
}
