package clinic.content.packet;

import static clinic.content.testing.KafkaTestClient.header;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.groups.Tuple.tuple;
import static org.awaitility.Awaitility.await;

import clinic.content.library.EducationItem;
import clinic.content.testing.Decisions;
import clinic.content.testing.KafkaTestClient;
import clinic.content.testing.Schemas;
import clinic.content.testing.TestInfrastructure;
import clinic.events.Cause;
import clinic.events.CloudEventHeaders;
import clinic.events.EducationAssigned;
import clinic.events.EventType;
import clinic.events.InvalidEventException;
import clinic.events.Route;
import clinic.events.Topics;
import clinic.events.TriageDecided;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import io.micronaut.test.support.TestPropertyProvider;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.function.Function;
import java.util.function.UnaryOperator;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
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
    assertThat(assigned.packetUrl()).startsWith("https://clinic.test/education/");
    // The link carries the packet's token; the packet keeps only its hash.
    assertThat(
            Packet.hash(assigned.packetUrl().substring("https://clinic.test/education/".length())))
        .isEqualTo(packet.tokenHash());
    assertThat(assigned.itemSlugs())
        .containsExactly(
            "sciatica",
            "herniated-disc",
            "orthotics-and-biomechanics",
            "physical-therapy",
            "treatment-comparison",
            "prevention",
            "faq-how-long",
            "faq-prevention",
            "faq-sciatica-symptoms",
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
        .contains("sciatica:es", "herniated-disc:es", "surgical-consult:es");
    assertThat(packet.items().getFirst().title()).isEqualTo("Busque ayuda de inmediato");
    assertThat(packet.packet().redFlag()).isTrue();
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
                              .contains(InvalidEventException.class.getName());
                          assertThat(header(letter, TriageDecidedListener.ORIGINAL_TOPIC_HEADER))
                              .isEqualTo(Topics.TRIAGE);
                        })
                    .extracting(ConsumerRecord::value)
                    .containsExactly("{\"intakeId\": \"not json", Decisions.json(good)));
    assertThat(packets.findByIntakeIdOrderByVersion(intake)).hasSize(1);
  }

  static Stream<Arguments> untrustedDecisions() {
    return Stream.of(
        Arguments.of(
            "a type that does not belong on clinic.triage",
            (UnaryOperator<Map<String, String>>)
                h -> with(h, CloudEventHeaders.TYPE, EventType.INTAKE_WITHDRAWN.type()),
            (UnaryOperator<String>) json -> json,
            "Unexpected event type on clinic.triage"),
        Arguments.of(
            "a source that does not own clinic.triage",
            (UnaryOperator<Map<String, String>>)
                h -> with(h, CloudEventHeaders.SOURCE, "/intake-service"),
            (UnaryOperator<String>) json -> json,
            "does not own clinic.triage"),
        Arguments.of(
            "a value that breaks the TriageDecided schema",
            (UnaryOperator<Map<String, String>>) h -> h,
            (UnaryOperator<String>) json -> json.replace("\"PHYSICAL_THERAPY\"", "\"ACUPUNCTURE\""),
            "TriageDecided schema"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("untrustedDecisions")
  void anUntrustedDecisionIsDeadLetteredUnretriedAndMakesNoPacket(
      String what,
      UnaryOperator<Map<String, String>> headers,
      UnaryOperator<String> value,
      String reason) {
    UUID intake = UUID.randomUUID();
    TriageDecided decision = Decisions.herniatedDisc(intake, "en");
    String sent = value.apply(Decisions.json(decision));

    kafka.send(Topics.TRIAGE, intake.toString(), sent, headers.apply(Decisions.headers(decision)));

    ConsumerRecord<String, String> letter =
        kafka.awaitRecord(Topics.deadLetter(Topics.TRIAGE), intake.toString(), r -> true);
    assertThat(header(letter, TriageDecidedListener.EXCEPTION_HEADER))
        .contains(InvalidEventException.class.getName(), reason);
    assertThat(header(letter, TriageDecidedListener.ORIGINAL_TOPIC_HEADER))
        .isEqualTo(Topics.TRIAGE);
    assertThat(header(letter, CloudEventHeaders.ID)).isEqualTo(decision.decisionId().toString());
    assertThat(letter.value()).isEqualTo(sent);
    assertThat(packets.findByIntakeIdOrderByVersion(intake)).isEmpty();
    assertThat(
            TestInfrastructure.queryLong(
                "SELECT count(*) FROM processed_event WHERE event_id = '%s'"
                    .formatted(decision.decisionId())))
        .isZero();
  }

  private static Map<String, String> with(Map<String, String> headers, String name, String value) {
    Map<String, String> changed = new HashMap<>(headers);
    changed.put(name, value);
    return changed;
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

  /** The items that explain each cause and each route, by slug (the same in every language). */
  private static final Map<Cause, List<String>> CAUSE_ITEMS =
      Map.of(
          Cause.HERNIATED_DISC, List.of("sciatica", "herniated-disc", "faq-sciatica-symptoms"),
          Cause.SPINAL_STENOSIS, List.of("sciatica", "spinal-stenosis", "faq-sciatica-symptoms"),
          Cause.PIRIFORMIS_SYNDROME,
              List.of("sciatica", "piriformis-syndrome", "faq-sciatica-symptoms"),
          Cause.OSTEOARTHRITIS, List.of("knee-pain", "osteoarthritis"),
          Cause.MENISCUS_TEAR, List.of("knee-pain", "meniscus-tear"),
          Cause.LIGAMENT_SPRAIN, List.of("knee-pain", "ligament-sprain"),
          Cause.REFERRED_KNEE_PAIN,
              List.of(
                  "sciatica-and-knee-pain",
                  "knee-pain-from-the-back",
                  "faq-knee-pain-and-sciatica"),
          Cause.BIOMECHANICAL, List.of("sciatica-and-knee-pain", "orthotics-and-biomechanics"));

  private static final Map<Route, String> ROUTE_ITEM =
      Map.of(
          Route.PHYSICAL_THERAPY, "physical-therapy",
          Route.MEDICATION_REVIEW, "medication-review",
          Route.SURGICAL_CONSULT, "surgical-consult");

  /** Every patient gets these, whatever the cause and route. */
  private static final List<String> GENERAL_ITEMS =
      List.of("prevention", "faq-how-long", "faq-prevention", "seek-help-now");

  record Case(Cause cause, Route route, String language) {
    @Override
    public String toString() {
      return cause + " + " + route + " in " + language;
    }
  }

  static Stream<Case> everyCauseEveryRouteBothLanguages() {
    return Arrays.stream(Cause.values())
        .flatMap(cause -> Arrays.stream(Route.values()).map(route -> Map.entry(cause, route)))
        .flatMap(
            pair ->
                Stream.of("en", "es").map(lang -> new Case(pair.getKey(), pair.getValue(), lang)));
  }

  private Map<Case, EducationAssigned> matrix;

  /**
   * The decisions of the matrix, all published on first use so that the broker and the consumer
   * work through them together, and the EducationAssigned that came back for each.
   */
  private synchronized Map<Case, EducationAssigned> matrix() {
    if (matrix == null) {
      Map<Case, TriageDecided> decisions = new HashMap<>();
      everyCauseEveryRouteBothLanguages()
          .forEach(
              c ->
                  decisions.put(
                      c,
                      Decisions.decision(
                          UUID.randomUUID(),
                          1,
                          c.language(),
                          c.route(),
                          List.of(c.cause()),
                          List.of())));
      decisions.values().forEach(this::publish);
      Set<String> intakes =
          decisions.values().stream()
              .map(decision -> decision.intakeId().toString())
              .collect(Collectors.toSet());
      Map<UUID, EducationAssigned> byDecision =
          await()
              .atMost(Duration.ofSeconds(60))
              .pollInterval(Duration.ofMillis(200))
              .until(
                  () ->
                      kafka.records(Topics.EDUCATION, intakes).stream()
                          .map(r -> JSON.readValue(r.value(), EducationAssigned.class))
                          .collect(
                              Collectors.toMap(
                                  EducationAssigned::decisionId, Function.identity(), (a, b) -> a)),
                  assigned -> assigned.size() == decisions.size());
      matrix = new HashMap<>();
      decisions.forEach((c, decision) -> matrix.put(c, byDecision.get(decision.decisionId())));
    }
    return matrix;
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("everyCauseEveryRouteBothLanguages")
  void decisionGetsThePacketForItsCauseAndRouteInThePreferredLanguage(Case c) {
    EducationAssigned assigned = matrix().get(c);

    assertThat(assigned.language()).isEqualTo(c.language());
    assertThat(assigned.itemSlugs())
        .containsAll(CAUSE_ITEMS.get(c.cause()))
        .contains(ROUTE_ITEM.get(c.route()), "treatment-comparison")
        .containsAll(GENERAL_ITEMS)
        .doesNotHaveDuplicates()
        .endsWith("seek-help-now");
    // Nothing about the other causes, nor the pages of the routes the patient is not on.
    List<String> otherCauses =
        CAUSE_ITEMS.entrySet().stream()
            .filter(entry -> entry.getKey() != c.cause())
            .flatMap(entry -> entry.getValue().stream())
            .filter(slug -> !CAUSE_ITEMS.get(c.cause()).contains(slug))
            .filter(slug -> !slug.equals("orthotics-and-biomechanics"))
            .toList();
    assertThat(assigned.itemSlugs()).doesNotContainAnyElementsOf(otherCauses);
    assertThat(assigned.itemSlugs())
        .doesNotContainAnyElementsOf(
            ROUTE_ITEM.entrySet().stream()
                .filter(entry -> entry.getKey() != c.route())
                .map(Map.Entry::getValue)
                .toList());
    AssignedPacket packet = reader.byId(assigned.packetId()).orElseThrow();
    assertThat(packet.packet().language()).isEqualTo(c.language());
    assertThat(packet.items())
        .extracting(EducationItem::slug)
        .containsExactlyElementsOf(assigned.itemSlugs());
    assertThat(packet.items())
        .allSatisfy(item -> assertThat(item.locale()).isEqualTo(c.language()));
  }

  @Test
  void secondaryRoutesAddTheirItems() {
    UUID intake = UUID.randomUUID();
    TriageDecided decision =
        Decisions.decision(
            intake,
            1,
            "es",
            Route.SURGICAL_CONSULT,
            List.of(Route.PHYSICAL_THERAPY, Route.MEDICATION_REVIEW),
            List.of(Cause.SPINAL_STENOSIS),
            List.of());

    publish(decision);

    EducationAssigned assigned =
        JSON.readValue(awaitAssigned(intake, decision).value(), EducationAssigned.class);
    assertThat(assigned.itemSlugs())
        .contains("surgical-consult", "physical-therapy", "medication-review", "spinal-stenosis");
  }

  @Test
  void languageWithoutTranslationFallsBackToEnglishAndARegionalSpanishGetsSpanish() {
    UUID french = UUID.randomUUID();
    UUID mexican = UUID.randomUUID();
    TriageDecided inFrench =
        Decisions.decision(
            french, 1, "fr", Route.PHYSICAL_THERAPY, List.of(Cause.OSTEOARTHRITIS), List.of());
    TriageDecided inMexicanSpanish =
        Decisions.decision(
            mexican, 1, "es-MX", Route.PHYSICAL_THERAPY, List.of(Cause.OSTEOARTHRITIS), List.of());

    publish(inFrench);
    publish(inMexicanSpanish);

    EducationAssigned english =
        JSON.readValue(awaitAssigned(french, inFrench).value(), EducationAssigned.class);
    EducationAssigned spanish =
        JSON.readValue(awaitAssigned(mexican, inMexicanSpanish).value(), EducationAssigned.class);
    assertThat(english.language()).isEqualTo("en");
    assertThat(reader.byId(english.packetId()).orElseThrow().items())
        .allSatisfy(item -> assertThat(item.locale()).isEqualTo("en"));
    assertThat(spanish.language()).isEqualTo("es");
    assertThat(reader.byId(spanish.packetId()).orElseThrow().items())
        .allSatisfy(item -> assertThat(item.locale()).isEqualTo("es"));
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
