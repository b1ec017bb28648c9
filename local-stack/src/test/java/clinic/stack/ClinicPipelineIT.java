package clinic.stack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import clinic.events.CloudEventHeaders;
import clinic.events.EventType;
import clinic.events.Topics;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The three packaged services together on a real broker and real PostgreSQL, behind the gateway and
 * with tokens from the demo identity provider, exactly as the launcher runs them: an intake goes
 * through triage to an education packet, a redelivered event changes nothing, and a poison message
 * is parked on the dead-letter topic without stopping the pipeline. The test JVM's one shared stack
 * ({@link SharedStack}) serves it.
 */
@ExtendWith(SharedStack.class)
class ClinicPipelineIT {

  private static final Duration PIPELINE = Duration.ofSeconds(30);
  private static final String TRIAGE_GROUP = "triage-service";
  private static final HttpClient HTTP =
      HttpClient.newBuilder()
          .version(HttpClient.Version.HTTP_1_1)
          .connectTimeout(Duration.ofSeconds(2))
          .build();
  private static final JsonMapper JSON = JsonMapper.builder().build();

  private static RunningStack stack;
  private static KafkaTestClient kafka;
  private static String frontDesk;
  private static String clinician;

  @BeforeAll
  static void startStack(RunningStack shared) throws Exception {
    stack = shared;
    kafka = new KafkaTestClient(stack.kafka().bootstrapServers());
    frontDesk = stack.token("demo-front-desk");
    clinician = stack.token("demo-clinician");
  }

  @Test
  void submittedIntakeReachesEducationAssigned() throws Exception {
    UUID intakeId = submitIntake();

    JsonNode intake = awaitStatus(intakeId, "EDUCATION_ASSIGNED");

    JsonNode decision =
        getJson(stack.uri(ClinicService.TRIAGE, "/api/decisions/" + intakeId), clinician);
    assertThat(decision.path("intakeId").asString()).isEqualTo(intakeId.toString());
    assertThat(decision.path("decisionVersion").asInt()).isEqualTo(1);
    assertThat(decision.path("route").asString())
        .isNotBlank()
        .isEqualTo(intake.at("/triage/route").asString());

    String packetId = intake.at("/education/packetId").asString();
    JsonNode packet =
        getJson(stack.uri(ClinicService.CONTENT, "/api/packets/" + packetId), clinician);
    assertThat(packet.path("id").asString()).isEqualTo(packetId);
    assertThat(packet.path("intakeId").asString()).isEqualTo(intakeId.toString());
    assertThat(packet.path("decisionId").asString())
        .isEqualTo(decision.path("decisionId").asString());
    assertThat(packet.path("items").isEmpty()).as("packet items").isFalse();

    // The patient's link goes through the gateway, and opens without signing in.
    URI packetUrl = URI.create(intake.at("/education/packetUrl").asString());
    assertThat(packetUrl.toString()).startsWith(stack.site("/education/").toString());
    HttpResponse<String> page = get(packetUrl, null);
    assertThat(page.statusCode()).isEqualTo(200);
    assertThat(page.headers().firstValue("Content-Type").orElse("")).startsWith("text/html");
    assertThat(page.body()).contains("<html");
  }

  @Test
  void redeliveredIntakeSubmittedYieldsOneDecision() throws Exception {
    UUID intakeId = submitIntake();
    awaitStatus(intakeId, "EDUCATION_ASSIGNED");
    List<ConsumerRecord<String, String>> published = recordsFor(Topics.INTAKE, intakeId);
    assertThat(published).hasSize(1);
    ConsumerRecord<String, String> original = published.getFirst();

    // The same record again, as a producer retry or a relay restart would deliver it.
    RecordMetadata redelivered =
        kafka.send(
            new ProducerRecord<>(
                Topics.INTAKE,
                original.partition(),
                original.key(),
                original.value(),
                original.headers()));

    TopicPartition partition = new TopicPartition(Topics.INTAKE, redelivered.partition());
    await("triage-service consumes the redelivered record")
        .atMost(PIPELINE)
        .pollInterval(Duration.ofMillis(250))
        .until(() -> kafka.committedOffset(TRIAGE_GROUP, partition) > redelivered.offset());
    // A second decision would reach the topic through the outbox a moment after its commit.
    await("still exactly one TriageDecided for the intake")
        .during(Duration.ofSeconds(3))
        .atMost(Duration.ofSeconds(10))
        .until(() -> recordsFor(Topics.TRIAGE, intakeId).size() == 1);
    JsonNode decision =
        getJson(stack.uri(ClinicService.TRIAGE, "/api/decisions/" + intakeId), clinician);
    assertThat(decision.path("decisionVersion").asInt()).isEqualTo(1);
    assertThat(recordsFor(Topics.deadLetter(Topics.INTAKE), intakeId))
        .as("a duplicate is no poison message")
        .isEmpty();
  }

  @Test
  void malformedEventGoesToDeadLetterAndPipelineContinues() throws Exception {
    UUID key = UUID.randomUUID();
    String garbage = "{\"intakeId\": \"" + key + "\", this is not JSON";
    ProducerRecord<String, String> poison =
        new ProducerRecord<>(Topics.INTAKE, key.toString(), garbage);
    Map.of(
            CloudEventHeaders.ID, UUID.randomUUID().toString(),
            CloudEventHeaders.TYPE, EventType.INTAKE_SUBMITTED.type(),
            CloudEventHeaders.SOURCE, "/intake-service",
            CloudEventHeaders.SPECVERSION, CloudEventHeaders.SPEC_VERSION,
            CloudEventHeaders.TIME, Instant.now().toString(),
            CloudEventHeaders.SUBJECT, key.toString(),
            CloudEventHeaders.CONTENT_TYPE, CloudEventHeaders.JSON)
        .forEach(
            (name, value) -> poison.headers().add(name, value.getBytes(StandardCharsets.UTF_8)));
    RecordMetadata sent = kafka.send(poison);

    List<ConsumerRecord<String, String>> dead =
        await("the malformed record on " + Topics.deadLetter(Topics.INTAKE))
            .atMost(PIPELINE)
            .pollInterval(Duration.ofMillis(250))
            .until(
                () -> recordsFor(Topics.deadLetter(Topics.INTAKE), key), list -> !list.isEmpty());
    assertThat(dead).singleElement().extracting(ConsumerRecord::value).isEqualTo(garbage);
    TopicPartition partition = new TopicPartition(Topics.INTAKE, sent.partition());
    await("triage-service moves past the malformed record")
        .atMost(PIPELINE)
        .until(() -> kafka.committedOffset(TRIAGE_GROUP, partition) > sent.offset());

    UUID next = submitIntake();
    awaitStatus(next, "EDUCATION_ASSIGNED");
  }

  private static UUID submitIntake() throws Exception {
    HttpRequest request =
        HttpRequest.newBuilder(stack.site("/api/intakes"))
            .timeout(Duration.ofSeconds(10))
            .header("Authorization", "Bearer " + frontDesk)
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(LocalStack.EXAMPLE_INTAKE))
            .build();
    HttpResponse<String> response = HTTP.send(request, HttpResponse.BodyHandlers.ofString());
    assertThat(response.statusCode()).as(response.body()).isEqualTo(201);
    JsonNode body = JSON.readTree(response.body());
    return UUID.fromString(body.path("intakeId").asString());
  }

  /** Polls {@code GET /api/intakes/{id}} until the intake has {@code status}; returns it. */
  private static JsonNode awaitStatus(UUID intakeId, String status) {
    URI uri = stack.site("/api/intakes/" + intakeId);
    return await("intake " + intakeId + " reaches " + status)
        .atMost(PIPELINE)
        .pollInterval(Duration.ofMillis(250))
        .until(
            () -> getJson(uri, frontDesk),
            intake -> status.equals(intake.path("status").asString()));
  }

  private static List<ConsumerRecord<String, String>> recordsFor(String topic, UUID key) {
    return kafka.readAll(topic).stream()
        .filter(record -> key.toString().equals(record.key()))
        .toList();
  }

  private static JsonNode getJson(URI uri, String token) throws Exception {
    HttpResponse<String> response = get(uri, token);
    assertThat(response.statusCode()).as("GET " + uri + ": " + response.body()).isEqualTo(200);
    return JSON.readTree(response.body());
  }

  /** A GET with the bearer token, or with none when {@code token} is null. */
  private static HttpResponse<String> get(URI uri, String token) throws Exception {
    HttpRequest.Builder request = HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(10)).GET();
    if (token != null) {
      request.header("Authorization", "Bearer " + token);
    }
    return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }
}
