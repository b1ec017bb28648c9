package clinic.triage.candidate;

import static org.assertj.core.api.Assertions.assertThat;

import clinic.events.IntakeSubmitted;
import clinic.security.testing.TestIssuer;
import clinic.triage.Api;
import clinic.triage.Intakes;
import clinic.triage.ScenarioTest;
import clinic.triage.Tokens;
import clinic.triage.TriageServiceTest;
import clinic.triage.rules.Ruleset;
import clinic.triage.rules.Vignettes;
import java.io.IOException;
import java.io.InputStream;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Pattern;
import org.assertj.core.api.InstanceOfAssertFactories;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * An administrator changes the ruleset: a candidate is validated, replayed over the stored intakes
 * and judged by the safety gate; one that passed is published and decides the next intake without a
 * restart; the version before can be re-activated; every step is audited with the signed-in
 * administrator. Each test leaves the clinic's own ruleset active, as the other tests expect.
 */
@TriageServiceTest
class RulesetLifecycleTest extends ScenarioTest {

  static final String ADMIN_NAME = "Ada Admin";

  Api admin() {
    return api.as(Tokens.person(ADMIN_NAME, "ADMIN"));
  }

  static String clinicRuleset() throws IOException {
    try (InputStream in =
        Ruleset.class.getClassLoader().getResourceAsStream(Ruleset.DEFAULT_RESOURCE)) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }

  static String withVersion(String yaml, String version) {
    return yaml.replaceFirst("(?m)^version: .*$", "version: \"" + version + "\"");
  }

  /** The clinic's ruleset without one rule (its block, up to the next rule). */
  static String without(String yaml, String ruleId) {
    String removed = yaml.replaceFirst("(?s)\\n  - id: " + ruleId + "\\n.*?(?=\\n  - id: )", "");
    assertThat(removed).as("rule %s removed", ruleId).isNotEqualTo(yaml);
    return removed;
  }

  Map<String, Object> upload(Map<String, Object> body) {
    HttpResponse<String> response = admin().post("/api/triage/rulesets", body);
    assertThat(response.statusCode()).as(response.body()).isEqualTo(201);
    return api.map(response);
  }

  @SuppressWarnings("unchecked")
  static Map<String, Object> summary(Map<String, Object> view) {
    return (Map<String, Object>) view.get("summary");
  }

  @SuppressWarnings("unchecked")
  static Map<String, Object> report(Map<String, Object> view) {
    return (Map<String, Object>) view.get("report");
  }

  String activeVersion() {
    return (String) api.map(admin().get("/api/triage/ruleset")).get("version");
  }

  String decidedWith(IntakeSubmitted intake) {
    scenario.referralFor(intake);
    return jdbc.sql("select ruleset_version from decision where intake_id = ?")
        .param(intake.intakeId())
        .query(String.class)
        .single();
  }

  UUID seededId() {
    return jdbc.sql("select ruleset_id from ruleset_version where status = 'SEEDED'")
        .query(UUID.class)
        .single();
  }

  List<Map<String, Object>> auditAll() {
    return api.list(json.readValue(admin().get("/api/triage/rulesets/audit").body(), List.class));
  }

  @AfterEach
  void theClinicRulesetIsActiveAgain() {
    if (!activeVersion().equals(Ruleset.loadDefault().version())) {
      HttpResponse<String> back =
          admin()
              .post(
                  "/api/triage/rulesets/" + seededId() + "/reactivate",
                  Map.of("reason", "back to the clinic's ruleset after a test"));
      assertThat(back.statusCode()).as(back.body()).isEqualTo(200);
    }
    assertThat(activeVersion()).isEqualTo(Ruleset.loadDefault().version());
  }

  @Test
  void aCandidateThatRemovesARedFlagRuleIsRefusedWithAReadableReport() throws IOException {
    IntakeSubmitted caudaEquina = Intakes.submitted(Intakes.caudaEquina());
    scenario.referralFor(caudaEquina);
    String candidate =
        withVersion(without(clinicRuleset(), "cauda-equina-saddle-numbness"), "2099.1-no-saddle");

    Map<String, Object> refused =
        upload(Map.of("ruleset", candidate, "reason", "fewer cauda equina rules"));

    assertThat(summary(refused))
        .containsEntry("status", "REFUSED")
        .containsEntry("version", "2099.1-no-saddle")
        .containsEntry("active", false);
    Map<String, Object> report = report(refused);
    assertThat(report).containsEntry("passed", false);
    assertThat(api.list(report.get("failingVignettes")))
        .anySatisfy(
            v -> {
              assertThat(v.get("name"))
                  .isEqualTo("cauda equina - saddle numbness with sciatica to the thigh");
              assertThat(v.get("failures"))
                  .asInstanceOf(InstanceOfAssertFactories.list(String.class))
                  .contains("red flags: expected [CAUDA_EQUINA], got []");
            });
    assertThat(api.list(report.get("findings")))
        .anySatisfy(
            f -> {
              assertThat(f)
                  .containsEntry("kind", "INTAKE")
                  .containsEntry("subject", caudaEquina.intakeId().toString());
              assertThat(f.get("losses"))
                  .asInstanceOf(InstanceOfAssertFactories.list(String.class))
                  .contains("red flag CAUDA_EQUINA lost", "escalation EMERGENCY_TODAY → none");
              assertThat(f.get("reason")).isNull();
            });
    assertThat(api.map(admin().get("/api/triage/rulesets/" + summary(refused).get("id"))))
        .extractingByKey("reportText", org.assertj.core.api.InstanceOfAssertFactories.STRING)
        .startsWith("Safety gate: refused (ruleset " + Ruleset.loadDefault().version())
        .contains(
            "Vignettes the candidate gets wrong (these refuse it)\n"
                + "  cauda equina - saddle numbness with sciatica to the thigh\n")
        .contains(
            "  intake "
                + caudaEquina.intakeId()
                + ": red flag CAUDA_EQUINA lost; escalation EMERGENCY_TODAY → none")
        .contains("NO REASON GIVEN");

    // Publishing it is refused with the same report; nothing changes.
    HttpResponse<String> publish =
        admin()
            .post(
                "/api/triage/rulesets/" + summary(refused).get("id") + "/publish",
                Map.of("reason", "try anyway"));
    assertThat(publish.statusCode()).isEqualTo(409);
    assertThat(publish.headers().firstValue("Content-Type")).hasValue("application/problem+json");
    assertThat(api.map(publish)).containsKey("report");
    assertThat(activeVersion()).isEqualTo(Ruleset.loadDefault().version());

    // Audited, with the signed-in administrator and the reason.
    assertThat(
            api.list(
                api.map(admin().get("/api/triage/rulesets/" + summary(refused).get("id")))
                    .get("audit")))
        .extracting(a -> a.get("step"), a -> ((Map<?, ?>) a.get("by")).get("name"))
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple("UPLOADED", ADMIN_NAME),
            org.assertj.core.groups.Tuple.tuple("VALIDATED", ADMIN_NAME),
            org.assertj.core.groups.Tuple.tuple("REPLAYED", ADMIN_NAME),
            org.assertj.core.groups.Tuple.tuple("GATE_REFUSED", ADMIN_NAME));
  }

  @Test
  void theSameCandidatePassesWhenItDropsTheVignettesItFailsAndTheReviewerGivesReasons()
      throws IOException {
    IntakeSubmitted caudaEquina = Intakes.submitted(Intakes.caudaEquina());
    scenario.referralFor(caudaEquina);
    String candidate =
        withVersion(without(clinicRuleset(), "cauda-equina-saddle-numbness"), "2099.2-reviewed");
    List<String> failing =
        api
            .list(
                report(upload(Map.of("ruleset", candidate, "reason", "a first try")))
                    .get("failingVignettes"))
            .stream()
            .map(v -> (String) v.get("name"))
            .toList();
    assertThat(failing).contains("cauda equina - saddle numbness with sciatica to the thigh");
    String vignettes = Vignettes.text();
    for (String name : failing) {
      vignettes =
          vignettes.replaceFirst(
              "(?s)\\n  - name: " + Pattern.quote(name) + "\\n.*?(?=\\n  - name: |\\n*$)", "");
    }
    assertThat(Vignettes.parse("v.yaml", vignettes))
        .hasSize(Vignettes.all().size() - failing.size());

    // Its own vignettes pass; what it drops, and the intakes that lose a red flag, are findings.
    Map<String, Object> second =
        upload(Map.of("ruleset", candidate, "vignettes", vignettes, "reason", "a review"));
    assertThat(summary(second))
        .as((String) second.get("reportText"))
        .containsEntry("status", "REFUSED");
    assertThat(api.list(report(second).get("failingVignettes"))).isEmpty();
    List<Map<String, Object>> findings = api.list(report(second).get("findings"));
    assertThat(findings)
        .extracting(f -> f.get("subject"))
        .containsAll(failing)
        .contains(caudaEquina.intakeId().toString());
    assertThat(findings)
        .filteredOn(f -> failing.contains(f.get("subject")))
        .allSatisfy(
            f -> {
              assertThat(f.get("kind")).isEqualTo("VIGNETTE");
              assertThat(f.get("losses")).isEqualTo(List.of("dropped"));
            });
    List<Map<String, String>> acknowledgements =
        findings.stream()
            .map(
                f ->
                    Map.of(
                        "subject",
                        (String) f.get("subject"),
                        "reason",
                        "reviewed with the spinal team"))
            .toList();
    Map<String, Object> body = new HashMap<>();
    body.put("ruleset", candidate);
    body.put("vignettes", vignettes);
    body.put("reason", "a review, with reasons");
    body.put("acknowledgements", acknowledgements);

    Map<String, Object> passed = upload(body);

    assertThat(summary(passed))
        .as((String) passed.get("reportText"))
        .containsEntry("status", "PASSED");
    assertThat(report(passed)).containsEntry("passed", true);
    assertThat(api.list(report(passed).get("findings")))
        .isNotEmpty()
        .allSatisfy(f -> assertThat(f.get("reason")).isEqualTo("reviewed with the spinal team"));
  }

  @Test
  void aGoodCandidateIsPublishedAndDecidesTheNextIntakeThenTheClinicRulesetIsReactivated()
      throws IOException {
    String clinic = Ruleset.loadDefault().version();
    assertThat(decidedWith(Intakes.submitted(Intakes.sciatica()))).isEqualTo(clinic);
    Map<String, Object> uploaded =
        upload(
            Map.of(
                "ruleset",
                withVersion(clinicRuleset(), "2099.3-good"),
                "reason",
                "the same rules under a new version"));
    assertThat(summary(uploaded)).containsEntry("status", "PASSED");
    String id = (String) summary(uploaded).get("id");

    HttpResponse<String> published =
        admin().post("/api/triage/rulesets/" + id + "/publish", Map.of("reason", "reviewed"));

    assertThat(published.statusCode()).as(published.body()).isEqualTo(200);
    assertThat(summary(api.map(published))).containsEntry("active", true);
    assertThat(activeVersion()).isEqualTo("2099.3-good");
    // No restart: the next intake is decided with it.
    assertThat(decidedWith(Intakes.submitted(Intakes.sciatica()))).isEqualTo("2099.3-good");
    // A version that was active before cannot be published again: it is re-activated.
    assertThat(
            admin()
                .post("/api/triage/rulesets/" + id + "/publish", Map.of("reason", "again"))
                .statusCode())
        .isEqualTo(409);

    HttpResponse<String> back =
        admin()
            .post(
                "/api/triage/rulesets/" + seededId() + "/reactivate",
                Map.of("reason", "roll back to the clinic's ruleset"));

    assertThat(back.statusCode()).as(back.body()).isEqualTo(200);
    assertThat(activeVersion()).isEqualTo(clinic);
    assertThat(decidedWith(Intakes.submitted(Intakes.sciatica()))).isEqualTo(clinic);
    List<Map<String, Object>> audit = auditAll();
    assertThat(audit)
        .filteredOn(a -> a.get("step").equals("PUBLISHED") && id.equals(a.get("rulesetId")))
        .singleElement()
        .satisfies(
            a -> {
              assertThat(a.get("reason")).isEqualTo("reviewed");
              assertThat(a.get("by"))
                  .isEqualTo(Map.of("subject", Tokens.subject(ADMIN_NAME), "name", ADMIN_NAME));
            });
    assertThat(audit)
        .filteredOn(
            a ->
                a.get("step").equals("REACTIVATED")
                    && seededId().toString().equals(a.get("rulesetId")))
        .first()
        .satisfies(a -> assertThat(a.get("reason")).isEqualTo("roll back to the clinic's ruleset"));
  }

  @Test
  void aCandidateThatDoesNotValidateGetsProblemDetailsNamingEachProblemAndIsAudited()
      throws IOException {
    String broken =
        withVersion(clinicRuleset(), "2099.4-broken")
            .replace("when: footDrop is yes", "when: footDrops is yes");

    HttpResponse<String> response =
        admin().post("/api/triage/rulesets", Map.of("ruleset", broken, "reason", "typo"));

    assertThat(response.statusCode()).isEqualTo(422);
    assertThat(response.headers().firstValue("Content-Type")).hasValue("application/problem+json");
    Map<String, Object> problem = api.map(response);
    assertThat(problem).containsEntry("title", "Invalid ruleset");
    assertThat(problem.get("problems"))
        .asInstanceOf(InstanceOfAssertFactories.list(String.class))
        .contains(
            "candidate.yaml: rule 'neuro-foot-drop': unknown question 'footDrops' (did you mean"
                + " 'footDrop'?)");
    assertThat(api.list(problem.get("errors")))
        .allSatisfy(e -> assertThat(e.get("field")).isEqualTo("ruleset"));
    assertThat(auditAll())
        .filteredOn(a -> a.get("step").equals("INVALID"))
        .anySatisfy(a -> assertThat(a.get("detail").toString()).contains("footDrops"));
    assertThat(
            jdbc.sql("select count(*) from ruleset_version where version = '2099.4-broken'")
                .query(Long.class)
                .single())
        .isZero();
  }

  @Test
  void aRequestWithoutReasonsNamesEveryOffendingField() {
    HttpResponse<String> response =
        admin()
            .post(
                "/api/triage/rulesets",
                Map.of("ruleset", " ", "acknowledgements", List.of(Map.of("subject", "x"))));

    assertThat(response.statusCode()).isEqualTo(400);
    assertThat(api.list(api.map(response).get("errors")))
        .extracting(e -> e.get("field"))
        .containsExactlyInAnyOrder("ruleset", "reason", "acknowledgements[0].reason");
    HttpResponse<String> publish =
        admin().post("/api/triage/rulesets/" + seededId() + "/reactivate", Map.of());
    assertThat(publish.statusCode()).isEqualTo(400);
    assertThat(api.list(api.map(publish).get("errors")))
        .extracting(e -> e.get("field"))
        .containsExactly("reason");
  }

  @Test
  void frontDeskAndCliniciansAreRefusedEveryRulesetStep() {
    String id = seededId().toString();
    for (String role : List.of("FRONT_DESK", "CLINICIAN")) {
      Api other = api.as(TestIssuer.shared().tokenFor(role));
      assertThat(other.get("/api/triage/rulesets").statusCode()).isEqualTo(403);
      assertThat(other.get("/api/triage/rulesets/audit").statusCode()).isEqualTo(403);
      assertThat(other.get("/api/triage/rulesets/" + id).statusCode()).isEqualTo(403);
      assertThat(other.post("/api/triage/rulesets", Map.of("ruleset", "x")).statusCode())
          .isEqualTo(403);
      assertThat(
              other
                  .post("/api/triage/rulesets/" + id + "/publish", Map.of("reason", "x"))
                  .statusCode())
          .isEqualTo(403);
      assertThat(
              other
                  .post("/api/triage/rulesets/" + id + "/reactivate", Map.of("reason", "x"))
                  .statusCode())
          .isEqualTo(403);
      assertThat(other.get("/dashboard/rulesets").statusCode()).isEqualTo(403);
    }
  }
}
