/**
 * Notifications that are delivered once their cause has committed, with retries and a delivery log.
 *
 * <p>A service {@code @Import}s {@link clinic.notifications.NotificationsConfiguration}, calls
 * {@link clinic.notifications.Notifications#enqueue} inside the transaction that changes its own
 * state, and a dispatcher delivers the notification by e-mail (Spring Mail) or by a signed webhook
 * (behind a Spring Cloud circuit breaker), retrying with exponential back-off and full jitter.
 *
 * <p>The service hears of outcomes by listening, not by polling the delivery log: the transaction
 * that records a delivery publishes {@link clinic.notifications.NotificationDelivered}, the one
 * that records a give-up {@link clinic.notifications.NotificationGaveUp}. Listen after the commit
 * ({@code @TransactionalEventListener}, or {@code @ApplicationModuleListener} where Spring
 * Modulith's event publication registry should carry the event over a crash); a plain
 * {@code @EventListener} runs inside that transaction, and its failure undoes the record, so the
 * notification is sent again after its lease.
 */
@NullMarked
package clinic.notifications;

import org.jspecify.annotations.NullMarked;
