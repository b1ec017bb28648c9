package clinic.notifications;

import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationRegistry;
import io.micrometer.observation.transport.ReceiverContext;
import io.micrometer.observation.transport.SenderContext;
import java.util.HashMap;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * Carries the trace of the transaction that enqueued a notification to its send, like a message
 * header across a queue: {@link #enqueued} observes the enqueue as a sender and keeps the W3C
 * {@code traceparent} the tracer writes into its carrier (stored with the row); {@link #send}
 * observes the send as a receiver of that carrier, so the tracer continues the trace. Spans carry
 * the notification's id, channel and topic, never its recipient or content. Without tracing (no
 * registry, or nothing to propagate) the column stays empty and sends are observed on their own.
 */
final class TraceContext {

  static final String TRACEPARENT = "traceparent";

  private final ObservationRegistry registry;

  TraceContext(ObservationRegistry registry) {
    this.registry = registry;
  }

  /** Observes the enqueue in the current trace; the traceparent to store with the row, if any. */
  @Nullable String enqueued(Notification n) {
    var context = new SenderContext<Map<String, String>>(Map::put);
    context.setCarrier(new HashMap<>());
    observation("clinic.notifications.enqueue", "notification enqueue", context, n)
        .observe(() -> {});
    return context.getCarrier().get(TRACEPARENT);
  }

  /** Runs the send as a child of the stored trace, if there is one. */
  void send(Notification n, @Nullable String traceparent, Runnable send) {
    var context = new ReceiverContext<Map<String, String>>((carrier, key) -> carrier.get(key));
    context.setCarrier(traceparent == null ? Map.of() : Map.of(TRACEPARENT, traceparent));
    observation("clinic.notifications.send", "notification send", context, n).observe(send);
  }

  private Observation observation(
      String name, String contextualName, Observation.Context context, Notification n) {
    return Observation.createNotStarted(name, () -> context, registry)
        .contextualName(contextualName)
        .lowCardinalityKeyValue("channel", n.channel().name())
        .lowCardinalityKeyValue("topic", n.topic())
        .highCardinalityKeyValue("notification.id", n.id().toString());
  }
}
