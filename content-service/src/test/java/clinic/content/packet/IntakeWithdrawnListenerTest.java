package clinic.content.packet;

import static clinic.content.testing.KafkaTestClient.header;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import clinic.content.testing.Decisions;
import clinic.content.testing.KafkaTestClient;
import clinic.content.testing.TestInfrastructure;
import clinic.events.CloudEventHeaders;
import clinic.events.EventType;
import clinic.events.IntakeWithdrawn;
import clinic.events.InvalidEventException;
import clinic.events.Topics;
import clinic.events.TriageDecided;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import io.micronaut.test.support.TestPropertyProvider;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/** {@code IntakeWithdrawn} from {@code clinic.intake}, through the real broker, revokes links. */
@MicronautTest(transactional = false)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class IntakeWithdrawnListenerTest implements TestPropertyProvider {

  @Inject PacketAssembler assembler;
  @Inject PacketRepository packets;

  private static final int PARTITION = 0;

  private final KafkaTestClient kafka = new KafkaTestClient();

  @Override
  public Map<String, String> getProperties() {
    return TestInfrastructure.properties();
  }

  @AfterAll
  void closeClients() {
    kafka.close();
  }

  @Test
  void withdrawalRevokesTheIntakesLinksAndItsRedeliveryChangesNothing() {
    UUID intake = UUID.randomUUID();
    Packet packet = assemble(intake).packet();
    IntakeWithdrawn withdrawn = Withdrawals.of(intake);

    publish(withdrawn);

    Instant revokedAt = awaitRevoked(packet);
    publish(withdrawn);
    // A later record on the same partition: once it is handled, so is the redelivery.
    Packet marker = assemble(UUID.randomUUID()).packet();
    publish(Withdrawals.of(marker.intakeId()));
    awaitRevoked(marker);

    assertThat(packets.findById(packet.id()).orElseThrow().revokedAt()).isEqualTo(revokedAt);
    assertThat(
            TestInfrastructure.queryLong(
                "SELECT count(*) FROM processed_event WHERE event_id = '%s'"
                    .formatted(withdrawn.eventId())))
        .isEqualTo(1);
    assertThat(
            TestInfrastructure.queryLong(
                "SELECT count(*) FROM intake_withdrawal WHERE intake_id = '%s'".formatted(intake)))
        .isEqualTo(1);
  }

  @Test
  void garbageAndForgedWithdrawalsGoToTheDeadLetterTopicRevokeNothingAndTheNextIsHandled() {
    UUID intake = UUID.randomUUID();
    Packet packet = assemble(intake).packet();
    IntakeWithdrawn withdrawn = Withdrawals.of(intake);
    Map<String, String> forged = CloudEventHeaders.of(withdrawn, "/triage-service");
    Map<String, String> wrongId = new HashMap<>(CloudEventHeaders.of(withdrawn));
    wrongId.put(CloudEventHeaders.ID, UUID.randomUUID().toString());

    kafka.send(
        Topics.INTAKE,
        PARTITION,
        intake.toString(),
        "{\"intakeId\": \"not json",
        headers(withdrawn));
    kafka.send(Topics.INTAKE, PARTITION, intake.toString(), Decisions.json(withdrawn), forged);
    kafka.send(Topics.INTAKE, PARTITION, intake.toString(), Decisions.json(withdrawn), wrongId);
    Packet next = assemble(UUID.randomUUID()).packet();
    publish(Withdrawals.of(next.intakeId()));

    awaitRevoked(next);
    await()
        .atMost(Duration.ofSeconds(30))
        .untilAsserted(
            () ->
                assertThat(kafka.records(Topics.deadLetter(Topics.INTAKE), intake.toString()))
                    .hasSize(3)
                    .allSatisfy(
                        letter -> {
                          assertThat(header(letter, TriageDecidedListener.EXCEPTION_HEADER))
                              .contains(InvalidEventException.class.getName());
                          assertThat(header(letter, TriageDecidedListener.ORIGINAL_TOPIC_HEADER))
                              .isEqualTo(Topics.INTAKE);
                        }));
    assertThat(packets.findById(packet.id()).orElseThrow().revokedAt()).isNull();
  }

  @Test
  void otherIntakeEventsArePassedOverUnread() {
    UUID intake = UUID.randomUUID();
    Packet packet = assemble(intake).packet();
    Map<String, String> submitted = new HashMap<>(headers(Withdrawals.of(intake)));
    submitted.put(CloudEventHeaders.TYPE, EventType.INTAKE_SUBMITTED.type());
    submitted.put(CloudEventHeaders.ID, UUID.randomUUID().toString());

    kafka.send(Topics.INTAKE, PARTITION, intake.toString(), "{}", submitted);
    Packet marker = assemble(UUID.randomUUID()).packet();
    publish(Withdrawals.of(marker.intakeId()));

    awaitRevoked(marker);
    assertThat(packets.findById(packet.id()).orElseThrow().revokedAt()).isNull();
    assertThat(kafka.records(Topics.deadLetter(Topics.INTAKE), intake.toString())).isEmpty();
  }

  private IssuedPacket assemble(UUID intake) {
    TriageDecided decision = Decisions.herniatedDisc(intake, "en");
    return assembler.assemble(decision.decisionId(), decision).orElseThrow();
  }

  private Instant awaitRevoked(Packet packet) {
    return await()
        .atMost(Duration.ofSeconds(30))
        .until(() -> packets.findById(packet.id()).orElseThrow().revokedAt(), at -> at != null);
  }

  /** Every record of this test goes to one partition, so a later one is handled after it. */
  private void publish(IntakeWithdrawn withdrawn) {
    kafka.send(
        Topics.INTAKE,
        PARTITION,
        withdrawn.intakeId().toString(),
        Decisions.json(withdrawn),
        headers(withdrawn));
  }

  private static Map<String, String> headers(IntakeWithdrawn withdrawn) {
    return CloudEventHeaders.of(withdrawn);
  }
}
