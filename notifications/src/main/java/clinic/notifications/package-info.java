/**
 * Notifications that are delivered once their cause has committed, with retries and a delivery log.
 *
 * <p>A service {@code @Import}s {@link clinic.notifications.NotificationsConfiguration}, calls
 * {@link clinic.notifications.Notifications#enqueue} inside the transaction that changes its own
 * state, and a dispatcher delivers the notification by e-mail (Spring Mail) or by a signed webhook
 * (behind a Spring Cloud circuit breaker), retrying with exponential back-off and full jitter.
 */
@NullMarked
package clinic.notifications;

import org.jspecify.annotations.NullMarked;
