package clinic.triage.notification;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import clinic.notifications.Channel;
import clinic.notifications.NotificationDelivered;
import clinic.triage.Intakes;
import clinic.triage.ScenarioTest;
import clinic.triage.Tokens;
import clinic.triage.TopicReader;
import clinic.triage.TriageServiceTest;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The delivery callback alone moves a referral to SENT: nothing here is delivered (this context has
 * no mail server and no webhook targets), nothing polls; the notifications module's announcement,
 * published in a transaction as the module does when it records a delivery, is all that happens.
 */
@TriageServiceTest
class SentOnDeliveryTest extends ScenarioTest {

  @Autowired ApplicationEventPublisher events;
  @Autowired TransactionTemplate transactions;

  @Test
  void aDeliveredTeamNotificationMarksItsConfirmedReferralSentByNotifications() {
    UUID referral = confirmedReferral();
    UUID notification = teamNotificationOf(referral);

    announceDelivery(notification, referral, false);

    await().atMost(TopicReader.WAIT).until(() -> "SENT".equals(scenario.status(referral)));
    List<Map<String, Object>> trail =
        api.list(api.map(api.get("/api/referrals/" + referral)).get("transitions"));
    assertThat(trail.getLast())
        .containsEntry("from", "CONFIRMED")
        .containsEntry("to", "SENT")
        .containsEntry("by", "notifications")
        .containsEntry("bySubject", "system:notifications");
    assertThat(settled(referral)).isTrue();

    // The same announcement again (a resubmitted publication) changes nothing.
    announceDelivery(notification, referral, false);
    await()
        .during(Duration.ofMillis(500))
        .atMost(Duration.ofSeconds(2))
        .until(() -> scenario.version(referral) == 3);
  }

  @Test
  void anAnnouncementWhoseDeliveryRecordRolledBackMarksNothing() {
    UUID referral = confirmedReferral();
    UUID notification = teamNotificationOf(referral);

    announceDelivery(notification, referral, true);

    await()
        .during(Duration.ofMillis(700))
        .atMost(Duration.ofSeconds(3))
        .until(() -> "CONFIRMED".equals(scenario.status(referral)));
    assertThat(settled(referral)).isFalse();
  }

  @Test
  void theDeliveryOfANotificationThatIsNotTheReferralItselfMarksNothing() {
    UUID referral = confirmedReferral();
    // An early warning about this referral: never recorded in referral_notification.
    UUID earlyWarning = UUID.randomUUID();

    announceDelivery(earlyWarning, referral, false);

    await()
        .during(Duration.ofMillis(700))
        .atMost(Duration.ofSeconds(3))
        .until(() -> "CONFIRMED".equals(scenario.status(referral)));
  }

  private UUID confirmedReferral() {
    UUID referral = scenario.proposedReferral(Intakes.back());
    assertThat(
            api.as(Tokens.clinician("Dr Ada Lovelace"))
                .post("/api/referrals/" + referral + "/confirm", Map.of("version", 1))
                .statusCode())
        .isEqualTo(200);
    return referral;
  }

  /** What {@link TeamNotifier} records beside each notification of a confirmation. */
  private UUID teamNotificationOf(UUID referral) {
    UUID notification = UUID.randomUUID();
    jdbc.sql("insert into referral_notification (notification_id, referral_id) values (?, ?)")
        .params(notification, referral)
        .update();
    return notification;
  }

  /** What the notifications module does in the transaction that records a delivery. */
  private void announceDelivery(UUID notification, UUID referral, boolean rolledBack) {
    transactions.executeWithoutResult(
        tx -> {
          events.publishEvent(
              new NotificationDelivered(
                  notification,
                  Channel.WEBHOOK,
                  TeamNotifier.TOPIC_REFERRAL,
                  referral.toString(),
                  1));
          if (rolledBack) {
            tx.setRollbackOnly();
          }
        });
  }

  private boolean settled(UUID referral) {
    return jdbc.sql(
            "select bool_and(settled_at is not null) from referral_notification where referral_id = ?")
        .param(referral)
        .query(Boolean.class)
        .single();
  }
}
