package clinic.triage.decision;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import clinic.events.IntakeSubmitted;
import clinic.events.Topics;
import clinic.triage.Intakes;
import clinic.triage.ScenarioTest;
import clinic.triage.TopicReader;
import clinic.triage.TriageServiceTest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.Test;
import org.springframework.kafka.test.utils.KafkaTestUtils;

/**
 * {@code POST /api/triage/evaluate}: the decision a set of answers would get, in the shape of a
 * stored decision, with nothing stored and nothing published.
 */
@TriageServiceTest
class WhatIfTest extends ScenarioTest {

  @Test
  void whatIfAnswersInTheShapeOfAStoredDecisionWithoutTheIds() {
    IntakeSubmitted intake = Intakes.submitted(Intakes.caudaEquina(), 58);
    scenario.referralFor(intake);
    Map<String, Object> stored = api.map(api.get("/api/decisions/" + intake.intakeId()));

    HttpResponse<String> response =
        api.post(
            "/api/triage/evaluate",
            Map.of("ageYears", 58, "preferredLanguage", "en", "answers", intake.answers()));

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.headers().firstValue("Content-Type")).hasValue("application/json");
    Map<String, Object> whatIf = api.map(response);
    assertThat(whatIf.keySet()).isEqualTo(stored.keySet());
    // Nothing is stored, so there is no intake, decision id, version or amendment.
    assertThat(whatIf)
        .containsEntry("intakeId", null)
        .containsEntry("decisionId", null)
        .containsEntry("decisionVersion", null)
        .containsEntry("amendment", null)
        .containsEntry("ageYears", 58)
        .containsEntry("preferredLanguage", "en")
        .containsKey("decidedAt");
    Map<String, Object> same = new HashMap<>(stored);
    same.keySet()
        .removeAll(List.of("intakeId", "decisionId", "decisionVersion", "amendment", "decidedAt"));
    assertThat(whatIf).containsAllEntriesOf(same);
    assertThat(whatIf)
        .containsEntry("urgency", "EMERGENCY")
        .containsEntry("route", "SURGICAL_CONSULT");
  }

  @Test
  void whatIfStoresAndPublishesNothing() {
    // Whatever earlier tests decided has reached the broker, so the counts below stand still.
    await()
        .atMost(TopicReader.WAIT)
        .until(
            () ->
                jdbc.sql("select count(*) from event_publication where completion_date is null")
                        .query(Long.class)
                        .single()
                    == 0);
    Map<String, Long> rowsBefore = rows();
    long recordsBefore = recordsOnOurTopics();

    HttpResponse<String> response =
        api.post(
            "/api/triage/evaluate",
            Map.of("ageYears", 35, "preferredLanguage", "es", "answers", Intakes.knee()));

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(api.map(response))
        .containsEntry("urgency", "ROUTINE")
        .containsEntry("route", "PHYSICAL_THERAPY")
        .containsEntry("preferredLanguage", "es");
    // The outbox row would be written in the request's own transaction: none was.
    assertThat(rows()).isEqualTo(rowsBefore);
    // And nothing reaches the broker later either.
    await()
        .during(Duration.ofSeconds(1))
        .atMost(Duration.ofSeconds(5))
        .pollInterval(Duration.ofMillis(250))
        .untilAsserted(
            () -> {
              assertThat(recordsOnOurTopics()).isEqualTo(recordsBefore);
              assertThat(rows()).isEqualTo(rowsBefore);
            });
  }

  @Test
  void anIncompleteWhatIfIsMarkedForReviewLikeAnIntake() {
    Map<String, Object> answers = new LinkedHashMap<>(Intakes.back());
    answers.remove("bladderOrBowelChange");
    answers.put("fever", null);

    Map<String, Object> whatIf =
        api.map(api.post("/api/triage/evaluate", Map.of("ageYears", 45, "answers", answers)));

    assertThat(whatIf)
        .containsEntry("needsClinicianReview", true)
        .containsEntry("missingAnswers", List.of("bladderOrBowelChange", "fever"))
        .containsEntry("urgency", "URGENT")
        .containsEntry("preferredLanguage", "en");
  }

  @Test
  void whatIfBodyOverTheLimitIsRefusedUnread() {
    // Valid JSON, only too long: 64 KB of spaces before the answers.
    String body = "{" + " ".repeat(64 * 1024) + "\"ageYears\": 45, \"answers\": {}}";

    HttpResponse<String> declared = api.postJson("/api/triage/evaluate", body);
    HttpResponse<String> chunked =
        api.postChunked("/api/triage/evaluate", "application/json", body);

    for (HttpResponse<String> response : List.of(declared, chunked)) {
      assertThat(response.statusCode()).isEqualTo(413);
      assertThat(response.headers().firstValue("Content-Type"))
          .hasValue("application/problem+json");
      assertThat(api.map(response))
          .containsEntry("title", "Request too large")
          .containsEntry("maxBytes", 64 * 1024)
          .containsEntry("limit", "triage.max-request-size")
          .containsEntry(
              "detail", "The request body is larger than 64 KB (triage.max-request-size).");
    }
    // Just under the limit, the same answers are decided.
    String fits = "{" + " ".repeat(60 * 1024) + "\"ageYears\": 45, \"answers\": {}}";
    assertThat(api.postJson("/api/triage/evaluate", fits).statusCode()).isEqualTo(200);
  }

  @Test
  void invalidWhatIfIsAProblemNamingEveryField() {
    HttpResponse<String> response =
        api.postJson(
            "/api/triage/evaluate",
            """
            {"preferredLanguage": "fr",
             "answers": {"painNow": "eight", "kneeLockd": true, "painAreas": ["HIP"],
                         "patientName": "Ada", "fever": false}}
            """);

    assertThat(response.statusCode()).isEqualTo(400);
    assertThat(response.headers().firstValue("Content-Type")).hasValue("application/problem+json");
    Map<String, Object> problem = api.map(response);
    assertThat(problem).containsEntry("status", 400);
    assertThat(api.list(problem.get("errors")))
        .extracting(e -> e.get("field"))
        .containsExactlyInAnyOrder(
            "ageYears",
            "preferredLanguage",
            "answers.painNow",
            "answers.kneeLockd",
            "answers.painAreas",
            "answers.patientName");
    assertThat(response.body())
        .contains("must be a whole number from 0 to 10")
        .doesNotContain("Ada");
  }

  @Test
  void whatIfWithWronglyTypedFieldsIsAProblemNamingThem() {
    HttpResponse<String> text =
        api.postJson("/api/triage/evaluate", "{\"ageYears\": \"58\", \"answers\": []}");
    HttpResponse<String> fraction =
        api.postJson("/api/triage/evaluate", "{\"ageYears\": 58.5, \"answers\": {}}");
    HttpResponse<String> notJson = api.postJson("/api/triage/evaluate", "{\"ageYears\": ");

    assertThat(fields(text)).containsExactly("ageYears", "answers");
    assertThat(fields(fraction)).containsExactly("ageYears");
    assertThat(fields(notJson)).containsExactly("body");
  }

  private List<Object> fields(HttpResponse<String> response) {
    assertThat(response.statusCode()).isEqualTo(400);
    assertThat(response.headers().firstValue("Content-Type")).hasValue("application/problem+json");
    return api.list(api.map(response).get("errors")).stream().map(e -> e.get("field")).toList();
  }

  private Map<String, Long> rows() {
    Map<String, Long> rows = new LinkedHashMap<>();
    for (String table :
        List.of(
            "decision",
            "referral",
            "referral_transition",
            "processed_event",
            "event_publication")) {
      rows.put(table, jdbc.sql("select count(*) from " + table).query(Long.class).single());
    }
    return rows;
  }

  /** How many records the topics this service publishes to hold, over all partitions. */
  private long recordsOnOurTopics() {
    Map<String, Object> props =
        new HashMap<>(KafkaTestUtils.consumerProps(broker, "test-" + UUID.randomUUID(), false));
    try (var consumer =
        new KafkaConsumer<>(props, new StringDeserializer(), new StringDeserializer())) {
      List<TopicPartition> partitions =
          List.of(Topics.TRIAGE, Topics.REFERRAL).stream()
              .flatMap(
                  topic ->
                      consumer.partitionsFor(topic, Duration.ofSeconds(10)).stream()
                          .map(p -> new TopicPartition(topic, p.partition())))
              .toList();
      return consumer.endOffsets(partitions).values().stream().mapToLong(Long::longValue).sum();
    }
  }
}
