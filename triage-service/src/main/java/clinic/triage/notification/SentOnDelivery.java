package clinic.triage.notification;

import clinic.events.Actor;
import clinic.notifications.NotificationDelivered;
import clinic.triage.referral.ReferralStatus;
import clinic.triage.referral.Referrals;
import java.util.Optional;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.modulith.events.ApplicationModuleListener;
import org.springframework.stereotype.Component;

/**
 * Moves a confirmed or overridden referral to SENT once the receiving team has been reached: when
 * one of its team notifications (e-mail or webhook) is delivered, as the notifications module
 * announces in the transaction that records the delivery.
 *
 * <p>An {@link ApplicationModuleListener}: Spring Modulith's event publication registry stores the
 * announcement in that same transaction and calls this after the commit, in a transaction of its
 * own. A crash in between loses nothing (the publication is resubmitted on restart), and a failure
 * here (a clinician changed the referral at the same moment) leaves it incomplete, to be
 * resubmitted later ({@code StalePublications}). Only the notifications recorded in {@code
 * referral_notification} count: an early warning is sent before any clinician stood behind the
 * referral and never makes it SENT. Locking the referral's rows serializes the deliveries of its
 * e-mail and its webhook; settling them makes a second delivery, or a resubmitted announcement,
 * change nothing.
 */
@Component
class SentOnDelivery {

  static final Actor BY = Actor.system("notifications");

  private final JdbcClient jdbc;
  private final Referrals referrals;

  SentOnDelivery(JdbcClient jdbc, Referrals referrals) {
    this.jdbc = jdbc;
    this.referrals = referrals;
  }

  @ApplicationModuleListener
  void on(NotificationDelivered delivered) {
    // Locks all the referral's unsettled rows: a second delivery waits here, then finds none.
    Optional<UUID> referralId =
        jdbc
            .sql(
                """
                select referral_id from referral_notification
                where referral_id = (select referral_id from referral_notification
                                     where notification_id = ?)
                  and settled_at is null
                for update
                """)
            .param(delivered.notificationId())
            .query(UUID.class)
            .list()
            .stream()
            .findFirst();
    if (referralId.isEmpty()) {
      return;
    }
    ReferralStatus status = referrals.find(referralId.get()).status();
    if (status == ReferralStatus.CONFIRMED || status == ReferralStatus.OVERRIDDEN) {
      referrals.markSent(referralId.get(), BY);
    }
    jdbc.sql(
            """
            update referral_notification set settled_at = now()
            where referral_id = ? and settled_at is null
            """)
        .param(referralId.get())
        .update();
  }
}
