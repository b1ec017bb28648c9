package clinic.triage.candidate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import clinic.triage.AnotherInstance;
import clinic.triage.Api;
import clinic.triage.Intakes;
import clinic.triage.ScenarioTest;
import clinic.triage.Tokens;
import clinic.triage.TriageServiceTest;
import clinic.triage.rules.Ruleset;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * Two triage instances on one database and one broker, as a deployment runs them: a ruleset
 * published on instance B is, without a restart and within seconds, the one instance A decides
 * with, and the next intake (whichever instance takes it) is decided with it; a version
 * re-activated on A is B's again. The second instance re-reads the active version every second, so
 * a change that sent no notice reaches it too.
 */
@TriageServiceTest
class RulesetPublicationIT extends ScenarioTest {

  static ConfigurableApplicationContext instanceB;

  @BeforeAll
  static void startTheSecondInstance(@Autowired DataSource instanceADatabase) {
    instanceB = AnotherInstance.start(instanceADatabase, "--triage.ruleset-refresh=PT1S");
  }

  @AfterAll
  static void stop() {
    if (instanceB != null) {
      instanceB.close();
    }
  }

  Api instanceB() {
    int portB = ((WebServerApplicationContext) instanceB).getWebServer().getPort();
    assertThat(portB).isNotEqualTo(port);
    return new Api(portB, json).as(Tokens.person("Barbara Admin", "ADMIN"));
  }

  Api instanceA() {
    return api.as(Tokens.person("Alan Admin", "ADMIN"));
  }

  static String version(Api instance) {
    return (String) instance.map(instance.get("/api/triage/ruleset")).get("version");
  }

  @Test
  void aRulesetPublishedOnOneInstanceDecidesOnTheOtherWithoutARestart() throws IOException {
    String clinic = Ruleset.loadDefault().version();
    // Both started on one database: the shipped ruleset was seeded once and is active on both.
    assertThat(version(instanceA())).isEqualTo(clinic);
    assertThat(version(instanceB())).isEqualTo(clinic);
    UUID seeded =
        jdbc.sql("select ruleset_id from ruleset_version where status = 'SEEDED'")
            .query(UUID.class)
            .single();

    HttpResponse<String> uploaded =
        instanceB()
            .post(
                "/api/triage/rulesets",
                Map.of(
                    "ruleset",
                    RulesetLifecycleTest.withVersion(
                        RulesetLifecycleTest.clinicRuleset(), "2099.9-two-instances"),
                    "reason",
                    "a new version"));
    assertThat(uploaded.statusCode()).as(uploaded.body()).isEqualTo(201);
    String id = (String) RulesetLifecycleTest.summary(instanceB().map(uploaded)).get("id");
    HttpResponse<String> published =
        instanceB().post("/api/triage/rulesets/" + id + "/publish", Map.of("reason", "reviewed"));
    assertThat(published.statusCode()).as(published.body()).isEqualTo(200);

    // Instance A hears the notice (its re-read is every 30 s: within 5 s it is the notice).
    await()
        .atMost(Duration.ofSeconds(5))
        .untilAsserted(() -> assertThat(version(instanceA())).isEqualTo("2099.9-two-instances"));
    assertThat(
            instanceA()
                .map(
                    instanceA()
                        .post(
                            "/api/triage/evaluate",
                            Map.of("ageYears", 40, "answers", Intakes.sciatica())))
                .get("rulesetVersion"))
        .isEqualTo("2099.9-two-instances");
    // The next intakes, whichever instance's consumer takes them, are decided with it.
    for (int i = 0; i < 3; i++) {
      var intake = Intakes.submitted(Intakes.sciatica());
      scenario.referralFor(intake);
      assertThat(
              jdbc.sql("select ruleset_version from decision where intake_id = ?")
                  .param(intake.intakeId())
                  .query(String.class)
                  .single())
          .isEqualTo("2099.9-two-instances");
    }

    // Re-activated on A: B decides with the clinic's ruleset again.
    HttpResponse<String> back =
        instanceA()
            .post("/api/triage/rulesets/" + seeded + "/reactivate", Map.of("reason", "roll back"));
    assertThat(back.statusCode()).as(back.body()).isEqualTo(200);
    assertThat(version(instanceA())).isEqualTo(clinic);
    await()
        .atMost(Duration.ofSeconds(5))
        .untilAsserted(() -> assertThat(version(instanceB())).isEqualTo(clinic));
  }

  @Test
  void anActivationWhoseNoticeWasLostReachesAnInstanceOnItsNextReRead() throws IOException {
    String clinic = Ruleset.loadDefault().version();
    HttpResponse<String> uploaded =
        instanceA()
            .post(
                "/api/triage/rulesets",
                Map.of(
                    "ruleset",
                    RulesetLifecycleTest.withVersion(
                        RulesetLifecycleTest.clinicRuleset(), "2099.10-silent"),
                    "reason",
                    "a new version"));
    assertThat(uploaded.statusCode()).as(uploaded.body()).isEqualTo(201);
    UUID id = UUID.fromString((String) RulesetLifecycleTest.summary(api.map(uploaded)).get("id"));
    UUID seeded =
        jdbc.sql("select ruleset_id from ruleset_version where status = 'SEEDED'")
            .query(UUID.class)
            .single();

    // The row changes without a NOTIFY (as if the notice were lost): B re-reads it within ~1 s.
    jdbc.sql("update ruleset_active set ruleset_id = ?").param(id).update();
    try {
      await()
          .atMost(Duration.ofSeconds(5))
          .untilAsserted(() -> assertThat(version(instanceB())).isEqualTo("2099.10-silent"));
    } finally {
      // Back, announced this time: instance A may have re-read the silent change meanwhile.
      jdbc.sql("update ruleset_active set ruleset_id = ?").param(seeded).update();
      jdbc.sql("select pg_notify('clinic_ruleset_activated', ?)")
          .param(seeded.toString())
          .query((rs, row) -> row)
          .list();
    }
    await()
        .atMost(Duration.ofSeconds(5))
        .untilAsserted(
            () -> {
              assertThat(version(instanceA())).isEqualTo(clinic);
              assertThat(version(instanceB())).isEqualTo(clinic);
            });
  }
}
