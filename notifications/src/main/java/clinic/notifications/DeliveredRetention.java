package clinic.notifications;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.scheduling.annotation.Scheduled;

/**
 * Deletes delivered notifications once they are older than {@code
 * clinic.notifications.retention.delivered} (30 days): a delivered e-mail or webhook call is a copy
 * of the patient's address and next step, or of a referral, that nobody needs once it arrived and
 * the first questions about it ("did the patient get it?") are answered. Safe with several
 * instances: the delete is by age and status only, so running it twice, or at once, deletes the
 * same rows once.
 */
final class DeliveredRetention {

  private static final Logger log = LoggerFactory.getLogger(DeliveredRetention.class);

  private final DeliveryLog deliveryLog;
  private final NotificationsProperties.Retention retention;

  DeliveredRetention(DeliveryLog deliveryLog, NotificationsProperties.Retention retention) {
    this.deliveryLog = deliveryLog;
    this.retention = retention;
  }

  /** Returns how many notifications were deleted. */
  @Scheduled(
      fixedDelayString = "${clinic.notifications.retention.interval:1h}",
      initialDelayString = "${clinic.notifications.retention.interval:1h}")
  int deleteDelivered() {
    int deleted = deliveryLog.deleteDeliveredBefore(retention.delivered());
    if (deleted > 0) {
      log.info(
          "Deleted {} notifications delivered more than {} ago", deleted, retention.delivered());
    }
    return deleted;
  }
}
