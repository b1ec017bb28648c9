package clinic.testing;

import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.SpanProcessor;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import java.util.List;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;

/**
 * Keeps every span the service finishes in memory, as soon as it ends, for tests that follow a
 * trace. Boot's OpenTelemetry configuration adds every {@link SpanProcessor} bean to its tracer
 * provider; in tests Boot switches off the exporters of the application itself (OTLP), not this.
 * Inject this class itself (it is the imported configuration) to read them.
 */
@TestConfiguration(proxyBeanMethods = false)
public class TestSpans {

  private final InMemorySpanExporter exporter = InMemorySpanExporter.create();

  @Bean
  SpanProcessor inMemorySpans() {
    return SimpleSpanProcessor.create(exporter);
  }

  /** Every span finished so far, of every test that shares the application context. */
  public List<SpanData> finished() {
    return exporter.getFinishedSpanItems();
  }

  /** The finished spans of one trace. */
  public List<SpanData> ofTrace(String traceId) {
    return finished().stream().filter(span -> span.getTraceId().equals(traceId)).toList();
  }
}
