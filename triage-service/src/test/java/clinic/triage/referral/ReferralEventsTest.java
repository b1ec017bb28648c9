package clinic.triage.referral;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import clinic.events.Actor;
import clinic.events.CloudEventHeaders;
import clinic.events.EventType;
import clinic.events.IntakeSubmitted;
import clinic.events.ReferralConfirmed;
import clinic.events.ReferralOverridden;
import clinic.events.ReferralStatusChanged;
import clinic.events.Route;
import clinic.events.Topics;
import clinic.events.Urgency;
import clinic.security.testing.TestIssuer;
import clinic.triage.Intakes;
import clinic.triage.ScenarioTest;
import clinic.triage.Schemas;
import clinic.triage.Tokens;
import clinic.triage.TopicReader;
import clinic.triage.TriageServiceTest;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * Each clinician action is announced on {@code clinic.referral} through the outbox: the contract's
 * record, schema-valid, keyed by the intake, with CloudEvents headers; and its audit row is stored.
 */
@TriageServiceTest
class ReferralEventsTest extends ScenarioTest {

  @Autowired Referrals referrals;

  @Test
  void overrideIsPublishedAsReferralOverriddenAndAudited() {
    IntakeSubmitted intake = Intakes.submitted(Intakes.sciatica());
    UUID id = scenario.referralFor(intake);
    try (TopicReader referrals = new TopicReader(broker, Topics.REFERRAL)) {
      var response =
          api.as(Tokens.clinician("Dr Grace Hopper"))
              .post(
                  "/api/referrals/" + id + "/override",
                  Map.of(
                      "route", "SURGICAL_CONSULT",
                      "urgency", "URGENT",
                      "reason", "Progressive weakness on examination",
                      "version", 1));
      assertThat(response.statusCode()).isEqualTo(200);

      ConsumerRecord<String, String> record = referrals.awaitOne(intake.intakeId().toString());

      assertThat(record.key()).isEqualTo(intake.intakeId().toString());
      assertThat(Schemas.errors(EventType.REFERRAL_OVERRIDDEN, record.value())).isEmpty();
      ReferralOverridden event = json.readValue(record.value(), ReferralOverridden.class);
      assertThat(event.referralId()).isEqualTo(id);
      assertThat(event.proposedRoute()).isEqualTo(Route.PHYSICAL_THERAPY);
      assertThat(event.proposedUrgency()).isEqualTo(Urgency.SOON);
      assertThat(event.route()).isEqualTo(Route.SURGICAL_CONSULT);
      assertThat(event.urgency()).isEqualTo(Urgency.URGENT);
      assertThat(event.secondaryRoutes()).containsExactly(Route.MEDICATION_REVIEW);
      assertThat(event.overriddenBy()).isEqualTo(new Actor("u-dr-grace-hopper", "Dr Grace Hopper"));
      assertThat(event.reason()).isEqualTo("Progressive weakness on examination");
      assertThat(TopicReader.headers(record))
          .containsEntry(CloudEventHeaders.ID, event.transitionId().toString())
          .containsEntry(CloudEventHeaders.TYPE, EventType.REFERRAL_OVERRIDDEN.type())
          .containsEntry(CloudEventHeaders.SOURCE, "/triage-service")
          .containsEntry(CloudEventHeaders.SPECVERSION, "1.0")
          .containsEntry(CloudEventHeaders.SUBJECT, intake.intakeId().toString())
          .containsEntry(CloudEventHeaders.TIME, event.overriddenAt().toString())
          .containsEntry(CloudEventHeaders.CONTENT_TYPE, "application/json");

      Map<String, Object> audit =
          jdbc.sql("select * from referral_transition where transition_id = ?")
              .param(event.transitionId())
              .query()
              .singleRow();
      assertThat(audit)
          .containsEntry("referral_id", id)
          .containsEntry("from_status", "PROPOSED")
          .containsEntry("to_status", "OVERRIDDEN")
          .containsEntry("route", "SURGICAL_CONSULT")
          .containsEntry("urgency", "URGENT")
          .containsEntry("by_whom", "Dr Grace Hopper")
          .containsEntry("by_subject", "u-dr-grace-hopper")
          .containsEntry("reason", "Progressive weakness on examination");
      await()
          .atMost(TopicReader.WAIT)
          .until(() -> completedPublications(event.transitionId()) == 1);
    }
  }

  @Test
  void confirmationIsPublishedAsReferralConfirmed() {
    IntakeSubmitted intake = Intakes.submitted(Intakes.sciatica());
    UUID id = scenario.referralFor(intake);
    try (TopicReader referrals = new TopicReader(broker, Topics.REFERRAL)) {
      api.as(Tokens.clinician("Dr Ada"))
          .post("/api/referrals/" + id + "/confirm", Map.of("version", 1));

      ConsumerRecord<String, String> record = referrals.awaitOne(intake.intakeId().toString());

      assertThat(Schemas.errors(EventType.REFERRAL_CONFIRMED, record.value())).isEmpty();
      assertThat(TopicReader.headers(record))
          .containsEntry(CloudEventHeaders.TYPE, EventType.REFERRAL_CONFIRMED.type());
      ReferralConfirmed event = json.readValue(record.value(), ReferralConfirmed.class);
      assertThat(event.confirmedBy()).isEqualTo(new Actor("u-dr-ada", "Dr Ada"));
      assertThat(event.route()).isEqualTo(Route.PHYSICAL_THERAPY);
      assertThat(event.decisionId())
          .isEqualTo(
              jdbc.sql("select decision_id from decision where intake_id = ?")
                  .param(intake.intakeId())
                  .query(UUID.class)
                  .single());
    }
  }

  @Test
  void cancellationIsPublishedAsReferralStatusChanged() {
    IntakeSubmitted intake = Intakes.submitted(Intakes.caudaEquina());
    UUID id = scenario.referralFor(intake);
    try (TopicReader referrals = new TopicReader(broker, Topics.REFERRAL)) {
      api.as(Tokens.clinician("Dr Ada"))
          .post(
              "/api/referrals/" + id + "/cancel",
              Map.of("reason", "Sent straight to A&E", "version", 1));

      ConsumerRecord<String, String> record = referrals.awaitOne(intake.intakeId().toString());

      assertThat(Schemas.errors(EventType.REFERRAL_STATUS_CHANGED, record.value())).isEmpty();
      ReferralStatusChanged event = json.readValue(record.value(), ReferralStatusChanged.class);
      assertThat(event.status()).isEqualTo(ReferralStatusChanged.Status.CANCELLED);
      assertThat(event.by()).isEqualTo(new Actor("u-dr-ada", "Dr Ada"));
      assertThat(event.reason()).isEqualTo("Sent straight to A&E");
      assertThat(event.urgency()).isEqualTo(Urgency.EMERGENCY);
    }
  }

  @Test
  void theReceivingTeamMemberWhoAcceptsIsTheActorOfTheEvent() {
    IntakeSubmitted intake = Intakes.submitted(Intakes.sciatica());
    UUID id = scenario.referralFor(intake);
    api.post("/api/referrals/" + id + "/confirm", Map.of("version", 1));
    referrals.markSent(id, Actor.system("notifications"));
    try (TopicReader topic = new TopicReader(broker, Topics.REFERRAL)) {
      var response =
          api.as(TestIssuer.shared().token("u-rui", "Rui Receiving-Team", "RECEIVING_TEAM"))
              .post("/api/referrals/" + id + "/accept", Map.of("version", 3));
      assertThat(response.statusCode()).isEqualTo(200);

      ReferralStatusChanged accepted =
          topic.awaitCount(intake.intakeId().toString(), 3).stream()
              .filter(r -> r.value().contains("\"status\":\"ACCEPTED\""))
              .map(r -> json.readValue(r.value(), ReferralStatusChanged.class))
              .findFirst()
              .orElseThrow();
      assertThat(accepted.by()).isEqualTo(new Actor("u-rui", "Rui Receiving-Team"));
      assertThat(api.list(api.map(response).get("transitions")).getLast())
          .containsEntry("by", "Rui Receiving-Team")
          .containsEntry("bySubject", "u-rui");
    }
  }

  private int completedPublications(UUID eventId) {
    return jdbc.sql(
            """
            select count(*) from event_publication
            where serialized_event like ? and completion_date is not null
            """)
        .param("%" + eventId + "%")
        .query(Integer.class)
        .single();
  }
}
