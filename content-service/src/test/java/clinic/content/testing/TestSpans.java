package clinic.content.testing;

import io.micronaut.tracing.opentelemetry.OpenTelemetryBuilderCustomizer;
import io.opentelemetry.sdk.autoconfigure.AutoConfiguredOpenTelemetrySdkBuilder;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import jakarta.inject.Singleton;
import java.util.List;

/** Keeps every span the service finishes in memory, as soon as it ends, for tracing tests. */
@Singleton
public class TestSpans implements OpenTelemetryBuilderCustomizer {

  private final InMemorySpanExporter exporter = InMemorySpanExporter.create();

  @Override
  public void configure(AutoConfiguredOpenTelemetrySdkBuilder builder) {
    builder.addTracerProviderCustomizer(
        (tracerProvider, config) ->
            tracerProvider.addSpanProcessor(SimpleSpanProcessor.create(exporter)));
  }

  /** Every span finished so far in this application context. */
  public List<SpanData> finished() {
    return exporter.getFinishedSpanItems();
  }

  /** The finished spans of one trace. */
  public List<SpanData> ofTrace(String traceId) {
    return finished().stream().filter(span -> span.getTraceId().equals(traceId)).toList();
  }
}
