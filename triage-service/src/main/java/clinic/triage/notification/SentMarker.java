package clinic.triage.notification;

import clinic.events.Actor;
import clinic.notifications.Delivery;
import clinic.notifications.Notifications;
import clinic.notifications.Status;
import clinic.triage.referral.ReferralStatus;
import clinic.triage.referral.Referrals;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Moves a confirmed or overridden referral to SENT once the receiving team has been reached: as
 * soon as one of its team notifications (e-mail or webhook) is delivered.
 *
 * <p>The notifications module offers no delivery callback, so the outcome is observed here by
 * polling the delivery log for the notifications in {@code referral_notification} that are not
 * settled yet. Marking the referral SENT and settling its rows commit together, and the rows are
 * locked ({@code SKIP LOCKED}) so that two instances cannot both act on one referral; a restart
 * simply picks up the unsettled rows again. Early warnings are never in this table: a notice sent
 * before a clinician confirmed the referral does not make it SENT.
 */
@Component
class SentMarker {

  static final Actor BY = Actor.system("notifications");

  private static final Logger log = LoggerFactory.getLogger(SentMarker.class);

  private final JdbcClient jdbc;
  private final Notifications notifications;
  private final Referrals referrals;
  private final TransactionTemplate transactions;

  SentMarker(
      JdbcClient jdbc,
      Notifications notifications,
      Referrals referrals,
      TransactionTemplate transactions) {
    this.jdbc = jdbc;
    this.notifications = notifications;
    this.referrals = referrals;
    this.transactions = transactions;
  }

  @Scheduled(
      fixedDelayString = "${triage.notifications.sent-check-interval:1s}",
      initialDelayString = "${triage.notifications.sent-check-interval:1s}")
  void markDelivered() {
    List<UUID> waiting =
        jdbc.sql(
                """
                select distinct referral_id from referral_notification
                where settled_at is null limit 200
                """)
            .query(UUID.class)
            .list();
    for (UUID referralId : waiting) {
      try {
        transactions.executeWithoutResult(status -> settle(referralId));
      } catch (RuntimeException e) {
        // A clinician changed the referral at the same moment: the next round tries again.
        log.info("Referral {} not marked sent yet: {}", referralId, e.getClass().getSimpleName());
      }
    }
  }

  private void settle(UUID referralId) {
    List<UUID> pending =
        jdbc.sql(
                """
                select notification_id from referral_notification
                where referral_id = ? and settled_at is null
                for update skip locked
                """)
            .param(referralId)
            .query(UUID.class)
            .list();
    if (pending.isEmpty()) {
      return;
    }
    ReferralStatus status = referrals.find(referralId).status();
    boolean awaitingSend =
        status == ReferralStatus.CONFIRMED || status == ReferralStatus.OVERRIDDEN;
    boolean delivered =
        pending.stream()
            .map(notifications::find)
            .flatMap(Optional::stream)
            .map(Delivery::status)
            .anyMatch(Status.DELIVERED::equals);
    if (awaitingSend && !delivered) {
      return;
    }
    if (awaitingSend) {
      referrals.markSent(referralId, BY);
    }
    jdbc.sql(
            """
            update referral_notification set settled_at = now()
            where referral_id = ? and settled_at is null
            """)
        .param(referralId)
        .update();
  }
}
