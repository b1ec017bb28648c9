package clinic.notifications;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;

/**
 * {@code clinic.notifications.delivered}, {@code .failed} (failed attempts) and {@code .gave.up},
 * tagged with channel and topic, and the gauge {@code clinic.notifications.undeliverable}: how many
 * notifications have given up and wait for a person (alert on it being above zero).
 */
final class NotificationMetrics {

  private final MeterRegistry registry;

  NotificationMetrics(MeterRegistry registry, DeliveryLog log) {
    this.registry = registry;
    Gauge.builder("clinic.notifications.undeliverable", log, DeliveryLog::countGaveUp)
        .description("Notifications that gave up and wait for a person to retry them")
        .strongReference(true)
        .register(registry);
  }

  void delivered(Notification n) {
    counter("clinic.notifications.delivered", "Notifications delivered", n).increment();
  }

  void failed(Notification n) {
    counter("clinic.notifications.failed", "Delivery attempts that failed", n).increment();
  }

  void gaveUp(Notification n) {
    counter("clinic.notifications.gave.up", "Notifications that gave up", n).increment();
  }

  private Counter counter(String name, String description, Notification n) {
    return Counter.builder(name)
        .description(description)
        .tag("channel", n.channel().name().toLowerCase(java.util.Locale.ROOT))
        .tag("topic", n.topic())
        .register(registry);
  }
}
