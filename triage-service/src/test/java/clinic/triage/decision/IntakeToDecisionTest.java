package clinic.triage.decision;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;
import static org.awaitility.Awaitility.await;

import clinic.events.Cause;
import clinic.events.CloudEventHeaders;
import clinic.events.EventType;
import clinic.events.IntakeSubmitted;
import clinic.events.Route;
import clinic.events.Topics;
import clinic.events.TriageDecided;
import clinic.events.TriageDecided.Strength;
import clinic.events.TriageDecided.SuspectedCause;
import clinic.events.Urgency;
import clinic.security.testing.TestIssuer;
import clinic.triage.Intakes;
import clinic.triage.TriageServiceTest;
import clinic.triage.rules.Ruleset;
import com.networknt.schema.InputFormat;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.kafka.support.KafkaHeaders;
import org.springframework.kafka.test.EmbeddedKafkaBroker;
import org.springframework.kafka.test.utils.KafkaTestUtils;
import org.springframework.modulith.events.IncompleteEventPublications;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

/**
 * The whole path on a real broker and a real PostgreSQL: an intake on {@code clinic.intake} becomes
 * a stored decision, a {@code TriageDecided} on {@code clinic.triage} and an HTTP resource.
 */
@TriageServiceTest
class IntakeToDecisionTest {

  private static final Duration WAIT = Duration.ofSeconds(30);
  private static final TypeReference<List<Map<String, Object>>> LIST = new TypeReference<>() {};

  @Autowired EmbeddedKafkaBroker broker;
  @Autowired JdbcClient jdbc;
  @Autowired JsonMapper json;
  @Autowired IncompleteEventPublications incompletePublications;
  @LocalServerPort int port;

  static KafkaProducer<String, byte[]> producer;
  final HttpClient http = HttpClient.newHttpClient();

  @BeforeAll
  static void producer(@Autowired EmbeddedKafkaBroker broker) {
    Map<String, Object> props = new HashMap<>(KafkaTestUtils.producerProps(broker));
    producer = new KafkaProducer<>(props, new StringSerializer(), new ByteArraySerializer());
  }

  @AfterAll
  static void closeProducer() {
    producer.close();
  }

  @Test
  void validIntakeIsPublishedAsTriageDecidedAndServedOverHttp() throws Exception {
    IntakeSubmitted intake = intake(Intakes.sciatica(), 41);
    try (TopicReader triage = new TopicReader(Topics.TRIAGE)) {
      send(intake, 0);

      ConsumerRecord<String, String> record = triage.awaitOne(intake.intakeId().toString());

      assertThat(record.key()).isEqualTo(intake.intakeId().toString());
      assertThat(schemaErrors(EventType.TRIAGE_DECIDED, record.value())).isEmpty();
      TriageDecided decided = json.readValue(record.value(), TriageDecided.class);
      assertThat(decided.intakeId()).isEqualTo(intake.intakeId());
      assertThat(decided.decisionVersion()).isEqualTo(1);
      // Decided by the triage-rules module's ruleset, loaded from the class path by default.
      assertThat(decided.rulesetVersion()).isEqualTo(Ruleset.loadDefault().version());
      // Vignette "sciatica partly helped by physical therapy stays conservative".
      assertThat(decided.route()).isEqualTo(Route.PHYSICAL_THERAPY);
      assertThat(decided.urgency()).isEqualTo(Urgency.SOON);
      assertThat(decided.secondaryRoutes()).containsExactly(Route.MEDICATION_REVIEW);
      assertThat(decided.causes())
          .extracting(SuspectedCause::cause, SuspectedCause::strength)
          .containsExactly(tuple(Cause.HERNIATED_DISC, Strength.LIKELY));
      assertThat(decided.redFlags()).isEmpty();
      assertThat(decided.needsClinicianReview()).isFalse();
      assertThat(decided.explanation())
          .startsWith("SOON: physical therapy, also medication review.")
          .contains("[disc-nerve-root-pain]");
      assertThat(decided.preferredLanguage()).isEqualTo("es");
      assertThat(headers(record))
          .containsEntry(CloudEventHeaders.ID, decided.decisionId().toString())
          .containsEntry(CloudEventHeaders.TYPE, EventType.TRIAGE_DECIDED.type())
          .containsEntry(CloudEventHeaders.SOURCE, "/triage-service")
          .containsEntry(CloudEventHeaders.SPECVERSION, "1.0")
          .containsEntry(CloudEventHeaders.TIME, decided.decidedAt().toString())
          .containsEntry(CloudEventHeaders.SUBJECT, intake.intakeId().toString())
          .containsEntry(CloudEventHeaders.CONTENT_TYPE, "application/json")
          .doesNotContainKey("spring_json_header_types");

      HttpResponse<String> response = get("/api/decisions/" + intake.intakeId());
      assertThat(response.statusCode()).isEqualTo(200);
      Map<String, Object> served = json.readValue(response.body(), new TypeReference<>() {});
      Map<String, Object> published = json.readValue(record.value(), new TypeReference<>() {});
      assertThat(served).containsAllEntriesOf(published);
      // Why: the rules that fired, each with its sentence and its sources, in ruleset order ...
      List<Map<String, Object>> fired = json.convertValue(served.get("firedRules"), LIST);
      assertThat(fired)
          .extracting(rule -> rule.get("id"))
          .containsExactly(
              "disc-nerve-root-pain",
              "disc-sciatic-symptoms",
              "medication-pain-uncontrolled",
              "severe-pain-sooner");
      assertThat(fired.getFirst())
          .containsEntry("sources", List.of("clinic-document", "nice-ng59"))
          .extractingByKey("explanation")
          .asString()
          .startsWith("Likely herniated disc: pain spreading from the back to below the knee");
      assertThat(served)
          .containsEntry("undecidedRules", List.of())
          .containsEntry("missingAnswers", List.of())
          .containsEntry("ageYears", 41)
          .containsEntry("amendment", 0);
      // ... the answers those rules read (and nothing they did not) ...
      assertThat(served.get("answersUsed"))
          .isEqualTo(
              Map.of(
                  "painRadiatesDownLeg",
                  true,
                  "radiatesHowFar",
                  "BELOW_KNEE",
                  "legNumbnessOrTingling",
                  true,
                  "legWeakness",
                  false,
                  "worseWith",
                  List.of("MOVEMENT"),
                  "betterWith",
                  List.of("LYING_DOWN"),
                  "painNow",
                  7,
                  "dailyActivitiesAffected",
                  "A_LITTLE",
                  "painMedicinesHelped",
                  "PARTLY"));
      // ... and everything it was decided from.
      assertThat(served.get("answers")).isEqualTo(intake.answers());

      // The outbox marks the publication complete once the broker has acknowledged it.
      await().atMost(WAIT).until(() -> completedPublications(decided.decisionId().toString()) == 1);
    }
  }

  @Test
  void intakeMissingARequiredAnswerIsMarkedForReviewNamingTheAnswer() throws Exception {
    // Vignette "missing bladder answer is reviewed, not routine".
    Map<String, Object> answers = Intakes.back();
    answers.remove("bladderOrBowelChange");
    IntakeSubmitted intake = intake(answers, 45);
    try (TopicReader triage = new TopicReader(Topics.TRIAGE)) {
      send(intake, 0);

      TriageDecided decided =
          json.readValue(
              triage.awaitOne(intake.intakeId().toString()).value(), TriageDecided.class);

      assertThat(decided.needsClinicianReview()).isTrue();
      assertThat(decided.missingAnswers()).containsExactly("bladderOrBowelChange");
      // Nobody may assume a red flag is absent: never routine.
      assertThat(decided.urgency()).isEqualTo(Urgency.URGENT);
      Map<String, Object> served =
          json.readValue(
              get("/api/decisions/" + intake.intakeId()).body(), new TypeReference<>() {});
      assertThat(served)
          .containsEntry("needsClinicianReview", true)
          .containsEntry("missingAnswers", List.of("bladderOrBowelChange"))
          .containsEntry("undecidedRules", List.of("cauda-equina-bladder-bowel"));
    }
  }

  @Test
  void incompletePublicationIsSentAgainWithTheSameEventId() throws Exception {
    IntakeSubmitted intake = intake(Intakes.back(), 30);
    try (TopicReader triage = new TopicReader(Topics.TRIAGE)) {
      send(intake, 0);
      ConsumerRecord<String, String> first = triage.awaitOne(intake.intakeId().toString());
      String eventId = headers(first).get(CloudEventHeaders.ID);
      await().atMost(WAIT).until(() -> completedPublications(eventId) == 1);

      // As if the service had stopped after the commit but before the broker's ack.
      jdbc.sql("update event_publication set completion_date = null where serialized_event like ?")
          .param("%" + eventId + "%")
          .update();
      // The same call a restart makes (republish-outstanding-events-on-restart).
      incompletePublications.resubmitIncompletePublications(
          publication ->
              publication.getEvent() instanceof TriageDecided decided
                  && decided.intakeId().equals(intake.intakeId()));

      await()
          .atMost(WAIT)
          .until(
              () -> {
                triage.pollFor(Duration.ofMillis(200));
                return triage.withKey(intake.intakeId().toString()).size() == 2;
              });
      ConsumerRecord<String, String> again = triage.withKey(intake.intakeId().toString()).get(1);
      assertThat(headers(again).get(CloudEventHeaders.ID)).isEqualTo(eventId);
      assertThat(again.value()).isEqualTo(first.value());
      await().atMost(WAIT).until(() -> completedPublications(eventId) == 1);
    }
  }

  @Test
  void redeliveredIntakeProducesOneDecision() throws Exception {
    IntakeSubmitted intake = intake(Intakes.knee(), 30);
    IntakeSubmitted marker = intake(Intakes.back(), 30);
    try (TopicReader triage = new TopicReader(Topics.TRIAGE)) {
      // One partition, so the marker is consumed only after both copies.
      send(intake, 1);
      send(intake, 1);
      send(marker, 1);

      triage.awaitOne(marker.intakeId().toString());
      triage.awaitOne(intake.intakeId().toString());
      triage.pollFor(Duration.ofSeconds(2));

      assertThat(triage.withKey(intake.intakeId().toString())).hasSize(1);
      assertThat(decisionsFor(intake.intakeId())).isEqualTo(1);
      assertThat(
              jdbc.sql("select count(*) from processed_event where event_id = ?")
                  .param(intake.intakeId())
                  .query(Integer.class)
                  .single())
          .isEqualTo(1);
    }
  }

  @Test
  void malformedIntakeGoesToDeadLetterAndConsumerContinues() throws Exception {
    String poisonKey = UUID.randomUUID().toString();
    IntakeSubmitted following = intake(Intakes.back(), 60);
    try (TopicReader deadLetters = new TopicReader(Topics.deadLetter(Topics.INTAKE))) {
      var garbage =
          new ProducerRecord<>(
              Topics.INTAKE,
              2,
              poisonKey,
              new byte[] {(byte) 0xC3, 0x28, 0x00, (byte) 0xFF, '{', '"', 'x'});
      garbage.headers().add(CloudEventHeaders.ID, bytes(UUID.randomUUID().toString()));
      garbage.headers().add(CloudEventHeaders.TYPE, bytes(EventType.INTAKE_SUBMITTED.type()));
      producer.send(garbage).get();
      send(following, 2);

      ConsumerRecord<String, String> dead = deadLetters.awaitOne(poisonKey);
      assertThat(headers(dead).get(KafkaHeaders.DLT_EXCEPTION_CAUSE_FQCN))
          .isEqualTo("clinic.events.InvalidEventException");
      assertThat(headers(dead).get(KafkaHeaders.DLT_ORIGINAL_TOPIC)).isEqualTo(Topics.INTAKE);
      // Retrying would take at least the back-off (0.5 + 1 + 2 s) before the dead letter.
      long original =
          ByteBuffer.wrap(dead.headers().lastHeader(KafkaHeaders.DLT_ORIGINAL_TIMESTAMP).value())
              .getLong();
      assertThat(dead.timestamp() - original).isLessThan(3_500);
      await().atMost(WAIT).until(() -> decisionsFor(following.intakeId()) == 1);
    }
  }

  @Test
  void intakeWithoutCloudEventsHeadersGoesToDeadLetter() throws Exception {
    IntakeSubmitted intake = intake(Intakes.back(), 60);
    try (TopicReader deadLetters = new TopicReader(Topics.deadLetter(Topics.INTAKE))) {
      producer
          .send(
              new ProducerRecord<>(
                  Topics.INTAKE,
                  intake.intakeId().toString(),
                  bytes(json.writeValueAsString(intake))))
          .get();

      ConsumerRecord<String, String> dead = deadLetters.awaitOne(intake.intakeId().toString());
      assertThat(headers(dead).get(KafkaHeaders.DLT_EXCEPTION_MESSAGE)).contains("ce_type");
      assertThat(decisionsFor(intake.intakeId())).isZero();
    }
  }

  @Test
  void intakeThatBreaksTheSchemaGoesToDeadLetter() throws Exception {
    IntakeSubmitted intake = intake(Intakes.back(), 60);
    Map<String, Object> body =
        json.readValue(json.writeValueAsString(intake), new TypeReference<>() {});
    body.put("patientName", "Ada Lovelace");
    try (TopicReader deadLetters = new TopicReader(Topics.deadLetter(Topics.INTAKE))) {
      var record =
          new ProducerRecord<>(
              Topics.INTAKE, intake.intakeId().toString(), bytes(json.writeValueAsString(body)));
      CloudEventHeaders.of(intake, "/intake-service")
          .forEach((name, value) -> record.headers().add(name, bytes(value)));
      producer.send(record).get();

      ConsumerRecord<String, String> dead = deadLetters.awaitOne(intake.intakeId().toString());
      assertThat(headers(dead).get(KafkaHeaders.DLT_EXCEPTION_MESSAGE))
          .contains("additionalProperties patientName")
          .doesNotContain("Ada");
      assertThat(decisionsFor(intake.intakeId())).isZero();
    }
  }

  @Test
  void unknownIntakeIsNotFoundAsProblemDetails() throws Exception {
    UUID unknown = UUID.randomUUID();

    HttpResponse<String> response = get("/api/decisions/" + unknown);

    assertThat(response.statusCode()).isEqualTo(404);
    assertThat(response.headers().firstValue("Content-Type")).hasValue("application/problem+json");
    Map<String, Object> problem = json.readValue(response.body(), new TypeReference<>() {});
    assertThat(problem)
        .containsEntry("status", 404)
        .containsEntry("intakeId", unknown.toString())
        .containsKeys("title", "detail");
  }

  @Test
  void malformedIntakeIdIsBadRequestNamingTheField() throws Exception {
    HttpResponse<String> response = get("/api/decisions/not-a-uuid");

    assertThat(response.statusCode()).isEqualTo(400);
    assertThat(response.headers().firstValue("Content-Type")).hasValue("application/problem+json");
    assertThat(response.body()).contains("intakeId");
  }

  @Test
  void healthProbesAreUp() throws Exception {
    for (String path :
        List.of("/actuator/health", "/actuator/health/readiness", "/actuator/health/liveness")) {
      HttpResponse<String> response = get(path);
      assertThat(response.statusCode()).as(path).isEqualTo(200);
      assertThat(response.body()).as(path).contains("\"UP\"");
    }
  }

  private static IntakeSubmitted intake(Map<String, Object> answers, int age) {
    return new IntakeSubmitted(
        UUID.randomUUID(), "1", age, "es", answers, Instant.now().truncatedTo(ChronoUnit.MILLIS));
  }

  private void send(IntakeSubmitted intake, int partition) throws Exception {
    var record =
        new ProducerRecord<>(
            Topics.INTAKE,
            partition,
            intake.intakeId().toString(),
            bytes(json.writeValueAsString(intake)));
    CloudEventHeaders.of(intake, "/intake-service")
        .forEach((name, value) -> record.headers().add(name, bytes(value)));
    producer.send(record).get();
  }

  private int completedPublications(String eventId) {
    return jdbc.sql(
            """
            select count(*) from event_publication
            where serialized_event like ? and completion_date is not null
            """)
        .param("%" + eventId + "%")
        .query(Integer.class)
        .single();
  }

  private int decisionsFor(UUID intakeId) {
    return jdbc.sql("select count(*) from decision where intake_id = ?")
        .param(intakeId)
        .query(Integer.class)
        .single();
  }

  private HttpResponse<String> get(String path) throws IOException, InterruptedException {
    return http.send(
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
            .header("Authorization", TestIssuer.bearer(TestIssuer.shared().tokenFor("CLINICIAN")))
            .GET()
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }

  private static byte[] bytes(String value) {
    return value.getBytes(StandardCharsets.UTF_8);
  }

  private static Map<String, String> headers(ConsumerRecord<?, ?> record) {
    Map<String, String> headers = new HashMap<>();
    for (Header header : record.headers()) {
      headers.put(header.key(), new String(header.value(), StandardCharsets.UTF_8));
    }
    return headers;
  }

  private static List<com.networknt.schema.Error> schemaErrors(EventType<?> type, String body)
      throws IOException {
    try (InputStream in = EventType.class.getResourceAsStream(type.schema())) {
      return SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_2020_12)
          .getSchema(in)
          .validate(body, InputFormat.JSON);
    }
  }

  /** Reads a topic from its beginning, on all partitions, collecting every record it sees. */
  private final class TopicReader implements AutoCloseable {

    private final KafkaConsumer<String, String> consumer;
    private final List<ConsumerRecord<String, String>> seen = new ArrayList<>();

    TopicReader(String topic) {
      Map<String, Object> props =
          new HashMap<>(KafkaTestUtils.consumerProps(broker, "test-" + UUID.randomUUID(), false));
      props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
      consumer = new KafkaConsumer<>(props, new StringDeserializer(), new StringDeserializer());
      List<TopicPartition> partitions =
          consumer.partitionsFor(topic, WAIT).stream()
              .map(p -> new TopicPartition(topic, p.partition()))
              .toList();
      consumer.assign(partitions);
      consumer.seekToBeginning(partitions);
    }

    ConsumerRecord<String, String> awaitOne(String key) {
      await()
          .atMost(WAIT)
          .until(
              () -> {
                pollFor(Duration.ofMillis(200));
                return !withKey(key).isEmpty();
              });
      return withKey(key).getFirst();
    }

    void pollFor(Duration duration) {
      consumer.poll(duration).forEach(seen::add);
    }

    List<ConsumerRecord<String, String>> withKey(String key) {
      return seen.stream().filter(r -> key.equals(r.key())).toList();
    }

    @Override
    public void close() {
      consumer.close();
    }
  }
}
