package clinic.triage.rules;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** A malformed ruleset never loads, and says which file, which rule and what is wrong. */
class RulesetValidationTest {

  private static final String HEADER =
      """
      version: "test-1"
      sources:
        clinic-document: "The clinic's document"
        nice-ng59: "NICE NG59"
      """;

  /** A ruleset holding one rule 'meniscus-locking' whose lines are given. */
  private static String withRule(String lines) {
    return HEADER + "rules:\n  - id: meniscus-locking\n" + lines.stripIndent().indent(4);
  }

  private static final String VALID_BODY =
      """
      source: clinic-document
      when: kneeLocking is yes
      cause: MENISCUS_TEAR
      strength: POSSIBLE
      because: catching or locking
      """;

  private static String body(String when) {
    return VALID_BODY.replace("when: kneeLocking is yes", when);
  }

  static Stream<Arguments> malformed() {
    String rule = "bad.yaml: rule 'meniscus-locking': ";
    return Stream.of(
        Arguments.of(
            "unknown question",
            withRule(body("when: kneeLockd is yes")),
            rule + "unknown question 'kneeLockd' (did you mean 'kneeLocking'?)"),
        Arguments.of(
            "value not among the options",
            withRule(body("when: kneeInjury is SKIING")),
            rule + "'SKIING' is not an option of 'kneeInjury' (options: NONE, TWISTING,"),
        Arguments.of(
            "values not among the options of a multiple choice",
            withRule(body("when: painAreas includes any of LEFT_KNEE, KNEES, HIP")),
            rule + "'KNEES', 'HIP' are not options of 'painAreas'"),
        Arguments.of(
            "threshold above the maximum",
            withRule(body("when: painNow >= 11")),
            rule + "threshold 11 in 'painNow >= 11' is outside the range of 'painNow' (0..10)"),
        Arguments.of(
            "threshold below the minimum",
            withRule(body("when: durationWeeks < -2")),
            rule + "threshold -2 in 'durationWeeks < -2' is outside the range of 'durationWeeks'"),
        Arguments.of(
            "age threshold out of range",
            withRule(body("when: age >= 200")),
            rule + "threshold 200 in 'age >= 200' is outside the range of 'age' (0..130)"),
        Arguments.of(
            "yes/no test of a choice question",
            withRule(body("when: kneeInjury is yes")),
            rule + "wrong type: 'kneeInjury' is a choice question"),
        Arguments.of(
            "number comparison of a yes/no question",
            withRule(body("when: kneeLocking >= 3")),
            rule + "wrong type: 'kneeLocking' is a yes/no question, so '>=' does not apply"),
        Arguments.of(
            "single value test of a multiple choice question",
            withRule(body("when: painAreas is LOWER_BACK")),
            rule + "wrong type: 'painAreas' is a multiple choice question"),
        Arguments.of(
            "includes on a choice question",
            withRule(body("when: kneeInjury includes TWISTING")),
            rule + "wrong type: 'kneeInjury' is a choice question"),
        Arguments.of(
            "yes/no test of a number question",
            withRule(body("when: painNow is yes")),
            rule + "wrong type: 'painNow' is a number question (0..10)"),
        Arguments.of(
            "personal question",
            withRule(body("when: consentToContact is yes")),
            rule + "question 'consentToContact' is personal, not a clinical answer"),
        Arguments.of(
            "unreadable condition",
            withRule(body("when: kneeLocking equals true")),
            rule + "cannot read condition 'kneeLocking equals true'"),
        Arguments.of(
            "unknown definition",
            withRule(body("when: kneePian")),
            rule + "unknown definition or question 'kneePian'"),
        Arguments.of(
            "contradictory yes and no",
            withRule(body("when: [kneeLocking is yes, kneeLocking is no]")),
            rule
                + "can never fire: contradictory conditions 'kneeLocking is yes' and"
                + " 'kneeLocking is no'"),
        Arguments.of(
            "contradictory thresholds",
            withRule(body("when: {all: [painNow >= 8, painNow <= 3]}")),
            rule + "can never fire: contradictory conditions 'painNow >= 8' and 'painNow <= 3'"),
        Arguments.of(
            "contradictory choices",
            withRule(
                body(
                    """
                    when:
                      - kneeInjury is TWISTING
                      - kneeInjury is one of NONE, FALL
                    """)),
            rule + "can never fire: contradictory conditions"),
        Arguments.of(
            "questions never asked together: knee question without knee pain",
            withRule(
                body(
                    """
                    when:
                      - not: painAreas includes any of LEFT_KNEE, RIGHT_KNEE
                      - kneeLocking is yes
                    """)),
            rule
                + "can never fire: conditions 'not (painAreas includes any of LEFT_KNEE,"
                + " RIGHT_KNEE)' and 'kneeLocking is yes' can never hold together"),
        Arguments.of(
            "questions never asked together: how far the pain radiates when it does not",
            withRule(body("when: [radiatesHowFar is FOOT, painRadiatesDownLeg is no]")),
            rule
                + "can never fire: conditions 'radiatesHowFar is FOOT' and 'painRadiatesDownLeg"
                + " is no' can never hold together"),
        Arguments.of(
            "a group that can never hold",
            withRule(body("when: {at least 2 of: [fever is yes, fever is no]}")),
            rule + "can never fire"),
        Arguments.of(
            "missing source",
            withRule(VALID_BODY.replace("source: clinic-document\n", "")),
            rule + "missing source"),
        Arguments.of(
            "unknown source",
            withRule(VALID_BODY.replace("source: clinic-document", "source: nice-ng95")),
            rule + "unknown source 'nice-ng95' (sources: clinic-document, nice-ng59)"),
        Arguments.of(
            "unknown cause",
            withRule(VALID_BODY.replace("MENISCUS_TEAR", "MENISCUS")),
            rule + "unknown cause 'MENISCUS' (known: HERNIATED_DISC,"),
        Arguments.of(
            "unknown route",
            withRule(VALID_BODY + "route: SURGERY\n"),
            rule + "unknown route 'SURGERY' (known: PHYSICAL_THERAPY,"),
        Arguments.of(
            "unknown urgency",
            withRule(VALID_BODY + "urgency: ASAP\n"),
            rule + "unknown urgency 'ASAP' (known: EMERGENCY, URGENT, SOON, ROUTINE)"),
        Arguments.of(
            "unknown strength",
            withRule(VALID_BODY.replace("POSSIBLE", "MAYBE")),
            rule + "unknown strength 'MAYBE' (known: LIKELY, POSSIBLE)"),
        Arguments.of(
            "cause without strength",
            withRule(VALID_BODY.replace("strength: POSSIBLE\n", "")),
            rule + "cause needs a strength: LIKELY or POSSIBLE"),
        Arguments.of(
            "red flag that is not urgent",
            withRule(
                body("when: kneeCannotStraighten is yes")
                    + "redFlag: {code: LOCKED_KNEE, reason: locked}\nurgency: SOON\n"
                    + "route: SURGICAL_CONSULT\n"),
            rule + "a red flag must be EMERGENCY or URGENT, not SOON"),
        Arguments.of(
            "red flag without an escalation",
            withRule(
                body("when: kneeCannotStraighten is yes")
                    + "redFlag: {code: LOCKED_KNEE, reason: locked}\nurgency: URGENT\n"
                    + "route: SURGICAL_CONSULT\n"),
            rule + "a red flag must name its escalation: EMERGENCY_TODAY"),
        Arguments.of(
            "red flag whose escalation does not go with its urgency",
            withRule(
                body("when: kneeCannotStraighten is yes")
                    + "redFlag: {code: LOCKED_KNEE, reason: locked}\nurgency: URGENT\n"
                    + "escalation: EMERGENCY_TODAY\nroute: SURGICAL_CONSULT\n"),
            rule + "escalation EMERGENCY_TODAY goes with urgency EMERGENCY, not URGENT"),
        Arguments.of(
            "unknown escalation",
            withRule(
                body("when: kneeCannotStraighten is yes")
                    + "redFlag: {code: LOCKED_KNEE, reason: locked}\nurgency: URGENT\n"
                    + "escalation: SOMETIME\nroute: SURGICAL_CONSULT\n"),
            rule + "unknown escalation 'SOMETIME' (known: EMERGENCY_TODAY, URGENT_REVIEW)"),
        Arguments.of(
            "escalation without a red flag",
            withRule(VALID_BODY + "escalation: URGENT_REVIEW\n"),
            rule + "escalation without a redFlag"),
        Arguments.of(
            "red flag without a route",
            withRule(
                body("when: kneeCannotStraighten is yes")
                    + "redFlag: {code: LOCKED_KNEE, reason: locked}\nurgency: URGENT\n"),
            rule + "a red flag must name the route"),
        Arguments.of(
            "rule concluding nothing",
            withRule(
                """
                source: clinic-document
                when: kneeLocking is yes
                because: nothing follows
                """),
            rule + "concludes nothing"),
        Arguments.of(
            "misspelt key",
            withRule(VALID_BODY.replace("source:", "sorce:")),
            rule + "unknown key 'sorce'"),
        Arguments.of(
            "missing when",
            withRule(VALID_BODY.replace("when: kneeLocking is yes\n", "")),
            rule + "missing 'when'"),
        Arguments.of(
            "missing because",
            withRule(VALID_BODY.replace("because: catching or locking\n", "")),
            rule + "missing 'because'"),
        Arguments.of(
            "duplicate rule ids",
            withRule(VALID_BODY) + "  - id: meniscus-locking\n" + VALID_BODY.indent(4),
            rule + "duplicate rule id (rule #1 has it too)"),
        Arguments.of(
            "rule without id",
            HEADER + "rules:\n  - source: clinic-document\n" + "    when: fever is yes\n",
            "bad.yaml: rule #1: missing id"),
        Arguments.of(
            "bad definition",
            HEADER.replace(
                    "sources:", "definitions:\n  kneePain: painAreas includes LEFT_KNE\nsources:")
                + "rules:\n  - id: meniscus-locking\n"
                + body("when: kneePain").indent(4),
            "bad.yaml: definition 'kneePain': 'LEFT_KNE' is not an option of 'painAreas'"),
        Arguments.of(
            "missing version",
            withRule(VALID_BODY).replace("version: \"test-1\"\n", ""),
            "bad.yaml: missing version"),
        Arguments.of(
            "missing sources",
            "version: x\nrules:\n  - id: meniscus-locking\n" + VALID_BODY.indent(4),
            "bad.yaml: missing sources"),
        Arguments.of("no rules", HEADER, "bad.yaml: missing rules"),
        Arguments.of(
            "not YAML",
            HEADER + "rules: [ {id: x, when: fever is yes\n",
            "bad.yaml: not valid YAML"),
        Arguments.of(
            "the same key twice in a rule",
            withRule(VALID_BODY + "when: fever is yes\n"),
            "bad.yaml: not valid YAML"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("malformed")
  void malformedRulesetFailsNamingFileRuleAndProblem(String what, String yaml, String message) {
    assertThatThrownBy(() -> Ruleset.parse("bad.yaml", yaml))
        .isInstanceOf(RulesetException.class)
        .hasMessageContaining(message);
  }

  @Test
  void everyProblemIsReportedNotJustTheFirst() {
    String yaml =
        HEADER
            + """
            rules:
              - id: one
                source: clinic-document
                when: kneeLockd is yes
                route: SURGICAL_CONSULT
                because: x
              - id: two
                source: nowhere
                when: painNow >= 12
                route: PHYSICAL_THERAPY
                because: y
            """;
    assertThatThrownBy(() -> Ruleset.parse("bad.yaml", yaml))
        .isInstanceOfSatisfying(
            RulesetException.class,
            e ->
                assertThat(e.problems())
                    .containsExactly(
                        "bad.yaml: rule 'one': unknown question 'kneeLockd' (did you mean"
                            + " 'kneeLocking'?)",
                        "bad.yaml: rule 'two': unknown source 'nowhere' (sources:"
                            + " clinic-document, nice-ng59)",
                        "bad.yaml: rule 'two': threshold 12 in 'painNow >= 12' is outside the"
                            + " range of 'painNow' (0..10)"));
  }

  @Test
  void aValidMinimalRulesetLoads() {
    Ruleset ruleset = Ruleset.parse("ok.yaml", withRule(VALID_BODY));
    assertThat(ruleset.version()).isEqualTo("test-1");
    assertThat(ruleset.ruleIds()).containsExactly("meniscus-locking");
  }

  @Test
  void theClinicRulesetLoadsAndCitesTheReferences() {
    Ruleset ruleset = Ruleset.loadDefault();
    assertThat(ruleset.version()).isNotBlank();
    assertThat(ruleset.sources())
        .containsKeys(
            "clinic-document",
            "nice-ng59",
            "nice-ng226",
            "ottawa-knee-rules",
            "cauda-equina-guidance");
    assertThat(ruleset.ruleIds()).hasSizeGreaterThan(40).doesNotHaveDuplicates();
    assertThat(ruleset.questionnaireVersion())
        .isEqualTo(clinic.events.questionnaire.Questionnaire.CURRENT.version());
  }

  @Test
  void aRulesetFileNamesItselfInErrors(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("candidate.yaml");
    Files.writeString(file, withRule(body("when: kneeLockd is yes")));
    assertThatThrownBy(() -> Ruleset.load(file))
        .hasMessageStartingWith("candidate.yaml: rule 'meniscus-locking': unknown question");
  }
}
