package clinic.notifications;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.UUID;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Delivered notifications are deleted once older than the configured retention; recent ones and
 * every notification that was not delivered stay. Against the real PostgreSQL, with no dispatcher,
 * so nothing but this test changes the rows.
 */
@SpringBootTest(
    classes = TestApplication.class,
    properties = {
      "clinic.notifications.dispatcher.enabled=false",
      "clinic.notifications.retention.delivered=10d"
    })
class DeliveredRetentionTest {

  @Autowired Notifications notifications;
  @Autowired DeliveredRetention retention;
  @Autowired DataSource dataSource;

  @Test
  void deletesDeliveredNotificationsOlderThanTheRetentionWithTheirAttemptsAndKeepsTheRest() {
    UUID oldDelivered = stored("DELIVERED", "11 days", "11 days");
    UUID recentDelivered = stored("DELIVERED", "9 days", "9 days");
    UUID oldGaveUp = stored("GAVE_UP", "40 days", null);
    UUID oldFailed = stored("FAILED", "40 days", null);
    UUID oldPending = stored("PENDING", "40 days", null);
    attempt(oldDelivered, "11 days");
    attempt(recentDelivered, "9 days");
    attempt(oldGaveUp, "40 days");

    assertThat(retention.deleteDelivered()).isGreaterThanOrEqualTo(1);

    assertThat(notifications.find(oldDelivered)).isEmpty();
    assertThat(attempts(oldDelivered)).as("attempts go with their notification").isZero();
    assertThat(notifications.find(recentDelivered)).isPresent();
    assertThat(attempts(recentDelivered)).isOne();
    assertThat(notifications.find(oldGaveUp))
        .as("waits for a person, however old")
        .hasValueSatisfying(d -> assertThat(d.status()).isEqualTo(Status.GAVE_UP));
    assertThat(attempts(oldGaveUp)).isOne();
    assertThat(notifications.find(oldFailed)).isPresent();
    assertThat(notifications.find(oldPending)).isPresent();

    // Again, as a second instance would: nothing more goes.
    assertThat(retention.deleteDelivered()).isZero();
    assertThat(notifications.find(recentDelivered)).isPresent();
  }

  /** A notification in the given state, created and (if delivered) delivered that long ago. */
  private UUID stored(String status, String createdAgo, String deliveredAgo) {
    Notification notification =
        Notification.webhook(
            UUID.randomUUID().toString(), "retention-test", "referral-1", "pharmacy", "{}");
    assertThat(notifications.enqueue(notification)).isTrue();
    jdbc()
        .sql(
            """
            UPDATE notifications.notification
               SET status = :status, attempts = 1,
                   created_at = now() - CAST(:created AS interval),
                   delivered_at = now() - CAST(:delivered AS interval)
             WHERE id = :id""")
        .param("status", status)
        .param("created", createdAgo)
        .param("delivered", deliveredAgo)
        .param("id", notification.id())
        .update();
    return notification.id();
  }

  private void attempt(UUID id, String ago) {
    jdbc()
        .sql(
            """
            INSERT INTO notifications.notification_attempt
                (notification_id, attempt, started_at, finished_at, outcome)
            VALUES (:id, 1, now() - CAST(:ago AS interval), now() - CAST(:ago AS interval),
                    'DELIVERED')""")
        .param("id", id)
        .param("ago", ago)
        .update();
  }

  private long attempts(UUID id) {
    return jdbc()
        .sql("SELECT count(*) FROM notifications.notification_attempt WHERE notification_id = ?")
        .param(id)
        .query(Long.class)
        .single();
  }

  private JdbcClient jdbc() {
    return JdbcClient.create(dataSource);
  }
}
