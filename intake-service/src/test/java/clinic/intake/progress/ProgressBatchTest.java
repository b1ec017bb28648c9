package clinic.intake.progress;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import clinic.events.Actor;
import clinic.events.CloudEventHeaders;
import clinic.events.InvalidEventException;
import clinic.events.ReferralConfirmed;
import clinic.events.ReferralStatusChanged;
import clinic.events.Route;
import clinic.events.Topics;
import clinic.events.Urgency;
import clinic.intake.IntakeServiceTest;
import clinic.intake.KafkaProbe;
import io.micrometer.core.instrument.MeterRegistry;
import java.nio.charset.StandardCharsets;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.kafka.config.KafkaListenerEndpointRegistry;

/**
 * The progress consumer takes a poll's records as one batch: the records are sent while its
 * container is stopped, so that they arrive together when it starts again.
 */
@IntakeServiceTest
class ProgressBatchTest extends ProgressTest {

  @Autowired KafkaListenerEndpointRegistry listeners;
  @Autowired MeterRegistry meters;

  @Test
  void duplicateRecordInOneBatchIsAppliedOnce() throws Exception {
    var intake = submitIntake();
    var first =
        ProgressTrackingTest.decided(
            intake, UUID.randomUUID(), 1, Route.PHYSICAL_THERAPY, Urgency.SOON);
    var newer =
        ProgressTrackingTest.decided(
            intake, UUID.randomUUID(), 2, Route.MEDICATION_REVIEW, Urgency.ROUTINE);
    // The first decision's ce_id again, with content the version rule alone would accept.
    var sameIdAgain =
        ProgressTrackingTest.decided(
            intake, first.decisionId(), 3, Route.SURGICAL_CONSULT, Urgency.URGENT);
    var packet = ProgressTrackingTest.assigned(intake, newer.decisionId(), 1);

    whileStopped(
        () -> {
          send(first);
          send(first);
          send(newer);
          send(sameIdAgain);
          send(packet);
        });

    var shown = awaitStatus(intake, "EDUCATION_ASSIGNED");
    assertThat(shown.at("/triage/decisionVersion").asInt()).isEqualTo(2);
    assertThat(shown.at("/triage/route").asString()).isEqualTo("MEDICATION_REVIEW");
    assertThat(processedCount(first.decisionId())).isEqualTo(1);
    assertThat(processedCount(newer.decisionId())).isEqualTo(1);
    // The two decisions (one partition) were applied in one transaction: now() is the
    // transaction's start.
    assertThat(processedAt(first.decisionId())).isEqualTo(processedAt(newer.decisionId()));
    // Each record is still observed (its consumer span, and a timer beside the container's own).
    assertThat(meters.find("clinic.intake.progress.record").timers())
        .isNotEmpty()
        .anySatisfy(timer -> assertThat(timer.count()).isPositive());
  }

  @Test
  void eachIntakesEventsAreAppliedInTheirOrderWhenIntakesAreInterleaved() throws Exception {
    var intakes = new ArrayList<UUID>();
    for (int i = 0; i < 6; i++) {
      intakes.add(submitIntake());
    }
    var confirmed = intakes.stream().map(ProgressBatchTest::confirmed).toList();

    // Status changes only apply in order: SENT before ACCEPTED ends ACCEPTED, the other way round
    // ends SENT, and either before the confirmation is ignored.
    whileStopped(
        () -> {
          for (var referral : confirmed) {
            send(referral);
          }
          for (var referral : confirmed) {
            send(changed(referral, ReferralStatusChanged.Status.SENT));
          }
          for (var referral : confirmed.reversed()) {
            send(changed(referral, ReferralStatusChanged.Status.ACCEPTED));
          }
        });

    for (var intake : intakes) {
      await()
          .atMost(TIMEOUT)
          .untilAsserted(
              () ->
                  assertThat(show(intake).at("/referral/status").asString()).isEqualTo("ACCEPTED"));
    }
  }

  @Test
  void poisonRecordsInABatchAreDeadLetteredAndTheRecordsAroundThemApplied() throws Exception {
    var intake = submitIntake();
    var other = submitIntake();
    var unknown = UUID.randomUUID();
    var decision =
        ProgressTrackingTest.decided(
            intake, UUID.randomUUID(), 1, Route.PHYSICAL_THERAPY, Urgency.SOON);
    var packet = ProgressTrackingTest.assigned(intake, decision.decisionId(), 1);
    var otherDecision =
        ProgressTrackingTest.decided(
            other, UUID.randomUUID(), 1, Route.MEDICATION_REVIEW, Urgency.ROUTINE);

    whileStopped(
        () -> {
          send(decision);
          // Refused by the reader, before any transaction.
          send(
              Topics.TRIAGE,
              intake.toString(),
              "{\"intakeId\": \"" + intake + "\", oops",
              CloudEventHeaders.of(decision, "/triage-service"));
          // Refused inside the batch's transaction (no such intake), after other records' work.
          send(
              ProgressTrackingTest.decided(
                  unknown, UUID.randomUUID(), 1, Route.PHYSICAL_THERAPY, Urgency.SOON));
          send(packet);
          send(otherDecision);
        });

    var dead =
        KafkaProbe.records(
            broker.getBrokersAsString(),
            Topics.deadLetter(Topics.TRIAGE),
            Set.of(intake.toString(), unknown.toString()),
            2,
            TIMEOUT);
    assertThat(dead).hasSize(2);
    assertThat(dead)
        .extracting(r -> header(r, "kafka_dlt-exception-cause-fqcn"))
        .containsOnly(InvalidEventException.class.getName());
    assertThat(dead)
        .extracting(r -> header(r, "kafka_dlt-exception-message"))
        .anySatisfy(reason -> assertThat(reason).contains("No intake " + unknown));
    assertThat(awaitStatus(intake, "EDUCATION_ASSIGNED").at("/triage/decisionId").asString())
        .isEqualTo(decision.decisionId().toString());
    assertThat(awaitStatus(other, "TRIAGED").at("/triage/route").asString())
        .isEqualTo("MEDICATION_REVIEW");
    assertThat(processedCount(decision.decisionId())).isEqualTo(1);
    assertThat(processedCount(packet.packetId())).isEqualTo(1);
  }

  interface Sends {
    void run() throws Exception;
  }

  /** Sends while the consumer is stopped, so that the records make one poll when it starts. */
  private void whileStopped(Sends sends) throws Exception {
    var container = listeners.getListenerContainer(ProgressListener.ID);
    assertThat(container).isNotNull();
    container.stop();
    try {
      sends.run();
    } finally {
      container.start();
    }
  }

  private static ReferralConfirmed confirmed(UUID intake) {
    return new ReferralConfirmed(
        intake,
        UUID.randomUUID(),
        UUID.randomUUID(),
        UUID.randomUUID(),
        Route.PHYSICAL_THERAPY,
        List.of(),
        Urgency.SOON,
        new Actor("c9d2", "dr.garcia"),
        ProgressTrackingTest.NOW);
  }

  private static ReferralStatusChanged changed(
      ReferralConfirmed referral, ReferralStatusChanged.Status status) {
    return new ReferralStatusChanged(
        referral.intakeId(),
        referral.referralId(),
        UUID.randomUUID(),
        status,
        referral.route(),
        referral.urgency(),
        new Actor("team-1", "receiving team"),
        null,
        ProgressTrackingTest.NOW.plusSeconds(1));
  }

  private long processedCount(UUID eventId) {
    return jdbc.sql("select count(*) from processed_event where event_id = :id")
        .param("id", eventId)
        .query(Long.class)
        .single();
  }

  private OffsetDateTime processedAt(UUID eventId) {
    return jdbc.sql("select processed_at from processed_event where event_id = :id")
        .param("id", eventId)
        .query(OffsetDateTime.class)
        .single();
  }

  private static String header(
      org.apache.kafka.clients.consumer.ConsumerRecord<String, String> record, String name) {
    var header = record.headers().lastHeader(name);
    return header == null ? null : new String(header.value(), StandardCharsets.UTF_8);
  }
}
