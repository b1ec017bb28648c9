package clinic.content.system;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import clinic.content.testing.Decisions;
import clinic.content.testing.KafkaTestClient;
import clinic.content.testing.TestInfrastructure;
import clinic.events.Topics;
import clinic.events.TriageDecided;
import clinic.security.testing.TestIssuer;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.client.HttpClient;
import io.micronaut.http.client.annotation.Client;
import io.micronaut.http.client.exceptions.HttpClientResponseException;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import io.micronaut.test.support.TestPropertyProvider;
import jakarta.inject.Inject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * {@code /prometheus}: only for the METRICS role; with the outbox relay held back (an interval of
 * an hour), one decision's packet waits in the outbox and the scrape shows it in the backlog
 * gauges, beside the frameworks' HTTP, JVM, Hikari and Kafka consumer metrics.
 */
@MicronautTest(transactional = false)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class MetricsTest implements TestPropertyProvider {

  private static final Duration TIMEOUT = Duration.ofSeconds(30);
  private static final Pattern SAMPLE =
      Pattern.compile("^([a-zA-Z_:][a-zA-Z0-9_:]*)(\\{[^}]*})?\\s+(\\S+).*$", Pattern.MULTILINE);

  @Inject
  @Client("/")
  HttpClient http;

  private final KafkaTestClient kafka = new KafkaTestClient();

  @Override
  public Map<String, String> getProperties() {
    Map<String, String> properties = new HashMap<>(TestInfrastructure.properties());
    properties.put("content.outbox.relay-interval", "1h");
    properties.put("content.outbox.relay-on-commit", "false");
    return properties;
  }

  @AfterAll
  void closeClients() {
    kafka.close();
  }

  @Test
  void theScrapeIsForTheMetricsRoleOnly() {
    assertThat(status(null)).isEqualTo(401);
    for (String role : TestIssuer.ROLES) {
      assertThat(status(TestIssuer.shared().tokenFor(role))).as(role).isEqualTo(403);
    }
    assertThat(status(TestIssuer.shared().tokenFor("METRICS"))).isEqualTo(200);
  }

  @Test
  void aPacketWaitingInTheOutboxShowsInTheBacklogGauges() throws Exception {
    UUID intake = UUID.randomUUID();
    TriageDecided decision = Decisions.herniatedDisc(intake, "en");
    kafka.send(
        Topics.TRIAGE, intake.toString(), Decisions.json(decision), Decisions.headers(decision));

    await()
        .atMost(TIMEOUT)
        .until(
            () ->
                TestInfrastructure.queryLong(
                        "select count(*) from packet where intake_id = '" + intake + "'")
                    == 1);
    await()
        .atMost(TIMEOUT)
        .untilAsserted(
            () -> {
              String scrape = scrape();
              long pending =
                  TestInfrastructure.queryLong(
                      "select count(*) from outbox_message where sent_at is null");
              assertThat(pending).isGreaterThanOrEqualTo(1);
              assertThat(value(scrape, "clinic_outbox_backlog")).isEqualTo((double) pending);
              assertThat(value(scrape, "clinic_outbox_oldest_age_seconds")).isGreaterThan(0.0);
            });

    String scrape = scrape();
    assertThat(names(scrape)).containsAll(promised());
    assertThat(scrape).doesNotContain(intake.toString());
  }

  private int status(String token) {
    HttpRequest<?> request = HttpRequest.GET("/prometheus");
    if (token != null) {
      request = HttpRequest.GET("/prometheus").bearerAuth(token);
    }
    try {
      return http.toBlocking().exchange(request, String.class).code();
    } catch (HttpClientResponseException e) {
      return e.getStatus().getCode();
    }
  }

  private String scrape() {
    HttpResponse<String> response =
        http.toBlocking()
            .exchange(
                HttpRequest.GET("/prometheus").bearerAuth(TestIssuer.shared().tokenFor("METRICS")),
                String.class);
    assertThat(response.code()).isEqualTo(200);
    return response.body();
  }

  private static Set<String> names(String scrape) {
    Set<String> names = new TreeSet<>();
    Matcher m = SAMPLE.matcher(scrape);
    while (m.find()) {
      names.add(m.group(1));
    }
    return names;
  }

  /** The sum of a metric's samples. */
  private static double value(String scrape, String name) {
    double sum = 0;
    Matcher m = SAMPLE.matcher(scrape);
    while (m.find()) {
      if (m.group(1).equals(name)) {
        sum += Double.parseDouble(m.group(3));
      }
    }
    return sum;
  }

  /** What docker/prometheus/exposed-metrics.txt promises for content-service. */
  private static List<String> promised() throws Exception {
    List<String> names =
        Files.readAllLines(Path.of("..", "docker", "prometheus", "exposed-metrics.txt")).stream()
            .filter(line -> line.startsWith("content-service "))
            .map(line -> line.split("\\s+")[1])
            .toList();
    assertThat(names).isNotEmpty();
    return names;
  }
}
