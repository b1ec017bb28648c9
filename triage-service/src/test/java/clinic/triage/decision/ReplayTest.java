package clinic.triage.decision;

import static org.assertj.core.api.Assertions.assertThat;
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
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * {@code POST /api/triage/replay}: a candidate ruleset replayed over the stored intakes lists the
 * decisions it would change and how, changing nothing itself.
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
        .containsEntry("replayed", (int) stored);
    // Every stored intake was replayed, these two alone would change (no other test stores a
    // case that turns on this threshold), in the order they were first decided.
    List<Map<String, Object>> changed = api.list(replay.get("changed"));
    assertThat(changed)
        .extracting(c -> c.get("intakeId"))
        .containsExactly(amendedSciatica.intakeId().toString(), twistedKnee.intakeId().toString());
    assertThat(changed.get(0).get("differences"))
        .isEqualTo(
            List.of(
                "route: SURGICAL_CONSULT → PHYSICAL_THERAPY",
                "secondary routes: PHYSICAL_THERAPY, MEDICATION_REVIEW → MEDICATION_REVIEW"));
    assertThat(changed.get(1).get("differences"))
        .isEqualTo(
            List.of(
                "urgency: SOON → ROUTINE",
                "route: SURGICAL_CONSULT → PHYSICAL_THERAPY",
                "secondary routes: PHYSICAL_THERAPY → none"));

    // The same review as readable text.
    HttpResponse<String> text =
        api.as(Tokens.admin()).post("/api/triage/replay", "text/plain", "text/plain", candidate());
    assertThat(text.statusCode()).isEqualTo(200);
    assertThat(text.headers().firstValue("Content-Type").orElse("")).startsWith("text/plain");
    assertThat(text.body())
        .startsWith(
            "Ruleset "
                + Ruleset.loadDefault().version()
                + " → "
                + CANDIDATE_VERSION
                + ": 2 of "
                + stored
                + " decisions change\n")
        .contains(
            "\n"
                + twistedKnee.intakeId()
                + "\n"
                + "  urgency: SOON → ROUTINE\n"
                + "  route: SURGICAL_CONSULT → PHYSICAL_THERAPY\n"
                + "  secondary routes: PHYSICAL_THERAPY → none\n"
                + "  rules: -surgical-knee-pain-despite-rehabilitation\n");

    // A review only: no decision is added or changed.
    assertThat(decisionRows()).isEqualTo(decisions);
    assertThat(api.map(api.get("/api/decisions/" + twistedKnee.intakeId())))
        .containsEntry("urgency", "SOON")
        .containsEntry("route", "SURGICAL_CONSULT");
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

  private long storedIntakes() {
    return jdbc.sql("select count(distinct intake_id) from decision where age_years is not null")
        .query(Long.class)
        .single();
  }

  private long decisionRows() {
    return jdbc.sql("select count(*) from decision").query(Long.class).single();
  }
}
