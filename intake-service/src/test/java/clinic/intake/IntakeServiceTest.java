package clinic.intake;

import clinic.testing.TestBroker;
import clinic.testing.TestDatabaseConfiguration;
import clinic.testing.TestSpans;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.springframework.boot.micrometer.metrics.test.autoconfigure.AutoConfigureMetrics;
import org.springframework.boot.micrometer.tracing.test.autoconfigure.AutoConfigureTracing;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.context.annotation.Import;

/**
 * The whole service against a real PostgreSQL and a real (KRaft) Kafka broker, with its web server
 * on a random loopback port (for the browser tests; the others use MockMvc). Every test class
 * carrying this annotation shares one application context, one database, one broker and one SMTP
 * server (GreenMail), keep their finished spans in memory ({@link TestSpans}), and take tokens from
 * one real issuer ({@code TestIssuer}, see {@link Staff}).
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@SpringBootTest(
    webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
    properties = {
      "server.address=127.0.0.1",
      // Deliver notifications promptly, and give up after one failed attempt so that a test can
      // produce an undeliverable e-mail quickly.
      "clinic.notifications.dispatcher.interval=100ms",
      "clinic.notifications.retry.initial-delay=100ms",
      "clinic.notifications.retry.max-attempts=1",
      "clinic.notifications.email.from=Clínica de columna y rodilla <no-reply@clinic.test>",
      // GreenMail (the test's SMTP server, not the service) logs the addresses it receives for.
      "logging.level.com.icegreen=warn"
    })
// Tracing as in production: Boot's tests switch span export off, and with it the propagation of
// the trace context in Kafka headers; spans stay in memory (TestSpans), no exporter is configured.
@AutoConfigureTracing
// Metrics as in production too: the test starter above would switch their export (and with it
// /actuator/prometheus) off.
@AutoConfigureMetrics
@AutoConfigureMockMvc
@Import({
  TestDatabaseConfiguration.class,
  TestBroker.class,
  TestMailConfiguration.class,
  TestIssuerConfiguration.class,
  TestSpans.class
})
public @interface IntakeServiceTest {}
