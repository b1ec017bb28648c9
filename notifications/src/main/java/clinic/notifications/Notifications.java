package clinic.notifications;

import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What a service uses: enqueue notifications, show their deliveries, retry the undeliverable.
 *
 * <p>Delivery guarantee: a notification is stored if and only if the transaction that enqueued it
 * commits, and it is stored once per id, so a redelivered event or a restart never creates a second
 * notification. It is then delivered at least once: a dispatcher that dies after the transport
 * accepted a message but before it recorded that can cause one more send after its lease; that copy
 * carries the same {@code Idempotency-Key} (webhooks) or Message-ID (e-mail), so the receiver can
 * drop it.
 *
 * <p>The send continues the trace the notification was enqueued in ({@link TraceContext}).
 */
public final class Notifications {

  private static final Logger log = LoggerFactory.getLogger(Notifications.class);

  private final DeliveryLog deliveryLog;
  private final TraceContext trace;

  Notifications(DeliveryLog deliveryLog, TraceContext trace) {
    this.deliveryLog = deliveryLog;
    this.trace = trace;
  }

  /**
   * Stores the notification for delivery, unless one with the same id exists. Call it inside the
   * transaction that records its cause (the processed event, the referral change): the row then
   * commits or rolls back with it, and nothing is sent before the commit.
   *
   * @return true if it was new, false if a notification with this id was already there
   */
  public boolean enqueue(Notification notification) {
    boolean created = deliveryLog.insert(notification, trace.enqueued(notification));
    log.debug(
        "Notification {} ({}, {}) {}",
        notification.id(),
        notification.channel(),
        notification.topic(),
        created ? "enqueued" : "already enqueued");
    return created;
  }

  /**
   * Sends a notification that gave up (or is waiting between failed attempts) again, now, with a
   * fresh budget of attempts, and records who asked.
   *
   * @param requestedBy who asked, e.g. the clinician's user name (shown on the detail view)
   * @return false if there is no such notification or it is pending, sending or delivered
   */
  public boolean retry(UUID id, String requestedBy) {
    if (requestedBy == null || requestedBy.isBlank()) {
      throw new IllegalArgumentException("requestedBy must name who asked for the retry");
    }
    Optional<Status> before = deliveryLog.retry(id, requestedBy);
    before.ifPresent(status -> log.info("Notification {} retried by hand (was {})", id, status));
    return before.isPresent();
  }

  /** The deliveries about {@code reference} (e.g. a referral id), oldest first, with attempts. */
  public List<Delivery> forReference(String reference) {
    return deliveryLog.byReference(reference);
  }

  public Optional<Delivery> find(UUID id) {
    return deliveryLog.find(id);
  }

  /** Notifications that gave up and wait for a person, oldest first, at most {@code limit}. */
  public List<Delivery> undeliverable(int limit) {
    return deliveryLog.gaveUp(limit);
  }

  /** How many notifications gave up and wait for a person (also the gauge's value). */
  public long countUndeliverable() {
    return deliveryLog.countGaveUp();
  }
}
