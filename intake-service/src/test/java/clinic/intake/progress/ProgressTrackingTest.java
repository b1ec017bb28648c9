package clinic.intake.progress;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;

import clinic.events.CloudEventHeaders;
import clinic.events.EducationAssigned;
import clinic.events.Escalation;
import clinic.events.InvalidEventException;
import clinic.events.Route;
import clinic.events.Topics;
import clinic.events.TriageDecided;
import clinic.events.Urgency;
import clinic.intake.IntakeServiceTest;
import clinic.intake.KafkaProbe;
import clinic.intake.Staff;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import tools.jackson.databind.JsonNode;

@IntakeServiceTest
class ProgressTrackingTest extends ProgressTest {

  static final Instant NOW = Instant.now().truncatedTo(ChronoUnit.MILLIS);

  @ParameterizedTest
  @ValueSource(
      strings = {
        "javascript:alert(document.cookie)",
        "https://elsewhere.example/education/1",
        "http://localhost:8083.elsewhere.example/education/1"
      })
  void packetLinkOutsideTheContentServiceIsDeadLetteredAndNeverStoredNorShown(String link)
      throws Exception {
    var intake = submitIntake();
    var decision = decided(intake, UUID.randomUUID(), 1, Route.PHYSICAL_THERAPY, Urgency.SOON);
    var packet = assigned(intake, decision.decisionId(), 1);
    send(decision);
    awaitStatus(intake, "TRIAGED");
    send(
        new EducationAssigned(
            intake,
            packet.packetId(),
            1,
            decision.decisionId(),
            "es",
            packet.itemSlugs(),
            link,
            packet.assignedAt()));

    var dead =
        KafkaProbe.records(
            broker.getBrokersAsString(),
            Topics.deadLetter(Topics.EDUCATION),
            intake.toString(),
            1,
            TIMEOUT);
    assertThat(dead).hasSize(1);
    assertThat(header(dead.getFirst().headers().lastHeader("kafka_dlt-exception-message")))
        .contains("packetUrl is not under");
    assertThat(dead.getFirst().headers().lastHeader("kafka_dlt-exception-stacktrace")).isNull();
    var shown = show(intake);
    assertThat(shown.get("status").asString()).isEqualTo("TRIAGED");
    assertThat(shown.get("education").isNull()).isTrue();
    assertThat(
            jdbc.sql("select count(*) from processed_event where event_id = :id")
                .param("id", packet.packetId())
                .query(Integer.class)
                .single())
        .isZero();
    var progress =
        mvc.perform(get("/api/intakes/" + intake + "/progress").with(Staff.frontDesk()))
            .andReturn()
            .getResponse();
    assertThat(json.readTree(progress.getContentAsString()).get("educationUrl").isNull()).isTrue();
    var page =
        mvc.perform(get("/intakes/" + intake).with(Staff.frontDesk())).andReturn().getResponse();
    assertThat(page.getStatus()).isEqualTo(200);
    assertThat(page.getContentAsString()).doesNotContain(link).doesNotContain("javascript:");
  }

  @Test
  void packetLinkIsShownOnlyToTheStaffWhoGiveItToThePatient() throws Exception {
    var intake = submitIntake();
    var decision = decided(intake, UUID.randomUUID(), 1, Route.PHYSICAL_THERAPY, Urgency.SOON);
    var packet = assigned(intake, decision.decisionId(), 1);
    send(decision);
    send(packet);
    awaitStatus(intake, "EDUCATION_ASSIGNED");

    for (var role : List.of("FRONT_DESK", "ADMIN")) {
      assertThat(api(intake, role).at("/education/packetUrl").asString())
          .as(role)
          .isEqualTo(packet.packetUrl());
      assertThat(progress(intake, role).get("educationUrl").asString())
          .as(role)
          .isEqualTo(packet.packetUrl());
      assertThat(page(intake, role)).as(role).contains(packet.packetUrl());
    }
    var clinician = api(intake, "CLINICIAN");
    assertThat(clinician.at("/education/packetId").asString())
        .isEqualTo(packet.packetId().toString());
    assertThat(clinician.at("/education/packetVersion").asInt()).isEqualTo(1);
    assertThat(clinician.at("/education/packetUrl").isNull()).isTrue();
    assertThat(clinician.toString()).doesNotContain(packet.packetUrl());
    assertThat(progress(intake, "CLINICIAN").get("educationUrl").isNull()).isTrue();
    assertThat(progress(intake, "CLINICIAN").get("status").asString())
        .isEqualTo("EDUCATION_ASSIGNED");
    assertThat(page(intake, "CLINICIAN")).doesNotContain(packet.packetUrl());
  }

  /**
   * A cauda equina proposal: the front desk sees "emergency assessment today" on the intake's page
   * and in the progress it polls as soon as triage decided, before any clinician confirmed it.
   */
  @Test
  void aRedFlagDecisionShowsItsEscalationFirstOnTheIntakesPage() throws Exception {
    var intake = submitIntake();
    assertThat(escalationShown(page(intake, "FRONT_DESK"))).contains(" hidden");
    assertThat(progress(intake, "FRONT_DESK").get("escalation").isNull()).isTrue();

    send(
        new TriageDecided(
            intake,
            UUID.randomUUID(),
            1,
            "2026.12-1",
            Route.SURGICAL_CONSULT,
            List.of(),
            Urgency.EMERGENCY,
            Escalation.EMERGENCY_TODAY,
            List.of(),
            List.of(new TriageDecided.RedFlag("CAUDA_EQUINA", "Saddle numbness.")),
            false,
            List.of(),
            "Test decision.",
            "es",
            NOW));
    awaitStatus(intake, "TRIAGED");

    assertThat(progress(intake, "FRONT_DESK").get("escalation").asString())
        .isEqualTo("EMERGENCY_TODAY");
    String page = page(intake, "FRONT_DESK");
    assertThat(page.indexOf("id=\"escalation\"")).isLessThan(page.indexOf("id=\"reference\""));
    assertThat(escalationShown(page))
        .contains("role=\"alert\"")
        .doesNotContain(" hidden")
        .contains("Emergency assessment today");
  }

  /** The escalation's box on the intake's page. */
  private static String escalationShown(String page) {
    int box = page.indexOf("<div id=\"escalation\"");
    assertThat(box).as("the escalation's box").isNotNegative();
    return page.substring(box, page.indexOf("</div>", box));
  }

  private JsonNode api(UUID intake, String role) throws Exception {
    var response =
        mvc.perform(get("/api/intakes/" + intake).with(Staff.withRole(role)))
            .andReturn()
            .getResponse();
    assertThat(response.getStatus()).isEqualTo(200);
    return json.readTree(response.getContentAsString());
  }

  private JsonNode progress(UUID intake, String role) throws Exception {
    var response =
        mvc.perform(get("/api/intakes/" + intake + "/progress").with(Staff.withRole(role)))
            .andReturn()
            .getResponse();
    assertThat(response.getStatus()).isEqualTo(200);
    return json.readTree(response.getContentAsString());
  }

  private String page(UUID intake, String role) throws Exception {
    var response =
        mvc.perform(get("/intakes/" + intake).with(Staff.withRole(role))).andReturn().getResponse();
    assertThat(response.getStatus()).isEqualTo(200);
    return response.getContentAsString();
  }

  @Test
  void triageThenEducationMoveTheProgressForward() throws Exception {
    var intake = submitIntake();
    var decision = decided(intake, UUID.randomUUID(), 1, Route.PHYSICAL_THERAPY, Urgency.SOON);

    send(decision);

    var triaged = awaitStatus(intake, "TRIAGED");
    assertThat(triaged.at("/triage/decisionId").asString())
        .isEqualTo(decision.decisionId().toString());
    assertThat(triaged.at("/triage/decisionVersion").asInt()).isEqualTo(1);
    assertThat(triaged.at("/triage/route").asString()).isEqualTo("PHYSICAL_THERAPY");
    assertThat(triaged.at("/triage/urgency").asString()).isEqualTo("SOON");
    assertThat(triaged.get("education").isNull()).isTrue();

    var packet = assigned(intake, decision.decisionId(), 1);
    send(packet);

    var educated = awaitStatus(intake, "EDUCATION_ASSIGNED");
    assertThat(educated.at("/education/packetUrl").asString()).isEqualTo(packet.packetUrl());
    assertThat(educated.at("/education/decisionId").asString())
        .isEqualTo(decision.decisionId().toString());
    assertThat(educated.at("/triage/route").asString()).isEqualTo("PHYSICAL_THERAPY");
    assertThat(statusColumn(intake)).isEqualTo("EDUCATION_ASSIGNED");
  }

  @Test
  void redeliveredEventChangesNothing() throws Exception {
    var intake = submitIntake();
    var decision = decided(intake, UUID.randomUUID(), 1, Route.PHYSICAL_THERAPY, Urgency.SOON);
    send(decision);
    var before = awaitStatus(intake, "TRIAGED");
    var updatedAt = updatedAt(intake);

    send(decision);
    // The same ce_id again, even with content the version rule alone would accept: already seen.
    send(decided(intake, decision.decisionId(), 2, Route.SURGICAL_CONSULT, Urgency.URGENT));
    awaitConsumed();

    assertThat(show(intake)).isEqualTo(before);
    assertThat(updatedAt(intake)).isEqualTo(updatedAt);
    assertThat(
            jdbc.sql("select count(*) from processed_event where event_id = :id")
                .param("id", decision.decisionId())
                .query(Long.class)
                .single())
        .isEqualTo(1);
  }

  @Test
  void educationArrivingBeforeItsDecisionIsKeptAndStatusNeverGoesBack() throws Exception {
    var intake = submitIntake();
    var decisionId = UUID.randomUUID();
    var packet = assigned(intake, decisionId, 1);

    send(packet);
    awaitStatus(intake, "EDUCATION_ASSIGNED");
    send(decided(intake, decisionId, 1, Route.MEDICATION_REVIEW, Urgency.ROUTINE));

    await()
        .atMost(Duration.ofSeconds(20))
        .untilAsserted(
            () -> {
              var shown = show(intake);
              assertThat(shown.at("/triage/route").asString()).isEqualTo("MEDICATION_REVIEW");
              assertThat(shown.get("status").asString()).isEqualTo("EDUCATION_ASSIGNED");
              assertThat(shown.at("/education/packetUrl").asString()).isEqualTo(packet.packetUrl());
            });
  }

  @Test
  void olderDecisionNeverOverwritesANewerOne() throws Exception {
    var intake = submitIntake();
    send(decided(intake, UUID.randomUUID(), 2, Route.SURGICAL_CONSULT, Urgency.URGENT));
    awaitStatus(intake, "TRIAGED");

    send(decided(intake, UUID.randomUUID(), 1, Route.PHYSICAL_THERAPY, Urgency.ROUTINE));
    awaitConsumed();

    var shown = show(intake);
    assertThat(shown.at("/triage/decisionVersion").asInt()).isEqualTo(2);
    assertThat(shown.at("/triage/route").asString()).isEqualTo("SURGICAL_CONSULT");
    assertThat(shown.at("/triage/urgency").asString()).isEqualTo("URGENT");
  }

  @Test
  void malformedRecordGoesToDeadLetterTopicAndTheNextRecordIsStillProcessed() throws Exception {
    var intake = submitIntake();
    var key = intake.toString();
    var triageHeaders =
        CloudEventHeaders.of(
            decided(intake, UUID.randomUUID(), 1, Route.PHYSICAL_THERAPY, Urgency.SOON),
            "/triage-service");

    send(Topics.TRIAGE, key, "{\"intakeId\": \"" + intake + "\", oops", triageHeaders);
    send(Topics.TRIAGE, key, "{}", Map.of()); // no CloudEvents headers at all
    var decision = decided(intake, UUID.randomUUID(), 1, Route.SURGICAL_CONSULT, Urgency.EMERGENCY);
    send(decision);

    var dead =
        KafkaProbe.records(
            broker.getBrokersAsString(), Topics.deadLetter(Topics.TRIAGE), key, 2, TIMEOUT);
    assertThat(dead).hasSize(2);
    assertThat(dead)
        .extracting(r -> header(r.headers().lastHeader("kafka_dlt-exception-cause-fqcn")))
        .containsOnly(InvalidEventException.class.getName());
    assertThat(dead).extracting(r -> r.value()).contains("{}");
    assertThat(awaitStatus(intake, "TRIAGED").at("/triage/route").asString())
        .isEqualTo("SURGICAL_CONSULT");
  }

  @Test
  void eventThatBreaksTheSchemaOrNamesAnUnknownIntakeIsDeadLettered() throws Exception {
    var unknown = UUID.randomUUID();
    send(decided(unknown, UUID.randomUUID(), 1, Route.PHYSICAL_THERAPY, Urgency.SOON));
    var intake = submitIntake();
    var decision = decided(intake, UUID.randomUUID(), 1, Route.PHYSICAL_THERAPY, Urgency.SOON);
    var tree = (tools.jackson.databind.node.ObjectNode) json.valueToTree(decision);
    tree.put("route", "ACUPUNCTURE");
    send(
        Topics.TRIAGE,
        intake.toString(),
        json.writeValueAsString(tree),
        CloudEventHeaders.of(decision, "/triage-service"));

    assertThat(
            KafkaProbe.records(
                broker.getBrokersAsString(),
                Topics.deadLetter(Topics.TRIAGE),
                unknown.toString(),
                1,
                TIMEOUT))
        .hasSize(1);
    assertThat(
            KafkaProbe.records(
                broker.getBrokersAsString(),
                Topics.deadLetter(Topics.TRIAGE),
                intake.toString(),
                1,
                TIMEOUT))
        .hasSize(1);
    awaitConsumed();
    assertThat(show(intake).get("status").asString()).isEqualTo("SUBMITTED");
  }

  private String statusColumn(UUID intake) {
    return jdbc.sql("select status from intake where id = :id")
        .param("id", intake)
        .query(String.class)
        .single();
  }

  private OffsetDateTime updatedAt(UUID intake) {
    return jdbc.sql("select updated_at from intake where id = :id")
        .param("id", intake)
        .query(OffsetDateTime.class)
        .single();
  }

  /** Waits until the intake-service consumer group has committed every record sent so far. */
  private void awaitConsumed() throws Exception {
    try (var admin =
        Admin.create(
            Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, broker.getBrokersAsString()))) {
      var partitions =
          Set.of(Topics.TRIAGE, Topics.EDUCATION).stream()
              .flatMap(
                  topic ->
                      java.util.stream.IntStream.range(0, 3)
                          .mapToObj(p -> new TopicPartition(topic, p)))
              .collect(Collectors.toSet());
      var ends =
          admin
              .listOffsets(
                  partitions.stream().collect(Collectors.toMap(p -> p, p -> OffsetSpec.latest())))
              .all()
              .get();
      await()
          .atMost(TIMEOUT)
          .until(
              () -> {
                Map<TopicPartition, OffsetAndMetadata> committed =
                    admin
                        .listConsumerGroupOffsets("intake-service")
                        .partitionsToOffsetAndMetadata()
                        .get();
                return partitions.stream()
                    .allMatch(
                        p ->
                            ends.get(p).offset() == 0
                                || (committed.get(p) != null
                                    && committed.get(p).offset() >= ends.get(p).offset()));
              });
    }
  }

  private static String header(org.apache.kafka.common.header.Header header) {
    return header == null ? null : new String(header.value(), StandardCharsets.UTF_8);
  }

  static TriageDecided decided(
      UUID intake, UUID decisionId, int version, Route route, Urgency urgency) {
    return new TriageDecided(
        intake,
        decisionId,
        version,
        "2026.11.1",
        route,
        List.of(),
        urgency,
        List.of(),
        List.of(),
        false,
        List.of(),
        "Test decision.",
        "es",
        NOW.plusSeconds(version));
  }

  static EducationAssigned assigned(UUID intake, UUID decisionId, int version) {
    return new EducationAssigned(
        intake,
        UUID.randomUUID(),
        version,
        decisionId,
        "es",
        List.of("herniated-disc"),
        "http://localhost:8083/education/" + UUID.randomUUID(),
        NOW.plusSeconds(10));
  }
}
