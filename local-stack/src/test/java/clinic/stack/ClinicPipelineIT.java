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

  /**
   * As an operator's Prometheus would: a token of the demo provider's client {@code
   * clinic-prometheus} (role METRICS) reads each service's scrape, directly on the service; staff
   * tokens and the gateway do not. After an intake, the business metrics are there, and no label
   * holds the patient's identity.
   */
  @Test
  void eachServiceServesItsMetricsToThePrometheusClientOnly() throws Exception {
    String prometheus = stack.token("clinic-prometheus");
    double submittedBefore =
        sum(scrape(ClinicService.INTAKE, prometheus), "clinic_intakes_submitted_total");
    UUID intakeId = submitIntake();
    awaitStatus(intakeId, "EDUCATION_ASSIGNED");

    Map<ClinicService, String> scrapes = new java.util.EnumMap<>(ClinicService.class);
    for (ClinicService service :
        List.of(ClinicService.INTAKE, ClinicService.TRIAGE, ClinicService.CONTENT)) {
      URI metrics = stack.uri(service, service.metricsUri(0).getPath());
      assertThat(get(metrics, null).statusCode()).as("%s without a token", service).isEqualTo(401);
      assertThat(get(metrics, frontDesk).statusCode())
          .as("%s as front desk", service)
          .isEqualTo(403);
      scrapes.put(service, scrape(service, prometheus));
      assertThat(scrapes.get(service)).as("%s", service).contains("clinic_outbox_backlog");
    }
    String intake = scrapes.get(ClinicService.INTAKE);
    assertThat(sum(intake, "clinic_intakes_submitted_total"))
        .isGreaterThanOrEqualTo(submittedBefore + 1);
    await("the time-to-education histogram observes the intake")
        .atMost(PIPELINE)
        .until(
            () ->
                sum(
                    scrape(ClinicService.INTAKE, prometheus),
                    "clinic_intake_time_to_education_seconds_count"),
            count -> count >= 1);
    assertThat(sum(scrapes.get(ClinicService.TRIAGE), "clinic_triage_decisions_total"))
        .isGreaterThanOrEqualTo(1);
    assertThat(scrapes.get(ClinicService.CONTENT))
        .contains("kafka_consumer_records_lag_max_records");
    // The gateway does not route the scrape: it is read on each instance.
    assertThat(get(stack.site("/actuator/prometheus"), prometheus).statusCode()).isNotEqualTo(200);

    JsonNode patient = JSON.readTree(LocalStack.EXAMPLE_INTAKE);
    for (String field : List.of("patientName", "dateOfBirth", "email")) {
      String value = patient.path(field).asString();
      assertThat(value).isNotBlank();
      scrapes.forEach(
          (service, text) ->
              assertThat(text).as("%s and %s", service, field).doesNotContain(value));
    }
  }

  private static String scrape(ClinicService service, String token) throws Exception {
    HttpResponse<String> response = get(stack.uri(service, service.metricsUri(0).getPath()), token);
    assertThat(response.statusCode()).as("%s scrape", service).isEqualTo(200);
    return response.body();
  }

  /** The sum of a metric's samples in a Prometheus text exposition. */
  private static double sum(String scrape, String name) {
    double sum = 0;
    for (String line : scrape.split("\n")) {
      if (line.startsWith(name + " ") || line.startsWith(name + "{")) {
        sum += Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
      }
    }
    return sum;
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
