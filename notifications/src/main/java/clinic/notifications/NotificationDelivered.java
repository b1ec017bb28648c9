package clinic.notifications;

import java.util.UUID;

/**
 * A notification reached its recipient: the delivery callback. Published as an application event
 * inside the transaction that records the delivery, so a {@code @TransactionalEventListener} (or
 * Spring Modulith's {@code @ApplicationModuleListener}) hears of it once that record has committed,
 * and never of a delivery whose record rolled back. Ids and kinds only: no recipient, no content.
 *
 * @param topic the notification's topic, e.g. {@code referral-to-team}
 * @param reference what it is about, as given to {@link Notification}, e.g. a referral id
 * @param attempt the attempt that delivered it, counted over the notification's whole life
 */
public record NotificationDelivered(
    UUID notificationId, Channel channel, String topic, String reference, int attempt) {}
