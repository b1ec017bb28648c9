package clinic.triage.decision;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import clinic.events.ClinicEvent;
import clinic.events.CloudEventHeaders;
import clinic.events.EventType;
import clinic.events.IntakeAmended;
import clinic.events.IntakeSubmitted;
import clinic.events.IntakeWithdrawn;
import clinic.events.ReferralStatusChanged;
import clinic.events.Topics;
import clinic.events.TriageDecided;
import clinic.events.Urgency;
import clinic.triage.Intakes;
import clinic.triage.ScenarioTest;
import clinic.triage.Schemas;
import clinic.triage.TopicReader;
import clinic.triage.TriageServiceTest;
import clinic.triage.rules.Ruleset;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;
import org.springframework.kafka.support.KafkaHeaders;
import tools.jackson.core.type.TypeReference;

/**
 * The other two events on {@code clinic.intake}: an amendment re-triages the intake (a new decision
 * version, the referral updated or flagged), a withdrawal cancels the referral. Each is idempotent
 * and a malformed one goes to the dead-letter topic.
 */
@TriageServiceTest
class AmendedAndWithdrawnIntakeTest extends ScenarioTest {

  /** The scenarios that count records after a redelivery keep one intake on one partition. */
  private static final int PARTITION = 1;

  @Test
  void amendedIntakeGetsTheNextDecisionVersionAndANewProposal() {
    IntakeSubmitted intake = Intakes.submitted(Intakes.sciatica());
    UUID referral = scenario.referralFor(intake);
    String key = intake.intakeId().toString();
    try (TopicReader triage = new TopicReader(broker, Topics.TRIAGE)) {
      publish(Intakes.amended(intake, 1, Intakes.caudaEquina()));

      List<ConsumerRecord<String, String>> decided = triage.awaitCount(key, 2);

      TriageDecided second = json.readValue(decided.get(1).value(), TriageDecided.class);
      assertThat(Schemas.errors(EventType.TRIAGE_DECIDED, decided.get(1).value())).isEmpty();
      assertThat(second.decisionVersion()).isEqualTo(2);
      assertThat(second.urgency()).isEqualTo(Urgency.EMERGENCY);
      assertThat(second.redFlags()).isNotEmpty();
    }
    Map<String, Object> latest = api.map(api.get("/api/decisions/" + intake.intakeId()));
    assertThat(latest)
        .containsEntry("decisionVersion", 2)
        .containsEntry("amendment", 1)
        .containsEntry("urgency", "EMERGENCY");
    List<Map<String, Object>> history =
        json.readValue(
            api.get("/api/decisions/" + intake.intakeId() + "/history").body(),
            new TypeReference<>() {});
    assertThat(history).extracting(d -> d.get("decisionVersion")).containsExactly(1, 2);
    assertThat(history).extracting(d -> d.get("amendment")).containsExactly(0, 1);
    assertThat(history).extracting(d -> d.get("urgency")).containsExactly("SOON", "EMERGENCY");
    // Re-triage decides with the same ruleset as the submission, the one loaded at start: the
    // amended decision is exactly what a what-if of the amended answers gives.
    assertThat(history)
        .extracting(d -> d.get("rulesetVersion"))
        .containsOnly(Ruleset.loadDefault().version());
    Map<String, Object> whatIf =
        api.map(
            api.post(
                "/api/triage/evaluate",
                Map.of(
                    "ageYears", intake.ageYears(),
                    "preferredLanguage", intake.preferredLanguage(),
                    "answers", Intakes.caudaEquina())));
    for (String field :
        List.of(
            "rulesetVersion",
            "route",
            "secondaryRoutes",
            "urgency",
            "causes",
            "redFlags",
            "needsClinicianReview",
            "missingAnswers",
            "explanation",
            "firedRules",
            "undecidedRules",
            "answersUsed")) {
      assertThat(latest.get(field)).as(field).isEqualTo(whatIf.get(field));
    }
    assertThat(api.list(latest.get("firedRules")))
        .extracting(r -> r.get("id"))
        .contains("cauda-equina-saddle-numbness");

    Map<String, Object> view = api.map(api.get("/api/referrals/" + referral));
    assertThat(view)
        .containsEntry("status", "PROPOSED")
        .containsEntry("urgency", "EMERGENCY")
        .containsEntry("proposedUrgency", "EMERGENCY")
        .containsEntry("decisionVersion", 2)
        .containsEntry("needsReview", false)
        .containsEntry("version", 2);
    assertThat(api.list(view.get("redFlags"))).isNotEmpty();
    assertThat(api.list(view.get("transitions")).getLast().get("reason").toString())
        .startsWith("Re-triaged after the answers changed");
  }

  @Test
  void amendedIntakeAfterConfirmationFlagsTheReferralForReview() {
    IntakeSubmitted intake = Intakes.submitted(Intakes.sciatica());
    UUID referral = scenario.referralFor(intake);
    api.post("/api/referrals/" + referral + "/confirm", Map.of("version", 1));

    publish(Intakes.amended(intake, 1, Intakes.caudaEquina()));
    await().atMost(TopicReader.WAIT).until(() -> scenario.version(referral) == 3);

    Map<String, Object> view = api.map(api.get("/api/referrals/" + referral));
    assertThat(view)
        .containsEntry("status", "CONFIRMED")
        .containsEntry("urgency", "SOON")
        .containsEntry("decisionVersion", 1)
        .containsEntry("latestDecisionVersion", 2)
        .containsEntry("needsReview", true);
    assertThat((String) view.get("reviewReason")).startsWith("Answers changed after confirmation");
    assertThat(api.list(view.get("redFlags"))).as("red flags of the latest answers").isNotEmpty();
    assertThat(scenario.decisions(intake.intakeId())).isEqualTo(2);

    // The new red flag sorts and filters it with the emergencies, not with what was confirmed.
    assertThat(view).containsEntry("queueUrgency", "EMERGENCY");
    List<Map<String, Object>> emergencies =
        api.list(api.map(api.get("/api/referrals?urgency=EMERGENCY")).get("referrals"));
    assertThat(emergencies).extracting(r -> r.get("referralId")).contains(referral.toString());
  }

  @Test
  void redeliveredAmendmentChangesNothing() {
    IntakeSubmitted intake = Intakes.submitted(Intakes.sciatica());
    publisher.publish(intake, Intakes.INTAKE_SERVICE, PARTITION);
    UUID referral = scenario.awaitReferral(intake.intakeId());
    IntakeAmended amended = Intakes.amended(intake, 1, Intakes.caudaEquina());
    IntakeSubmitted marker = Intakes.submitted(Intakes.sciatica());
    try (TopicReader triage = new TopicReader(broker, Topics.TRIAGE)) {
      publish(amended);
      publish(amended);
      // Same partition: once the marker is decided, both copies have been handled.
      publisher.publish(marker, Intakes.INTAKE_SERVICE, PARTITION);
      scenario.awaitReferral(marker.intakeId());
      triage.pollFor(Duration.ofSeconds(1));

      assertThat(triage.withKey(intake.intakeId().toString())).hasSize(2);
    }
    assertThat(scenario.decisions(intake.intakeId())).isEqualTo(2);
    assertThat(scenario.version(referral)).isEqualTo(2);
  }

  @Test
  void anAmendmentOlderThanOneDecidedIsIgnored() {
    IntakeSubmitted intake = Intakes.submitted(Intakes.sciatica());
    publisher.publish(intake, Intakes.INTAKE_SERVICE, PARTITION);
    scenario.awaitReferral(intake.intakeId());
    IntakeSubmitted marker = Intakes.submitted(Intakes.sciatica());

    publish(Intakes.amended(intake, 2, Intakes.caudaEquina()));
    publish(Intakes.amended(intake, 1, Intakes.sciatica()));
    publisher.publish(marker, Intakes.INTAKE_SERVICE, PARTITION);
    scenario.awaitReferral(marker.intakeId());

    assertThat(scenario.decisions(intake.intakeId())).isEqualTo(2);
    assertThat(api.map(api.get("/api/decisions/" + intake.intakeId())))
        .containsEntry("amendment", 2)
        .containsEntry("urgency", "EMERGENCY");
  }

  @Test
  void withdrawnIntakeCancelsTheReferralAndRedeliveryChangesNothing() {
    IntakeSubmitted intake = Intakes.submitted(Intakes.sciatica());
    publisher.publish(intake, Intakes.INTAKE_SERVICE, PARTITION);
    UUID referral = scenario.awaitReferral(intake.intakeId());
    IntakeWithdrawn withdrawn = Intakes.withdrawn(intake, IntakeWithdrawn.Reason.ENTERED_IN_ERROR);
    IntakeSubmitted marker = Intakes.submitted(Intakes.sciatica());
    try (TopicReader referrals = new TopicReader(broker, Topics.REFERRAL)) {
      publish(withdrawn);
      publish(withdrawn);
      publisher.publish(marker, Intakes.INTAKE_SERVICE, PARTITION);
      scenario.awaitReferral(marker.intakeId());

      ConsumerRecord<String, String> record = referrals.awaitOne(intake.intakeId().toString());
      referrals.pollFor(Duration.ofSeconds(1));

      assertThat(referrals.withKey(intake.intakeId().toString())).hasSize(1);
      assertThat(Schemas.errors(EventType.REFERRAL_STATUS_CHANGED, record.value())).isEmpty();
      assertThat(TopicReader.headers(record))
          .containsEntry(CloudEventHeaders.TYPE, EventType.REFERRAL_STATUS_CHANGED.type());
      ReferralStatusChanged event = json.readValue(record.value(), ReferralStatusChanged.class);
      assertThat(event.status()).isEqualTo(ReferralStatusChanged.Status.CANCELLED);
      assertThat(event.by().name()).isEqualTo("system");
      assertThat(event.reason()).isEqualTo("Intake withdrawn: entered in error");
      assertThat(event.referralId()).isEqualTo(referral);
    }
    assertThat(scenario.status(referral)).isEqualTo("CANCELLED");
    assertThat(scenario.transitions(referral)).isEqualTo(2);
  }

  @Test
  void forgedWithdrawalFromAnotherSourceIsDeadLetteredAndCancelsNothing() {
    IntakeSubmitted intake = Intakes.submitted(Intakes.sciatica());
    publisher.publish(intake, Intakes.INTAKE_SERVICE, PARTITION);
    UUID referral = scenario.awaitReferral(intake.intakeId());
    IntakeWithdrawn forged = Intakes.withdrawn(intake, IntakeWithdrawn.Reason.ENTERED_IN_ERROR);
    IntakeSubmitted marker = Intakes.submitted(Intakes.sciatica());
    try (TopicReader deadLetters = new TopicReader(broker, Topics.deadLetter(Topics.INTAKE))) {
      // A well-formed event, valid against its schema, but signed by a service that does not own
      // clinic.intake.
      publisher.publish(forged, "/content-service", PARTITION);
      publisher.publish(marker, Intakes.INTAKE_SERVICE, PARTITION);
      scenario.awaitReferral(marker.intakeId());

      ConsumerRecord<String, String> dead = deadLetters.awaitOne(intake.intakeId().toString());
      assertThat(TopicReader.headers(dead).get(KafkaHeaders.DLT_EXCEPTION_MESSAGE))
          .contains("ce_source", "does not own clinic.intake");
      assertThat(TopicReader.headers(dead))
          .doesNotContainKey(KafkaHeaders.DLT_EXCEPTION_STACKTRACE)
          .containsEntry(CloudEventHeaders.SOURCE, "/content-service")
          .containsEntry(CloudEventHeaders.TYPE, EventType.INTAKE_WITHDRAWN.type());
      assertThat(dead.value()).isEqualTo(json.writeValueAsString(forged));
    }
    assertThat(scenario.status(referral)).isNotEqualTo("CANCELLED");
    assertThat(scenario.transitions(referral)).isEqualTo(1);
    assertThat(
            jdbc.sql("select count(*) from processed_event where event_id = ?")
                .param(forged.eventId())
                .query(Integer.class)
                .single())
        .isZero();
  }

  @Test
  void malformedAmendmentGoesToDeadLetterAndTheConsumerContinues() {
    IntakeSubmitted intake = Intakes.submitted(Intakes.sciatica());
    IntakeAmended amended = Intakes.amended(intake, 1, Intakes.caudaEquina());
    Map<String, Object> body =
        json.readValue(json.writeValueAsString(amended), new TypeReference<>() {});
    body.remove("amendment");
    IntakeSubmitted following = Intakes.submitted(Intakes.sciatica());
    try (TopicReader deadLetters = new TopicReader(broker, Topics.deadLetter(Topics.INTAKE))) {
      publisher.send(
          Topics.INTAKE,
          PARTITION,
          intake.intakeId().toString(),
          json.writeValueAsString(body),
          CloudEventHeaders.of(amended, Intakes.INTAKE_SERVICE));
      publisher.publish(following, Intakes.INTAKE_SERVICE, PARTITION);

      ConsumerRecord<String, String> dead = deadLetters.awaitOne(intake.intakeId().toString());
      assertThat(TopicReader.headers(dead).get(KafkaHeaders.DLT_EXCEPTION_MESSAGE))
          .contains("IntakeAmended schema", "required");
      scenario.awaitReferral(following.intakeId());
    }
  }

  @Test
  void unknownEventTypeOnTheIntakeTopicGoesToDeadLetter() {
    IntakeSubmitted intake = Intakes.submitted(Intakes.sciatica());
    Map<String, String> headers = new HashMap<>(CloudEventHeaders.of(intake, "/intake-service"));
    headers.put(CloudEventHeaders.TYPE, "clinic.intake.merged.v1");
    try (TopicReader deadLetters = new TopicReader(broker, Topics.deadLetter(Topics.INTAKE))) {
      publisher.send(
          Topics.INTAKE,
          null,
          intake.intakeId().toString(),
          json.writeValueAsString(intake),
          headers);

      ConsumerRecord<String, String> dead = deadLetters.awaitOne(intake.intakeId().toString());
      assertThat(TopicReader.headers(dead).get(KafkaHeaders.DLT_EXCEPTION_MESSAGE))
          .contains("Unexpected event type");
      assertThat(scenario.decisions(intake.intakeId())).isZero();
    }
  }

  private void publish(ClinicEvent event) {
    publisher.publish(event, Intakes.INTAKE_SERVICE, PARTITION);
  }
}
