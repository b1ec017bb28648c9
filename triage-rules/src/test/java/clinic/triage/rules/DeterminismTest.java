package clinic.triage.rules;

import static org.assertj.core.api.Assertions.assertThat;

import clinic.triage.rules.Vignettes.Vignette;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Same answers and same ruleset give the same decision, field by field and in the same order. */
class DeterminismTest {

  @Test
  void sameAnswersGiveEqualDecisionsTwiceAndAfterReloadingTheRuleset() {
    Ruleset first = Ruleset.loadDefault();
    Ruleset reloaded = Ruleset.loadDefault();
    for (Vignette vignette : Vignettes.all()) {
      Decision decision = first.evaluate(vignette.answers());
      assertThat(first.evaluate(vignette.answers())).as(vignette.name()).isEqualTo(decision);
      Decision again = reloaded.evaluate(vignette.answers());
      assertThat(again).as(vignette.name()).isEqualTo(decision);
      assertThat(again.hashCode()).isEqualTo(decision.hashCode());
      assertThat(again.explanation()).isEqualTo(decision.explanation());
      assertThat(List.copyOf(again.answersUsed().keySet()))
          .isEqualTo(List.copyOf(decision.answersUsed().keySet()));
    }
  }

  @Test
  void theOrderInWhichAnswersArriveDoesNotMatter() {
    Ruleset ruleset = Ruleset.loadDefault();
    AnswerGenerator generator = new AnswerGenerator(99L);
    for (int i = 0; i < 2_000; i++) {
      Map<String, Object> answers = generator.complete();
      List<String> ids = new ArrayList<>(answers.keySet());
      Collections.reverse(ids);
      Map<String, Object> reversed = new LinkedHashMap<>();
      ids.forEach(id -> reversed.put(id, answers.get(id)));
      int age = generator.age();
      Decision decision = ruleset.evaluate(new Answers(age, answers));
      Decision fromReversed = ruleset.evaluate(new Answers(age, reversed));
      assertThat(fromReversed).isEqualTo(decision);
      assertThat(fromReversed.explanation()).isEqualTo(decision.explanation());
      assertThat(List.copyOf(fromReversed.answersUsed().keySet()))
          .isEqualTo(List.copyOf(decision.answersUsed().keySet()));
    }
  }
}
