package clinic.triage.decision;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import clinic.events.IntakeSubmitted;
import clinic.triage.Intakes;
import clinic.triage.ScenarioTest;
import clinic.triage.Tokens;
import clinic.triage.TopicReader;
import clinic.triage.TriageServiceTest;
import clinic.triage.rules.Ruleset;
import java.io.IOException;
import java.io.InputStream;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * {@code POST /api/triage/replay}: a candidate ruleset replayed over the stored intakes counts the
 * decisions it would change, by kind of change, and names the intakes, changing nothing itself; it
 * is bounded, and every replay is audited ({@code GET /api/triage/replays}).
 */
@TriageServiceTest
class ReplayTest extends ScenarioTest {

  private static final String THRESHOLD = "physicalTherapyWeeks >= 6";
  private static final String CANDIDATE_VERSION = "2026.11-2-candidate";

  /** The clinic's ruleset with one threshold raised: conservative care fails after 12 weeks. */
  private static String candidate() throws IOException {
    String current;
    try (InputStream in =
        Ruleset.class.getClassLoader().getResourceAsStream(Ruleset.DEFAULT_RESOURCE)) {
      current = new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
    assertThat(current.split(THRESHOLD, -1)).as("the threshold appears once").hasSize(2);
    return current
        .replace(THRESHOLD, "physicalTherapyWeeks >= 12")
        .replaceFirst("(?m)^version: .*$", "version: \"" + CANDIDATE_VERSION + "\"");
  }

  @Test
  void replayListsExactlyTheStoredIntakesTheCandidateWouldChange() throws IOException {
    // Changed by the candidate: its latest answers (an amendment) say 8 weeks of therapy failed.
    IntakeSubmitted amendedSciatica = Intakes.submitted(Intakes.sciatica());
    scenario.referralFor(amendedSciatica);
    publisher.publish(
        Intakes.amended(amendedSciatica, 1, Intakes.sciaticaDespitePhysicalTherapy(8)),
        Intakes.INTAKE_SERVICE);
    await()
        .atMost(TopicReader.WAIT)
        .until(() -> scenario.decisions(amendedSciatica.intakeId()) == 2);
    // Changed: 8 weeks of therapy after a twisting injury.
    IntakeSubmitted twistedKnee = Intakes.submitted(Intakes.twistedKneeDespitePhysicalTherapy());
    scenario.referralFor(twistedKnee);
    // Not changed: 16 weeks is past both thresholds; the others never reach them.
    scenario.referralFor(Intakes.submitted(Intakes.sciaticaDespitePhysicalTherapy(16)));
    scenario.referralFor(Intakes.submitted(Intakes.sciatica()));
    scenario.referralFor(Intakes.submitted(Intakes.back()));
    long stored = storedIntakes();
    long decisions = decisionRows();

    HttpResponse<String> response =
        api.as(Tokens.admin()).post("/api/triage/replay", "application/yaml", null, candidate());

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.headers().firstValue("Content-Type")).hasValue("application/json");
    Map<String, Object> replay = api.map(response);
    assertThat(replay)
        .containsEntry("current", Ruleset.loadDefault().version())
        .containsEntry("candidate", CANDIDATE_VERSION)
        .containsEntry("replayed", (int) stored)
        .containsEntry("changed", 2);
    // Every stored intake was replayed, these two alone would change (no other test stores a
    // case that turns on this threshold), in the order they were first decided.
    assertThat(replay.get("changedIntakeIds"))
        .isEqualTo(
            List.of(amendedSciatica.intakeId().toString(), twistedKnee.intakeId().toString()));
    // The twisted knee is no longer SOON; both leave the surgical consult for physical therapy,
    // which is then no longer among their secondary routes.
    assertThat(replay.get("urgency")).isEqualTo(Map.of("SOON->ROUTINE", 1));
    assertThat(replay.get("route")).isEqualTo(Map.of("SURGICAL_CONSULT->PHYSICAL_THERAPY", 2));
    assertThat(replay.get("secondaryRoutes"))
        .isEqualTo(Map.of("added", Map.of(), "removed", Map.of("PHYSICAL_THERAPY", 2)));
    assertThat(replay.get("causes"))
        .isEqualTo(Map.of("added", Map.of(), "removed", Map.of(), "strength", Map.of()));
    assertThat(replay.get("redFlags")).isEqualTo(Map.of("added", Map.of(), "removed", Map.of()));
    assertThat(replay.get("clinicianReview")).isEqualTo(Map.of());
    assertThat(replay.get("escalation")).isEqualTo(Map.of());
    assertThat(replay)
        .containsOnlyKeys(
            "current",
            "candidate",
            "replayed",
            "changed",
            "escalation",
            "urgency",
            "route",
            "secondaryRoutes",
            "causes",
            "redFlags",
            "clinicianReview",
            "changedIntakeIds");

    // The same counts and ids as readable text, and nothing more.
    HttpResponse<String> text =
        api.as(Tokens.admin()).post("/api/triage/replay", "text/plain", "text/plain", candidate());
    assertThat(text.statusCode()).isEqualTo(200);
    assertThat(text.headers().firstValue("Content-Type").orElse("")).startsWith("text/plain");
    assertThat(text.body())
        .isEqualTo(
            "Ruleset "
                + Ruleset.loadDefault().version()
                + " → "
                + CANDIDATE_VERSION
                + ": 2 of "
                + stored
                + " decisions change\n"
                + "\nurgency\n  SOON->ROUTINE: 1\n"
                + "\nroute\n  SURGICAL_CONSULT->PHYSICAL_THERAPY: 2\n"
                + "\nsecondary routes removed\n  PHYSICAL_THERAPY: 2\n"
                + "\nchanged intakes\n  "
                + amendedSciatica.intakeId()
                + "\n  "
                + twistedKnee.intakeId()
                + "\n");

    // A review only: no decision is added or changed.
    assertThat(decisionRows()).isEqualTo(decisions);
    assertThat(api.map(api.get("/api/decisions/" + twistedKnee.intakeId())))
        .containsEntry("urgency", "SOON")
        .containsEntry("route", "SURGICAL_CONSULT");
  }

  /** A candidate that keeps the red flag but asks for less than today must show it. */
  @Test
  void candidateThatLowersAnEscalationShowsItInTheReplay() throws IOException {
    IntakeSubmitted caudaEquina = Intakes.submitted(Intakes.caudaEquina());
    scenario.referralFor(caudaEquina);
    String current = candidate().replace(CANDIDATE_VERSION, "2026.12-escalation-candidate");
    String saddle =
        """
            reason: numbness in the saddle area (between the legs) can mean cauda equina compression; same-day hospital assessment
            escalation: EMERGENCY_TODAY
            urgency: EMERGENCY
        """;
    assertThat(current).contains(saddle);
    String lowered =
        current.replace(
            saddle,
            saddle
                .replace("EMERGENCY_TODAY", "URGENT_REVIEW")
                .replace("urgency: EMERGENCY", "urgency: URGENT"));

    HttpResponse<String> response =
        api.as(Tokens.admin()).post("/api/triage/replay", "application/yaml", null, lowered);

    assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
    Map<String, Object> replay = api.map(response);
    assertThat(replay.get("changedIntakeIds").toString())
        .contains(caudaEquina.intakeId().toString());
    assertThat(((Map<?, ?>) replay.get("escalation")).get("EMERGENCY_TODAY->URGENT_REVIEW"))
        .as("intakes whose escalation drops from today to an urgent review")
        .isNotNull();
    HttpResponse<String> text =
        api.as(Tokens.admin())
            .post("/api/triage/replay", "application/yaml", "text/plain", lowered);
    assertThat(text.body()).contains("escalation").contains("EMERGENCY_TODAY->URGENT_REVIEW");
  }

  @Test
  void malformedCandidateIsAProblemListingEachRuleAndProblem() throws IOException {
    String broken =
        candidate()
            .replace("when: footDrop is yes", "when: footDrops is yes")
            .replace("painNow >= 7", "painNow >= 11");

    HttpResponse<String> response =
        api.as(Tokens.admin()).post("/api/triage/replay", "application/yaml", null, broken);

    assertThat(response.statusCode()).isEqualTo(422);
    assertThat(response.headers().firstValue("Content-Type")).hasValue("application/problem+json");
    Map<String, Object> problem = api.map(response);
    assertThat(problem).containsEntry("title", "Invalid ruleset");
    assertThat(problem.get("problems").toString())
        .contains(
            "candidate.yaml: rule 'neuro-foot-drop': unknown question 'footDrops'",
            "threshold 11 in 'painNow >= 11' is outside the range of 'painNow' (0..10)");
  }

  @Test
  void candidateThatIsNotYamlIsAProblemToo() {
    HttpResponse<String> response =
        api.as(Tokens.admin())
            .post("/api/triage/replay", "text/plain", "text/plain", "rules: [unclosed");

    assertThat(response.statusCode()).isEqualTo(422);
    assertThat(response.body()).contains("candidate.yaml: not valid YAML");
  }

  @Test
  void candidateSentAsJsonIsRefused() {
    HttpResponse<String> response =
        api.as(Tokens.admin())
            .post("/api/triage/replay", "application/json", null, "{\"version\": \"x\"}");

    assertThat(response.statusCode()).isEqualTo(415);
    assertThat(response.headers().firstValue("Content-Type")).hasValue("application/problem+json");
  }

  @Test
  void candidateMatchingOneRareAnswerTellsCountsAndIdsOnlyAndIsAudited() throws Exception {
    // The only stored intake of a 117-year-old, with an answer no other test gives.
    Map<String, Object> answers = new java.util.LinkedHashMap<>(Intakes.back());
    answers.put("painNow", 3);
    IntakeSubmitted rare = Intakes.submitted(answers, 117);
    scenario.referralFor(rare);
    String probe =
        candidate()
            + "\n  - id: probe-age-117\n"
            + "    source: clinic-document\n"
            + "    when: age = 117\n"
            + "    urgency: EMERGENCY\n"
            + "    route: SURGICAL_CONSULT\n"
            + "    because: probing for one patient\n";
    long audited = auditRows();
    String admin = Tokens.person("Ada Admin", "ADMIN");

    HttpResponse<String> response =
        api.as(admin).post("/api/triage/replay", "application/yaml", null, probe);

    assertThat(response.statusCode()).isEqualTo(200);
    Map<String, Object> replay = api.map(response);
    assertThat(replay.get("changedIntakeIds").toString()).contains(rare.intakeId().toString());
    assertThat(replay.get("urgency").toString()).contains("->EMERGENCY");
    // Counts and ids: not the answers, the age, the explanation or the rules that fired for whom.
    assertThat(response.body())
        .doesNotContain("117")
        .doesNotContain("painNow", "LOWER_BACK", "painAreas", "ageYears", "answers")
        .doesNotContain("explanation", "differences", "firedRules", "probe-age-117", "rules:")
        .doesNotContain("preferredLanguage", "\"en\"");
    HttpResponse<String> text =
        api.as(admin).post("/api/triage/replay", "application/yaml", "text/plain", probe);
    assertThat(text.statusCode()).isEqualTo(200);
    assertThat(text.body())
        .contains(rare.intakeId().toString())
        .doesNotContain("117", "painNow", "LOWER_BACK", "probe-age-117", "because");

    // Each replay added one audit row: who, the candidate's digest, the counts; no intake.
    assertThat(auditRows()).isEqualTo(audited + 2);
    String sha256 =
        java.util.HexFormat.of()
            .formatHex(
                java.security.MessageDigest.getInstance("SHA-256")
                    .digest(probe.getBytes(StandardCharsets.UTF_8)));
    HttpResponse<String> page = api.as(Tokens.admin()).get("/api/triage/replays?page=0&size=2");
    assertThat(page.statusCode()).isEqualTo(200);
    Map<String, Object> audit = api.map(page);
    assertThat(audit).containsEntry("page", 0).containsEntry("size", 2);
    assertThat(((Number) audit.get("total")).longValue()).isEqualTo(audited + 2);
    List<Map<String, Object>> newest = api.list(audit.get("replays"));
    assertThat(newest).hasSize(2);
    for (Map<String, Object> entry : newest) {
      assertThat(entry)
          .containsEntry("by", Map.of("subject", "u-ada-admin", "name", "Ada Admin"))
          .containsEntry("candidateVersion", CANDIDATE_VERSION)
          .containsEntry("currentVersion", Ruleset.loadDefault().version())
          .containsEntry("candidateSha256", sha256)
          .containsEntry("replayed", replay.get("replayed"))
          .containsEntry("changed", replay.get("changed"));
      assertThat(((Map<?, ?>) entry.get("counts")).get("urgency")).isEqualTo(replay.get("urgency"));
    }
    assertThat(page.body()).doesNotContain(rare.intakeId().toString(), "117", "painNow");
    assertThat(Instant.parse((String) newest.get(0).get("replayedAt")))
        .isAfterOrEqualTo(Instant.parse((String) newest.get(1).get("replayedAt")));
    // Append-only in the database too.
    assertThatThrownBy(() -> jdbc.sql("delete from replay_audit").update())
        .hasMessageContaining("append-only");
    assertThat(auditRows()).isEqualTo(audited + 2);
  }

  @Test
  void candidateOverTheSizeLimitIsRefusedUnreadAndNotAudited() throws IOException {
    String tooLarge = candidate() + "#".repeat(256 * 1024) + "\n";
    long audited = auditRows();

    HttpResponse<String> response =
        api.as(Tokens.admin()).post("/api/triage/replay", "application/yaml", null, tooLarge);

    assertThat(response.statusCode()).isEqualTo(413);
    assertThat(response.headers().firstValue("Content-Type")).hasValue("application/problem+json");
    Map<String, Object> problem = api.map(response);
    assertThat(problem)
        .containsEntry("title", "Request too large")
        .containsEntry("maxBytes", 256 * 1024)
        .containsEntry("limit", "triage.replay.max-bytes");
    assertThat((String) problem.get("detail")).contains("256 KB");
    assertThat(auditRows()).isEqualTo(audited);

    // Sent without a declared length, it is cut off while read.
    HttpResponse<String> chunked =
        api.as(Tokens.admin()).postChunked("/api/triage/replay", "application/yaml", tooLarge);
    assertThat(chunked.statusCode()).isEqualTo(413);
    assertThat(api.map(chunked)).containsEntry("limit", "triage.replay.max-bytes");
    assertThat(auditRows()).isEqualTo(audited);
  }

  @Test
  void candidateWithMoreRulesThanTheBoundIsRefusedBeforeValidation() {
    StringBuilder many = new StringBuilder("version: \"x\"\nrules:\n");
    for (int i = 0; i < 301; i++) {
      many.append("  - id: r").append(i).append("\n    when: painNow >= 1\n");
    }
    long audited = auditRows();

    HttpResponse<String> response =
        api.as(Tokens.admin())
            .post("/api/triage/replay", "application/yaml", null, many.toString());

    assertThat(response.statusCode()).isEqualTo(422);
    assertThat(response.headers().firstValue("Content-Type")).hasValue("application/problem+json");
    assertThat(api.map(response))
        .containsEntry("type", "urn:clinic:problem:candidate-ruleset-too-large")
        .containsEntry(
            "detail",
            "The candidate has 301 rules; a replay validates at most 300"
                + " (triage.replay.max-rules).");
    assertThat(auditRows()).isEqualTo(audited);
  }

  @Test
  void conditionThatDoublesThroughDefinitionsIsRefusedBeforeValidation() throws IOException {
    // 40 lines of definitions, a condition of 2^40 parts once they are spelled out.
    StringBuilder definitions = new StringBuilder("definitions:\n  d0: painNow >= 1\n");
    for (int i = 1; i <= 40; i++) {
      definitions.append("  d").append(i).append(": [d").append(i - 1).append(", d");
      definitions.append(i - 1).append("]\n");
    }
    String doubling =
        candidate().replaceFirst("(?m)^definitions:\n", definitions.toString())
            + "\n  - id: doubling\n"
            + "    source: clinic-document\n"
            + "    when: d40\n"
            + "    urgency: SOON\n"
            + "    because: a condition that doubles\n";

    HttpResponse<String> response =
        api.as(Tokens.admin()).post("/api/triage/replay", "application/yaml", null, doubling);

    assertThat(response.statusCode()).isEqualTo(422);
    assertThat((String) api.map(response).get("detail"))
        .startsWith("The condition of rule 'doubling' has more than 1000000 parts")
        .endsWith("at most 40 (triage.replay.max-condition-size).");
  }

  @Test
  void auditPagesAreBounded() {
    assertThat(api.as(Tokens.admin()).get("/api/triage/replays?size=101").statusCode())
        .isEqualTo(400);
    assertThat(api.as(Tokens.admin()).get("/api/triage/replays?page=-1").statusCode())
        .isEqualTo(400);
    assertThat(api.as(Tokens.admin()).get("/api/triage/replays?size=100").statusCode())
        .isEqualTo(200);
  }

  private long auditRows() {
    return jdbc.sql("select count(*) from replay_audit").query(Long.class).single();
  }

  private long storedIntakes() {
    return jdbc.sql("select count(distinct intake_id) from decision where age_years is not null")
        .query(Long.class)
        .single();
  }

  private long decisionRows() {
    return jdbc.sql("select count(*) from decision").query(Long.class).single();
  }
}
