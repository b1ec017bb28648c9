package clinic.triage.rules;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** How a decision reads as JSON (the service stores and serves it). */
class DecisionJsonTest {

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
