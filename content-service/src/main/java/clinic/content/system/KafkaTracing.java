package clinic.content.system;

import io.micronaut.core.annotation.Nullable;
import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.Scope;
import io.opentelemetry.context.propagation.TextMapGetter;
import io.opentelemetry.context.propagation.TextMapPropagator;
import jakarta.inject.Singleton;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.stream.StreamSupport;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;

/**
 * The Kafka half of one trace per intake, with the OpenTelemetry API (Micronaut's Kafka tracing
 * module is not available to this build): a record's handling runs in a consumer span that
 * continues the trace of its {@code traceparent} header; the outbox stores the trace a message was
 * appended in, and the relay sends it in a producer span of that trace, writing the header on.
 * Spans carry the topic, partition and offset, never a key's or a value's content.
 */
@Singleton
public class KafkaTracing {

  static final String TRACEPARENT = "traceparent";

  private static final AttributeKey<String> SYSTEM = AttributeKey.stringKey("messaging.system");
  private static final AttributeKey<String> DESTINATION =
      AttributeKey.stringKey("messaging.destination.name");
  private static final AttributeKey<String> OPERATION =
      AttributeKey.stringKey("messaging.operation.type");
  private static final AttributeKey<Long> PARTITION =
      AttributeKey.longKey("messaging.destination.partition.id");
  private static final AttributeKey<Long> OFFSET = AttributeKey.longKey("messaging.kafka.offset");

  private static final TextMapGetter<Headers> HEADERS =
      new TextMapGetter<>() {
        @Override
        public Iterable<String> keys(Headers headers) {
          return StreamSupport.stream(headers.spliterator(), false).map(Header::key).toList();
        }

        @Override
        public @Nullable String get(@Nullable Headers headers, String key) {
          Header header = headers == null ? null : headers.lastHeader(key);
          return header == null ? null : new String(header.value(), StandardCharsets.UTF_8);
        }
      };

  private static final TextMapGetter<Map<String, String>> MAP =
      new TextMapGetter<>() {
        @Override
        public Iterable<String> keys(Map<String, String> carrier) {
          return carrier.keySet();
        }

        @Override
        public @Nullable String get(@Nullable Map<String, String> carrier, String key) {
          return carrier == null ? null : carrier.get(key);
        }
      };

  private final Tracer tracer;
  private final TextMapPropagator propagator;

  KafkaTracing(OpenTelemetry openTelemetry) {
    this.tracer = openTelemetry.getTracer("clinic.content-service");
    this.propagator = openTelemetry.getPropagators().getTextMapPropagator();
  }

  /** Handles a record in a consumer span, in the trace of the record's headers. */
  public void process(ConsumerRecord<?, ?> record, Runnable handling) {
    Context parent = propagator.extract(Context.root(), record.headers(), HEADERS);
    Span span =
        tracer
            .spanBuilder(record.topic() + " process")
            .setParent(parent)
            .setSpanKind(SpanKind.CONSUMER)
            .setAttribute(SYSTEM, "kafka")
            .setAttribute(DESTINATION, record.topic())
            .setAttribute(OPERATION, "process")
            .setAttribute(PARTITION, (long) record.partition())
            .setAttribute(OFFSET, record.offset())
            .startSpan();
    try (Scope ignored = span.makeCurrent()) {
      handling.run();
    } catch (RuntimeException e) {
      // The class only: a message can quote data the event never had (a failing row).
      span.setStatus(StatusCode.ERROR, e.getClass().getName());
      throw e;
    } finally {
      span.end();
    }
  }

  /** The current trace as a W3C traceparent, to keep with an outbox row; null when untraced. */
  public @Nullable String current() {
    Map<String, String> carrier = new HashMap<>();
    propagator.inject(Context.current(), carrier, Map::put);
    return carrier.get(TRACEPARENT);
  }

  /**
   * Sends a record in a producer span that continues {@code traceparent} (a new trace without it),
   * and writes that span's context into the record's headers.
   */
  public <T> T publish(ProducerRecord<?, ?> record, @Nullable String traceparent, Callable<T> send)
      throws Exception {
    Context parent =
        traceparent == null
            ? Context.root()
            : propagator.extract(Context.root(), Map.of(TRACEPARENT, traceparent), MAP);
    Span span =
        tracer
            .spanBuilder(record.topic() + " publish")
            .setParent(parent)
            .setSpanKind(SpanKind.PRODUCER)
            .setAttribute(SYSTEM, "kafka")
            .setAttribute(DESTINATION, record.topic())
            .setAttribute(OPERATION, "publish")
            .startSpan();
    try (Scope ignored = span.makeCurrent()) {
      propagator.inject(
          Context.current(),
          record.headers(),
          (headers, key, value) -> {
            headers.remove(key);
            headers.add(key, value.getBytes(StandardCharsets.UTF_8));
          });
      return send.call();
    } catch (Exception e) {
      span.setStatus(StatusCode.ERROR, e.getClass().getName());
      throw e;
    } finally {
      span.end();
    }
  }
}
