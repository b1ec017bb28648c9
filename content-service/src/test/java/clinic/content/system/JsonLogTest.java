package clinic.content.system;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.joran.JoranConfigurator;
import ch.qos.logback.classic.util.LogbackMDCAdapter;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

/** The production log (application-prod.yml's logback-json.xml): JSON lines with the trace. */
class JsonLogTest {

  @Test
  void eachLineIsJsonWithTheTraceAndSpanOfTheWorkItLogs() throws Exception {
    var context = new LoggerContext();
    context.setMDCAdapter(new LogbackMDCAdapter());
    var configurator = new JoranConfigurator();
    configurator.setContext(context);
    var out = new ByteArrayOutputStream();
    var console = System.out;
    System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
    String traceId;
    String spanId;
    try (var tracing = SdkTracerProvider.builder().build()) {
      configurator.doConfigure(getClass().getResource("/logback-json.xml"));
      var span = tracing.get("test").spanBuilder("work").startSpan();
      traceId = span.getSpanContext().getTraceId();
      spanId = span.getSpanContext().getSpanId();
      try (var ignored = span.makeCurrent()) {
        context.getLogger("clinic.content.test").info("Packet {} assembled", 42);
      } finally {
        span.end();
      }
    } finally {
      context.stop();
      System.setOut(console);
    }

    var line = out.toString(StandardCharsets.UTF_8).lines().findFirst().orElseThrow();
    var json = JsonMapper.builder().build().readTree(line);
    assertThat(json.get("level").asString()).isEqualTo("INFO");
    assertThat(json.get("loggerName").asString()).isEqualTo("clinic.content.test");
    assertThat(json.get("formattedMessage").asString()).isEqualTo("Packet 42 assembled");
    assertThat(json.at("/mdc/trace_id").asString()).isEqualTo(traceId);
    assertThat(json.at("/mdc/span_id").asString()).isEqualTo(spanId);
    assertThat(json.has("arguments")).as("the message once, formatted").isFalse();
  }
}
