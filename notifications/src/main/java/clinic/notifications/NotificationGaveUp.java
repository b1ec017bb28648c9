package clinic.notifications;

import java.util.UUID;
import org.jspecify.annotations.Nullable;

/**
 * A notification is undeliverable: it was refused for good or ran out of attempts, and waits for a
 * person ({@link Notifications#retry}). Published like {@link NotificationDelivered}, inside the
 * transaction that records it. A retried notification that is then delivered is announced again, as
 * delivered.
 *
 * @param attempts attempts made, over the notification's whole life
 * @param lastError why the last attempt failed: error classes and status codes, no content
 */
public record NotificationGaveUp(
    UUID notificationId,
    Channel channel,
    String topic,
    String reference,
    int attempts,
    @Nullable String lastError) {}
