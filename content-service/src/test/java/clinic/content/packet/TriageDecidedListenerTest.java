package clinic.content.packet;

import static clinic.content.testing.KafkaTestClient.header;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.groups.Tuple.tuple;
import static org.awaitility.Awaitility.await;

import clinic.content.testing.Decisions;
import clinic.content.testing.KafkaTestClient;
import clinic.content.testing.Schemas;
import clinic.content.testing.TestInfrastructure;
import clinic.events.Cause;
import clinic.events.CloudEventHeaders;
import clinic.events.EducationAssigned;
import clinic.events.EventType;
import clinic.events.Route;
import clinic.events.Topics;
import clinic.events.TriageDecided;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import io.micronaut.test.support.TestPropertyProvider;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import tools.jackson.databind.json.JsonMapper;

@MicronautTest(transactional = false)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class TriageDecidedListenerTest implements TestPropertyProvider {

  private static final JsonMapper JSON = JsonMapper.builder().build();

  @Inject PacketRepository packets;
  @Inject PacketReader reader;

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
  void decisionIsStoredAsPacketAndAnnouncedOnTheEducationTopic() {
    UUID intake = UUID.randomUUID();
    TriageDecided decision = Decisions.herniatedDisc(intake, "en");

    publish(decision);

    ConsumerRecord<String, String> record = awaitAssigned(intake, decision);
    assertThat(record.key()).isEqualTo(intake.toString());
    assertThat(Schemas.violations(EventType.EDUCATION_ASSIGNED, record.value())).isEmpty();
    EducationAssigned assigned = JSON.readValue(record.value(), EducationAssigned.class);
    assertThat(header(record, CloudEventHeaders.ID)).isEqualTo(assigned.packetId().toString());
    assertThat(header(record, CloudEventHeaders.TYPE)).isEqualTo("clinic.education.assigned.v1");
    assertThat(header(record, CloudEventHeaders.SOURCE)).isEqualTo("/content-service");
    assertThat(header(record, CloudEventHeaders.SPECVERSION)).isEqualTo("1.0");
    assertThat(header(record, CloudEventHeaders.TIME)).isEqualTo(assigned.assignedAt().toString());
    assertThat(header(record, CloudEventHeaders.SUBJECT)).isEqualTo(intake.toString());
    assertThat(header(record, CloudEventHeaders.CONTENT_TYPE)).isEqualTo("application/json");
    // Marked sent once the broker has acknowledged it, so the relay does not send it again.
    await()
        .atMost(Duration.ofSeconds(10))
        .until(
            () ->
                TestInfrastructure.queryLong(
                    "SELECT count(*) FROM outbox_message WHERE event_id = '%s' AND sent_at IS NOT NULL"
                        .formatted(assigned.packetId())),
            sent -> sent == 1);

    Packet packet = packets.findById(assigned.packetId()).orElseThrow();
    assertThat(packet.intakeId()).isEqualTo(intake);
    assertThat(packet.decisionId()).isEqualTo(decision.decisionId());
    assertThat(packet.version()).isEqualTo(1);
    assertThat(packet.language()).isEqualTo("en");
    assertThat(assigned.packetVersion()).isEqualTo(1);
    assertThat(assigned.language()).isEqualTo("en");
    assertThat(assigned.packetUrl())
        .isEqualTo("https://clinic.test/education/" + packet.accessToken());
    assertThat(assigned.itemSlugs())
        .containsExactly(
            "sciatica",
            "herniated-disc",
            "physical-therapy",
            "looking-after-your-back-and-knees",
            "seek-help-now");
  }

  @Test
  void spanishDecisionWithRedFlagGetsSpanishItemsAndSeekHelpNowFirst() {
    UUID intake = UUID.randomUUID();
    TriageDecided decision =
        Decisions.decision(
            intake,
            1,
            "es",
            Route.SURGICAL_CONSULT,
            List.of(Cause.HERNIATED_DISC),
            List.of(Decisions.caudaEquina()));

    publish(decision);

    EducationAssigned assigned =
        JSON.readValue(awaitAssigned(intake, decision).value(), EducationAssigned.class);
    assertThat(assigned.language()).isEqualTo("es");
    assertThat(assigned.itemSlugs()).first().isEqualTo("seek-help-now");
    AssignedPacket packet = reader.byId(assigned.packetId()).orElseThrow();
    assertThat(packet.items())
        .extracting(item -> item.slug() + ":" + item.locale())
        .startsWith("seek-help-now:es")
        .contains("sciatica:es", "herniated-disc:en");
    assertThat(packet.items().getFirst().title()).isEqualTo("Busque ayuda ya: señales de alarma");
  }

  @Test
  void redeliveredDecisionProducesOnePacket() {
    UUID intake = UUID.randomUUID();
    TriageDecided first = Decisions.herniatedDisc(intake, "en");
    publish(first);
    awaitAssigned(intake, first);

    publish(first);
    // A re-triage of the same intake, on the same partition, so it is handled after the redelivery.
    TriageDecided retriage =
        Decisions.decision(
            intake, 2, "en", Route.PHYSICAL_THERAPY, List.of(Cause.SPINAL_STENOSIS), List.of());
    publish(retriage);
    awaitAssigned(intake, retriage);

    assertThat(packets.findByIntakeIdOrderByVersion(intake))
        .extracting(Packet::decisionId, Packet::version)
        .containsExactly(tuple(first.decisionId(), 1), tuple(retriage.decisionId(), 2));
    assertThat(kafka.records(Topics.EDUCATION, intake.toString()))
        .extracting(r -> JSON.readValue(r.value(), EducationAssigned.class))
        .extracting(EducationAssigned::decisionId, EducationAssigned::packetVersion)
        .containsExactly(tuple(first.decisionId(), 1), tuple(retriage.decisionId(), 2));
  }

  @Test
  void malformedRecordsGoToTheDeadLetterTopicAndTheNextRecordIsStillProcessed() {
    UUID intake = UUID.randomUUID();
    TriageDecided good = Decisions.herniatedDisc(intake, "en");
    Map<String, String> headers = Decisions.headers(good);
    Map<String, String> withoutId = new HashMap<>(headers);
    withoutId.remove(CloudEventHeaders.ID);

    kafka.send(Topics.TRIAGE, intake.toString(), "{\"intakeId\": \"not json", headers);
    kafka.send(Topics.TRIAGE, intake.toString(), Decisions.json(good), withoutId);
    publish(good);

    awaitAssigned(intake, good);
    await()
        .atMost(Duration.ofSeconds(30))
        .untilAsserted(
            () ->
                assertThat(kafka.records(Topics.deadLetter(Topics.TRIAGE), intake.toString()))
                    .hasSize(2)
                    .allSatisfy(
                        letter -> {
                          assertThat(header(letter, TriageDecidedListener.EXCEPTION_HEADER))
                              .contains(MalformedEventException.class.getName());
                          assertThat(header(letter, TriageDecidedListener.ORIGINAL_TOPIC_HEADER))
                              .isEqualTo(Topics.TRIAGE);
                        })
                    .extracting(ConsumerRecord::value)
                    .containsExactly("{\"intakeId\": \"not json", Decisions.json(good)));
    assertThat(packets.findByIntakeIdOrderByVersion(intake)).hasSize(1);
  }

  @Test
  void recordThatKeepsFailingIsRetriedThreeTimesThenDeadLetteredAndTheConsumerMovesOn() {
    UUID intake = UUID.randomUUID();
    TriageDecided failing = Decisions.herniatedDisc(intake, "en");
    TriageDecided next =
        Decisions.decision(
            intake, 2, "en", Route.PHYSICAL_THERAPY, List.of(Cause.MENISCUS_TEAR), List.of());
    String name = "fail_" + intake.toString().replace('-', '_');

    // A real database error for this decision's packet only. A sequence is not transactional, so
    // it counts every attempt although each one is rolled back.
    TestInfrastructure.execute("CREATE SEQUENCE " + name);
    TestInfrastructure.execute(
        """
        CREATE FUNCTION %1$s() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN
          IF EXISTS (SELECT 1 FROM packet WHERE id = NEW.packet_id AND decision_id = '%2$s') THEN
            PERFORM nextval('%1$s');
            RAISE EXCEPTION 'packet store unavailable (test)';
          END IF;
          RETURN NEW;
        END $$
        """
            .formatted(name, failing.decisionId()));
    TestInfrastructure.execute(
        "CREATE TRIGGER %1$s BEFORE INSERT ON packet_item FOR EACH ROW EXECUTE FUNCTION %1$s()"
            .formatted(name));
    try {
      publish(failing);
      ConsumerRecord<String, String> letter =
          kafka.awaitRecord(Topics.deadLetter(Topics.TRIAGE), intake.toString(), r -> true);

      assertThat(header(letter, CloudEventHeaders.ID)).isEqualTo(failing.decisionId().toString());
      assertThat(header(letter, TriageDecidedListener.EXCEPTION_HEADER))
          .contains("packet store unavailable (test)");
      assertThat(TestInfrastructure.queryLong("SELECT last_value FROM " + name))
          .as("attempts: the first and three retries")
          .isEqualTo(4);
    } finally {
      TestInfrastructure.execute("DROP TRIGGER %1$s ON packet_item".formatted(name));
      TestInfrastructure.execute("DROP FUNCTION %1$s()".formatted(name));
      TestInfrastructure.execute("DROP SEQUENCE " + name);
    }
    publish(next);

    awaitAssigned(intake, next);
    // Nothing of the failed attempts was kept: the next decision is this intake's first packet.
    assertThat(packets.findByIntakeIdOrderByVersion(intake))
        .extracting(Packet::decisionId, Packet::version)
        .containsExactly(tuple(next.decisionId(), 1));
  }

  private void publish(TriageDecided decision) {
    kafka.send(
        Topics.TRIAGE,
        decision.intakeId().toString(),
        Decisions.json(decision),
        Decisions.headers(decision));
  }

  private ConsumerRecord<String, String> awaitAssigned(UUID intake, TriageDecided decision) {
    return kafka.awaitRecord(
        Topics.EDUCATION,
        intake.toString(),
        r ->
            JSON.readValue(r.value(), EducationAssigned.class)
                .decisionId()
                .equals(decision.decisionId()));
  }
}
