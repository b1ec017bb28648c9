package clinic.events;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.SQLException;
import org.junit.jupiter.api.Test;

class DeadLetterTest {

  @Test
  void anInvalidEventGivesItsOwnMessageWhereverItIsInTheChain() {
    var failure =
        new IllegalStateException(
            "Listener failed", new InvalidEventException("Missing CloudEvents headers ce_id"));

    assertThat(DeadLetter.reason(failure))
        .isEqualTo("clinic.events.InvalidEventException: Missing CloudEvents headers ce_id");
    assertThat(DeadLetter.invalid(failure)).isTrue();
  }

  @Test
  void anyOtherFailureGivesTheInnermostCauseAndOnlyTheFirstLineOfItsMessage() {
    var failure =
        new RuntimeException(
            "update intake set ...",
            new SQLException(
                "ERROR: new row for relation \"intake\" violates check constraint\n"
                    + "  Detail: Failing row contains (Ada Lovelace, 1960-01-01)."));

    assertThat(DeadLetter.reason(failure))
        .isEqualTo(
            "java.sql.SQLException: ERROR: new row for relation \"intake\" violates check"
                + " constraint")
        .doesNotContain("Ada");
    assertThat(DeadLetter.invalid(failure)).isFalse();
  }
}
