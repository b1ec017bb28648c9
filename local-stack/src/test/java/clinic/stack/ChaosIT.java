package clinic.stack;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The chaos run, small: a few intakes a second through the gateway of the shared stack while
 * triage-service is killed (SIGKILL) and the Kafka broker is killed and started again; nothing
 * accepted may be lost or duplicated, no intake may get a 5xx (intake-service stays up), and the
 * pipeline must move again after each fault. {@code local-stack/run-chaos} is the full run
 * (RELIABILITY.md).
 */
@ExtendWith(SharedStack.class)
class ChaosIT {

  @Test
  void killedTriageAndRestartedBrokerLoseAndDuplicateNothing(RunningStack stack) throws Exception {
    Chaos.Plan plan =
        new Chaos.Plan(
            4,
            Duration.ofSeconds(45),
            List.of(new Chaos.Kill(ClinicService.TRIAGE), new Chaos.BrokerRestart()),
            Duration.ofSeconds(2),
            5,
            Duration.ofSeconds(120),
            Duration.ofMinutes(2));

    Chaos.Outcome outcome = new Chaos(stack.chaosTarget(), plan, System.out).run();

    System.out.println(ChaosReport.markdown(outcome, "ChaosIT", "test"));
    ChaosChecks.Result checks = outcome.checks();
    assertThat(outcome.faults())
        .extracting(Chaos.Injected::what)
        .hasSize(2)
        .anySatisfy(what -> assertThat(what).startsWith("SIGKILL triage-service"))
        .anySatisfy(what -> assertThat(what).startsWith("Kafka broker"));
    assertThat(outcome.faults())
        .as("every fault recovered: intakes accepted and the pipeline moving again")
        .allSatisfy(fault -> assertThat(fault.recovery()).isNotNull());
    assertThat(checks.accepted()).as("accepted intakes").isGreaterThan(100);
    assertThat(checks.confirmed()).as("referrals confirmed meanwhile").isGreaterThan(10);
    assertThat(checks.missing())
        .as("accepted intakes lacking a step")
        .allSatisfy((step, n) -> assertThat(n).as(step).isZero());
    assertThat(checks.lost()).as("lost").isZero();
    assertThat(checks.duplicates())
        .as("duplicates")
        .allSatisfy((what, n) -> assertThat(n).as(what).isZero());
    assertThat(checks.patientEmailsDelivered()).isEqualTo(checks.confirmed());
    assertThat(checks.teamNotificationsDelivered()).isGreaterThanOrEqualTo(checks.confirmed());
    assertThat(ChaosReport.failures(outcome).fivexxWithIntakeUp())
        .as("5xx while intake-service was up")
        .isZero();
  }
}
