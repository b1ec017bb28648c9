package clinic.triage.rules;

import static org.assertj.core.api.Assertions.assertThat;

import clinic.events.Route;
import clinic.triage.rules.RulesetDiff.Change;
import clinic.triage.rules.Vignettes.Vignette;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Replaying the vignettes through a candidate ruleset lists exactly the decisions it changes. */
class RulesetDiffTest {

  private static final String THRESHOLD = "physicalTherapyWeeks >= 6";

  private static String clinicRuleset() throws IOException {
    try (InputStream in =
        RulesetDiffTest.class.getClassLoader().getResourceAsStream(Ruleset.DEFAULT_RESOURCE)) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }

  private static Map<String, Answers> vignettes() {
    Map<String, Answers> inputs = new LinkedHashMap<>();
    for (Vignette vignette : Vignettes.all()) {
      inputs.put(vignette.name(), vignette.answers());
    }
    return inputs;
  }

  @Test
  void raisingTheConservativeCareThresholdChangesExactlyTheVignettesBetweenTheTwoThresholds()
      throws IOException {
    String current = clinicRuleset();
    assertThat(current.split(THRESHOLD, -1)).as("the threshold appears once").hasSize(2);
    String candidateText =
        current
            .replace(THRESHOLD, "physicalTherapyWeeks >= 12")
            .replace("version: \"2026.12-2\"", "version: \"2026.12-3-candidate\"");
    Ruleset candidate = Ruleset.parse("candidate.yaml", candidateText);

    RulesetDiff diff = RulesetDiff.compare(Ruleset.loadDefault(), candidate, vignettes());

    assertThat(diff.currentVersion()).isEqualTo("2026.12-2");
    assertThat(diff.candidateVersion()).isEqualTo("2026.12-3-candidate");
    assertThat(diff.compared()).isEqualTo(Vignettes.all().size());
    assertThat(diff.changes())
        .extracting(Change::label)
        .containsExactly(
            "sciatica not improved by 8 weeks of physical therapy, severe pain",
            "twisting injury still painful after 8 weeks of physical therapy");

    Change sciatica = diff.changes().get(0);
    assertThat(sciatica.before().route()).isEqualTo(Route.SURGICAL_CONSULT);
    assertThat(sciatica.after().route()).isEqualTo(Route.PHYSICAL_THERAPY);
    assertThat(sciatica.differences())
        .containsExactly(
            "route: SURGICAL_CONSULT → PHYSICAL_THERAPY",
            "secondary routes: PHYSICAL_THERAPY, MEDICATION_REVIEW → MEDICATION_REVIEW");
    assertThat(diff.changes().get(1).differences())
        .containsExactly(
            "urgency: SOON → ROUTINE",
            "route: SURGICAL_CONSULT → PHYSICAL_THERAPY",
            "secondary routes: PHYSICAL_THERAPY → none");

    String text = diff.render();
    assertThat(text)
        .startsWith("Ruleset 2026.12-2 → 2026.12-3-candidate: 2 of " + diff.compared())
        .contains(
            """

            sciatica not improved by 8 weeks of physical therapy, severe pain
              route: SURGICAL_CONSULT → PHYSICAL_THERAPY
              secondary routes: PHYSICAL_THERAPY, MEDICATION_REVIEW → MEDICATION_REVIEW
              rules: -surgical-sciatica-despite-conservative-care
            """);
  }

  @Test
  void theSameRulesetChangesNothing() {
    RulesetDiff diff =
        RulesetDiff.compare(
            Ruleset.loadDefault(),
            Ruleset.loadDefault(),
            Vignettes.all().stream().map(Vignette::answers).toList());
    assertThat(diff.changes()).isEmpty();
    assertThat(diff.render()).startsWith("Ruleset 2026.12-2 → 2026.12-2: 0 of ");
  }

  @Test
  void unlabelledInputsAreNamedByPosition() throws IOException {
    Ruleset current = Ruleset.loadDefault();
    Ruleset candidate =
        Ruleset.parse(
            "candidate.yaml",
            clinicRuleset().replace("when: bladderOrBowelChange is yes", "when: fever is yes"));
    List<Answers> inputs =
        List.of(
            Vignettes.named("plain low back pain").answers(),
            Vignettes.named("cauda equina - new bladder or bowel change").answers());
    RulesetDiff diff = RulesetDiff.compare(current, candidate, inputs);
    assertThat(diff.changes()).extracting(Change::label).containsExactly("#2");
    assertThat(diff.changes().get(0).differences())
        .contains(
            "escalation: EMERGENCY_TODAY → none",
            "urgency: EMERGENCY → ROUTINE",
            "route: SURGICAL_CONSULT → PHYSICAL_THERAPY");
  }

  /**
   * A candidate that keeps every red flag but asks for less than an emergency assessment today must
   * show it, although route and red flags stay the same.
   */
  @Test
  void aCandidateThatLowersAnEscalationShowsIt() throws IOException {
    String current = clinicRuleset();
    String septic =
        """
            reason: a hot, swollen knee with fever suggests a joint infection; same-day hospital assessment
            escalation: EMERGENCY_TODAY
            urgency: EMERGENCY
        """;
    assertThat(current).contains(septic);
    Ruleset candidate =
        Ruleset.parse(
            "candidate.yaml",
            current.replace(
                septic,
                septic
                    .replace("EMERGENCY_TODAY", "URGENT_REVIEW")
                    .replace("urgency: EMERGENCY", "urgency: URGENT")));

    RulesetDiff diff = RulesetDiff.compare(Ruleset.loadDefault(), candidate, vignettes());

    Change septicKnee =
        diff.changes().stream()
            .filter(c -> c.label().equals("septic arthritis - hot swollen knee with fever"))
            .findFirst()
            .orElseThrow();
    assertThat(septicKnee.differences())
        .containsExactly(
            "escalation: EMERGENCY_TODAY → URGENT_REVIEW", "urgency: EMERGENCY → URGENT");
    assertThat(diff.render())
        .contains(
            """
            septic arthritis - hot swollen knee with fever
              escalation: EMERGENCY_TODAY → URGENT_REVIEW
            """);
  }
}
