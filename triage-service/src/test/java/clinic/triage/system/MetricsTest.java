package clinic.triage.system;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import clinic.events.IntakeSubmitted;
import clinic.security.testing.TestIssuer;
import clinic.testing.PrometheusScrape;
import clinic.triage.Api;
import clinic.triage.Intakes;
import clinic.triage.Publisher;
import clinic.triage.TriageServiceTest;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.kafka.test.EmbeddedKafkaBroker;
import tools.jackson.databind.json.JsonMapper;

/**
 * {@code /actuator/prometheus}: only for the METRICS role; after one intake with a red flag is
 * decided, the scrape shows the decision by route and urgency, the red flag, the proposed referral
 * (a gauge from the database), the outbox gauges and the frameworks' own metrics.
 */
@TriageServiceTest
class MetricsTest {

  static final Duration TIMEOUT = Duration.ofSeconds(30);
  static final Map<String, String> EMERGENCY_SURGICAL =
      Map.of("route", "SURGICAL_CONSULT", "urgency", "EMERGENCY");
  static final Map<String, String> CAUDA_EQUINA = Map.of("flag", "CAUDA_EQUINA");
  static final Map<String, String> PROPOSED = Map.of("status", "PROPOSED");

  @Autowired EmbeddedKafkaBroker broker;
  @Autowired JsonMapper json;
  @LocalServerPort int port;

  @Test
  void theScrapeIsForTheMetricsRoleOnly() {
    Api api = new Api(port, json);
    assertThat(api.anonymous().get("/actuator/prometheus").statusCode()).isEqualTo(401);
    for (String role : TestIssuer.ROLES) {
      assertThat(
              api.as(TestIssuer.shared().tokenFor(role)).get("/actuator/prometheus").statusCode())
          .as(role)
          .isEqualTo(403);
    }
    assertThat(scrape().names()).contains("clinic_outbox_backlog");
  }

  @Test
  void oneDecidedIntakeWithARedFlagShowsInTheBusinessMetrics() {
    PrometheusScrape before = scrape();
    IntakeSubmitted intake = Intakes.submitted(Intakes.caudaEquina());
    try (Publisher publisher = new Publisher(broker, json)) {
      publisher.publish(intake, Intakes.INTAKE_SERVICE);
    }

    await()
        .atMost(TIMEOUT)
        .untilAsserted(
            () -> {
              PrometheusScrape after = scrape();
              assertThat(delta(before, after, "clinic_triage_decisions_total", EMERGENCY_SURGICAL))
                  .isEqualTo(1.0);
              assertThat(delta(before, after, "clinic_triage_red_flags_total", CAUDA_EQUINA))
                  .isEqualTo(1.0);
              // A gauge read from the referral table, at most a few seconds old.
              assertThat(delta(before, after, "clinic_referrals", PROPOSED)).isEqualTo(1.0);
            });

    PrometheusScrape after = scrape();
    assertThat(after.names()).containsAll(PrometheusScrape.promisedFor("triage-service"));
    assertThat(after.samples())
        .filteredOn(s -> s.name().equals("clinic_referrals"))
        .extracting(s -> s.labels().get("status"))
        .containsExactlyInAnyOrder(
            "PROPOSED", "CONFIRMED", "OVERRIDDEN", "SENT", "ACCEPTED", "DECLINED", "CANCELLED");
    assertThat(after.samples())
        .filteredOn(s -> s.name().equals("kafka_consumer_fetch_manager_records_lag_max"))
        .extracting(s -> s.labels().get("client_id"))
        .isNotEmpty();
    for (String value : after.labelValues()) {
      assertThat(value).doesNotContain(intake.intakeId().toString());
    }
  }

  static double delta(
      PrometheusScrape before, PrometheusScrape after, String name, Map<String, String> labels) {
    return after.value(name, labels) - before.value(name, labels);
  }

  PrometheusScrape scrape() {
    var response =
        new Api(port, json)
            .as(TestIssuer.shared().token("clinic-prometheus", "Prometheus", "METRICS"))
            .get("/actuator/prometheus");
    assertThat(response.statusCode()).isEqualTo(200);
    return PrometheusScrape.parse(response.body());
  }
}
