package clinic.notifications;

import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import org.springframework.transaction.event.TransactionalEventListener;

/**
 * The module's delivery callbacks as a service hears them: after the transaction that recorded the
 * outcome has committed. A {@code @TransactionalEventListener} is not called at all for an event
 * published outside a transaction, so hearing one proves it was published inside one.
 */
class Announcements {

  private final List<Object> heard = new CopyOnWriteArrayList<>();

  @TransactionalEventListener
  void delivered(NotificationDelivered delivered) {
    heard.add(delivered);
  }

  @TransactionalEventListener
  void gaveUp(NotificationGaveUp gaveUp) {
    heard.add(gaveUp);
  }

  /** What was heard about one notification, in order. */
  List<Object> about(UUID notificationId) {
    return heard.stream()
        .filter(
            e ->
                switch (e) {
                  case NotificationDelivered d -> d.notificationId().equals(notificationId);
                  case NotificationGaveUp g -> g.notificationId().equals(notificationId);
                  default -> false;
                })
        .toList();
  }
}
