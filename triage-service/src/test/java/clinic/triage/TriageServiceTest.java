package clinic.triage;

import clinic.testing.TestBroker;
import clinic.testing.TestDatabase;
import clinic.testing.TestDatabaseConfiguration;
import clinic.testing.TestSpans;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.springframework.boot.micrometer.metrics.test.autoconfigure.AutoConfigureMetrics;
import org.springframework.boot.micrometer.tracing.test.autoconfigure.AutoConfigureTracing;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.annotation.Import;

/**
 * The whole service on a random loopback port, against a real PostgreSQL and a real (KRaft) Kafka
 * broker. Every test class carrying this annotation shares one application context, one database
 * and one broker (the test JVM's only broker, {@link TestBroker}; the database is a fresh one on
 * the JVM's only PostgreSQL, {@link TestDatabase}), so tests must not assume they are alone in the
 * queue or on a topic: they look for their own intake ids. Finished spans are kept in memory
 * ({@link TestSpans}). Sign-in is real: requests carry tokens of the test issuer.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@SpringBootTest(
    webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
    properties = "server.address=127.0.0.1")
// Tracing as in production: Boot's tests switch span export off, and with it the propagation of
// the trace context in Kafka headers; spans stay in memory (TestSpans), no exporter is configured.
@AutoConfigureTracing
// Metrics as in production too: the test starter above would switch their export (and with it
// /actuator/prometheus) off.
@AutoConfigureMetrics
@Import({
  TestDatabaseConfiguration.class,
  TestBroker.class,
  TestIssuerConfiguration.class,
  TestSpans.class
})
public @interface TriageServiceTest {}
