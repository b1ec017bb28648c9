package clinic.intake.progress;

import static org.assertj.core.api.Assertions.assertThat;

import clinic.events.Route;
import clinic.events.Urgency;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class IntakeProgressTest {

  static final UUID INTAKE = UUID.randomUUID();

  @Test
  void statusFollowsWhatIsKnown() {
    var decision =
        ProgressTrackingTest.decided(
            INTAKE, UUID.randomUUID(), 1, Route.PHYSICAL_THERAPY, Urgency.SOON);
    var submitted = IntakeProgress.submitted();
    var triaged = submitted.afterTriage(decision);

    assertThat(submitted.status()).isEqualTo(IntakeProgress.Status.SUBMITTED);
    assertThat(triaged.status()).isEqualTo(IntakeProgress.Status.TRIAGED);
    assertThat(
            triaged
                .afterEducation(ProgressTrackingTest.assigned(INTAKE, decision.decisionId(), 1))
                .status())
        .isEqualTo(IntakeProgress.Status.EDUCATION_ASSIGNED);
  }

  @Test
  void olderPacketNeverReplacesANewerOne() {
    var newer = ProgressTrackingTest.assigned(INTAKE, UUID.randomUUID(), 2);
    var older = ProgressTrackingTest.assigned(INTAKE, newer.decisionId(), 1);

    var progress = IntakeProgress.submitted().afterEducation(newer).afterEducation(older);

    assertThat(progress.education().packetId()).isEqualTo(newer.packetId());
  }

  @Test
  void sameDecisionVersionAgainIsIgnored() {
    var first =
        ProgressTrackingTest.decided(
            INTAKE, UUID.randomUUID(), 1, Route.PHYSICAL_THERAPY, Urgency.SOON);
    var sameVersion =
        ProgressTrackingTest.decided(
            INTAKE, UUID.randomUUID(), 1, Route.SURGICAL_CONSULT, Urgency.URGENT);

    var progress = IntakeProgress.submitted().afterTriage(first);

    assertThat(progress.afterTriage(sameVersion)).isSameAs(progress);
  }
}
