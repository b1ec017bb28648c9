package clinic.triage.rules;

import static org.assertj.core.api.Assertions.assertThat;

import clinic.events.IntakeSubmitted;
import clinic.events.TriageDecided;
import java.time.Instant;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** The decision fills every field of TriageDecided the ruleset owns. */
class DecisionEventTest {

  @Test
  void decisionBecomesATriageDecidedEventWithTheServicesIdsAndTime() {
    Ruleset ruleset = Ruleset.loadDefault();
    Vignettes.Vignette vignette = Vignettes.named("cauda equina with worsening weakness");
    UUID intakeId = UUID.randomUUID();
    IntakeSubmitted intake =
        new IntakeSubmitted(
            intakeId,
            ruleset.questionnaireVersion(),
            vignette.answers().ageYears(),
            "es",
            vignette.answers().answers(),
            Instant.parse("2026-11-02T09:00:00Z"));
    Decision decision = ruleset.evaluate(Answers.from(intake));
    UUID decisionId = UUID.randomUUID();
    Instant decidedAt = Instant.parse("2026-11-02T09:00:01Z");

    TriageDecided event = decision.toTriageDecided(intakeId, decisionId, 2, "es", decidedAt);

    assertThat(event.intakeId()).isEqualTo(intakeId);
    assertThat(event.decisionId()).isEqualTo(decisionId);
    assertThat(event.decisionVersion()).isEqualTo(2);
    assertThat(event.rulesetVersion()).isEqualTo(ruleset.version());
    assertThat(event.route()).isEqualTo(decision.route());
    assertThat(event.secondaryRoutes()).isEqualTo(decision.secondaryRoutes());
    assertThat(event.urgency()).isEqualTo(decision.urgency());
    assertThat(event.causes()).isEqualTo(decision.causes()).isNotEmpty();
    assertThat(event.redFlags()).isEqualTo(decision.redFlags()).hasSize(2);
    assertThat(event.needsClinicianReview()).isEqualTo(decision.needsClinicianReview());
    assertThat(event.missingAnswers()).isEqualTo(decision.missingAnswers());
    assertThat(event.explanation()).isEqualTo(decision.explanation());
    assertThat(event.preferredLanguage()).isEqualTo("es");
    assertThat(event.decidedAt()).isEqualTo(decidedAt);
  }

  @Test
  void decisionSerialisesToJsonWithAnswersInQuestionnaireOrder() {
    Decision decision =
        Ruleset.loadDefault()
            .evaluate(
                Vignettes.named("osteoarthritis at 70 on an anti-inflammatory with kidney disease")
                    .answers());
    JsonMapper json = JsonMapper.builder().build();

    JsonNode tree = json.readTree(json.writeValueAsString(decision));

    assertThat(tree.get("urgency").asString()).isEqualTo("SOON");
    assertThat(tree.get("causes").get(0).get("cause").asString()).isEqualTo("OSTEOARTHRITIS");
    assertThat(tree.get("answersUsed").propertyNames())
        .containsExactlyElementsOf(decision.answersUsed().keySet())
        .startsWith("ageYears", "painAreas");
    assertThat(tree.get("answersUsed").get("currentMedicines").size()).isEqualTo(3);
    assertThat(tree.get("firedRules").size()).isEqualTo(decision.firedRules().size());
  }
}
