package clinic.triage.referral;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import clinic.events.CloudEventHeaders;
import clinic.events.EventType;
import clinic.events.IntakeSubmitted;
import clinic.events.ReferralConfirmed;
import clinic.events.ReferralOverridden;
import clinic.events.ReferralStatusChanged;
import clinic.events.Route;
import clinic.events.Topics;
import clinic.events.Urgency;
import clinic.triage.Intakes;
import clinic.triage.ScenarioTest;
import clinic.triage.Schemas;
import clinic.triage.TopicReader;
import clinic.triage.TriageServiceTest;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

/**
 * Each clinician action is announced on {@code clinic.referral} through the outbox: the contract's
 * record, schema-valid, keyed by the intake, with CloudEvents headers; and its audit row is stored.
 */
@TriageServiceTest
class ReferralEventsTest extends ScenarioTest {

  @Test
  void overrideIsPublishedAsReferralOverriddenAndAudited() {
    IntakeSubmitted intake = Intakes.submitted(Intakes.sciatica());
    UUID id = scenario.referralFor(intake);
    try (TopicReader referrals = new TopicReader(broker, Topics.REFERRAL)) {
      var response =
          api.post(
              "/api/referrals/" + id + "/override",
              Map.of(
                  "clinician", "Dr Grace Hopper",
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
      assertThat(event.overriddenBy().name()).isEqualTo("Dr Grace Hopper");
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
      api.post("/api/referrals/" + id + "/confirm", Map.of("clinician", "Dr Ada", "version", 1));

      ConsumerRecord<String, String> record = referrals.awaitOne(intake.intakeId().toString());

      assertThat(Schemas.errors(EventType.REFERRAL_CONFIRMED, record.value())).isEmpty();
      assertThat(TopicReader.headers(record))
          .containsEntry(CloudEventHeaders.TYPE, EventType.REFERRAL_CONFIRMED.type());
      ReferralConfirmed event = json.readValue(record.value(), ReferralConfirmed.class);
      assertThat(event.confirmedBy().name()).isEqualTo("Dr Ada");
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
      api.post(
          "/api/referrals/" + id + "/cancel",
          Map.of("clinician", "Dr Ada", "reason", "Sent straight to A&E", "version", 1));

      ConsumerRecord<String, String> record = referrals.awaitOne(intake.intakeId().toString());

      assertThat(Schemas.errors(EventType.REFERRAL_STATUS_CHANGED, record.value())).isEmpty();
      ReferralStatusChanged event = json.readValue(record.value(), ReferralStatusChanged.class);
      assertThat(event.status()).isEqualTo(ReferralStatusChanged.Status.CANCELLED);
      assertThat(event.by().name()).isEqualTo("Dr Ada");
      assertThat(event.reason()).isEqualTo("Sent straight to A&E");
      assertThat(event.urgency()).isEqualTo(Urgency.EMERGENCY);
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
