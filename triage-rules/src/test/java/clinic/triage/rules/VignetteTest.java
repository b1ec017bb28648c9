package clinic.triage.rules;

import static org.assertj.core.api.Assertions.assertThat;

import clinic.events.Cause;
import clinic.events.TriageDecided.RedFlag;
import clinic.events.TriageDecided.Strength;
import clinic.events.TriageDecided.SuspectedCause;
import clinic.events.Urgency;
import clinic.triage.rules.Vignettes.Expected;
import clinic.triage.rules.Vignettes.Vignette;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** The clinical vignettes: every one must get the expected causes, route, urgency and flags. */
class VignetteTest {

  private static final Ruleset RULESET = Ruleset.loadDefault();

  static Stream<Vignette> vignettes() {
    return Vignettes.all().stream();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("vignettes")
  void decidesAsTheReferencesSay(Vignette vignette) {
    Decision decision = RULESET.evaluate(vignette.answers());
    Expected expected = vignette.expected();
    Map<Cause, Strength> causes = new LinkedHashMap<>();
    for (SuspectedCause cause : decision.causes()) {
      causes.put(cause.cause(), cause.strength());
    }

    SoftAssertions softly = new SoftAssertions();
    softly.assertThat(decision.urgency()).as("urgency").isEqualTo(expected.urgency());
    softly.assertThat(decision.escalation()).as("escalation").isEqualTo(expected.escalation());
    softly.assertThat(decision.route()).as("route").isEqualTo(expected.route());
    if (expected.secondary() != null) {
      softly
          .assertThat(decision.secondaryRoutes())
          .as("secondary routes")
          .isEqualTo(expected.secondary());
    }
    softly.assertThat(causes).as("causes").isEqualTo(expected.causes());
    softly
        .assertThat(decision.redFlags().stream().map(RedFlag::code).toList())
        .as("red flags")
        .isEqualTo(expected.redFlags());
    softly
        .assertThat(decision.needsClinicianReview())
        .as("needs clinician review")
        .isEqualTo(expected.review());
    if (expected.missing() != null) {
      softly
          .assertThat(decision.missingAnswers())
          .as("missing answers")
          .isEqualTo(expected.missing());
    }
    if (expected.fired() != null) {
      softly.assertThat(decision.firedRules()).as("fired rules").containsAll(expected.fired());
    }
    softly.assertAll();
    assertExplains(decision);
  }

  /** Whatever the vignette, the explanation and the recorded answers must back the decision. */
  private static void assertExplains(Decision decision) {
    String explanation = decision.explanation();
    assertThat(explanation).startsWith(decision.urgency() + ": ");
    if (decision.escalation() != null) {
      // The escalation first, then the route that follows it.
      assertThat(explanation)
          .startsWith(
              decision.urgency()
                  + ": "
                  + Ruleset.escalationWords(decision.escalation())
                  + ", then "
                  + Rule.name(decision.route()));
    }
    decision.redFlags().forEach(flag -> assertThat(explanation).contains(flag.reason()));
    for (SuspectedCause cause : decision.causes()) {
      String level = cause.strength() == Strength.LIKELY ? "Likely " : "Possible ";
      assertThat(explanation).contains(level + Rule.name(cause.cause()) + ": ");
      assertThat(decision.answersUsed()).containsKeys(cause.evidence().toArray(String[]::new));
    }
    if (decision.needsClinicianReview()) {
      assertThat(explanation).contains("Needs clinician review");
      decision.missingAnswers().forEach(id -> assertThat(explanation).contains(id));
    }
    assertThat(decision.rulesetVersion()).isEqualTo(RULESET.version());
  }

  @Test
  void failuresAreEmptyForTheClinicRulesetAndNameWhatAWeakenedRulesetGetsWrong() throws Exception {
    assertThat(Vignettes.all())
        .allSatisfy(v -> assertThat(Vignettes.failures(RULESET, v)).isEmpty());

    // The clinic's ruleset without the septic arthritis red flag: that vignette now fails.
    String yaml;
    try (var in = Ruleset.class.getClassLoader().getResourceAsStream(Ruleset.DEFAULT_RESOURCE)) {
      yaml = new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
    }
    String weakened =
        yaml.replaceFirst("(?s)\\n  - id: knee-septic-arthritis\\n.*?(?=\\n  - id: )", "");
    assertThat(weakened).isNotEqualTo(yaml);
    Ruleset candidate = Ruleset.parse("weakened.yaml", weakened);
    List<String> failing =
        Vignettes.all().stream()
            .filter(v -> !Vignettes.failures(candidate, v).isEmpty())
            .map(Vignette::name)
            .toList();
    assertThat(failing).isNotEmpty();
    Vignette septic =
        Vignettes.all().stream()
            .filter(
                v ->
                    RULESET
                        .evaluate(v.answers())
                        .firedRules()
                        .equals(List.of("knee-septic-arthritis")))
            .findFirst()
            .orElseGet(
                () ->
                    Vignettes.all().stream()
                        .filter(
                            v ->
                                RULESET
                                    .evaluate(v.answers())
                                    .firedRules()
                                    .contains("knee-septic-arthritis"))
                        .findFirst()
                        .orElseThrow());
    assertThat(Vignettes.failures(candidate, septic))
        .anyMatch(line -> line.startsWith("red flags: expected"));
  }

  @Test
  void aVignettesFileThatIsNotOneIsRefusedNamingTheFile() {
    org.assertj.core.api.Assertions.assertThatThrownBy(
            () -> Vignettes.parse("mine.yaml", "rules: []"))
        .isInstanceOf(RulesetException.class)
        .hasMessageStartingWith("mine.yaml: ");
    assertThat(Vignettes.parse("same.yaml", Vignettes.text())).isEqualTo(Vignettes.all());
  }

  @Test
  void tableCoversEveryRedFlagCauseAndRouteWithAtLeastFortyVignettes() {
    List<Vignette> all = Vignettes.all();
    assertThat(all).hasSizeGreaterThanOrEqualTo(40);
    // Every red-flag rule of the ruleset, so that a new one without its vignette fails here.
    List<String> redFlagRules = RULESET.redFlagRuleIds();
    assertThat(redFlagRules)
        .contains("cauda-equina-saddle-numbness", "knee-hot-swollen", "spinal-fever")
        .hasSizeGreaterThanOrEqualTo(17);
    List<Decision> decisions = all.stream().map(v -> RULESET.evaluate(v.answers())).toList();
    // By its definition this one always comes with another warning sign.
    String combinationOnly = "spinal-older-new-pain-with-warning-sign";
    for (String rule : redFlagRules) {
      assertThat(decisions)
          .as("a vignette with red flag rule %s alone", rule)
          .anyMatch(
              d ->
                  (d.redFlags().size() == 1 || rule.equals(combinationOnly))
                      && d.firedRules().contains(rule));
    }
    assertThat(decisions)
        .as("several red flags together")
        .filteredOn(d -> d.redFlags().size() > 1)
        .hasSizeGreaterThanOrEqualTo(5);
    for (Cause cause : Cause.values()) {
      assertThat(decisions)
          .as("a vignette suspecting %s", cause)
          .anyMatch(d -> d.causes().stream().anyMatch(c -> c.cause() == cause));
    }
    for (Urgency urgency : Urgency.values()) {
      assertThat(decisions).as("urgency %s", urgency).anyMatch(d -> d.urgency() == urgency);
    }
    for (clinic.events.Route route : clinic.events.Route.values()) {
      assertThat(decisions).as("route %s", route).anyMatch(d -> d.route() == route);
    }
    assertThat(decisions).filteredOn(Decision::needsClinicianReview).hasSizeGreaterThanOrEqualTo(5);
  }
}
