package clinic.content.outbox;

import static org.assertj.core.api.Assertions.assertThat;

import clinic.content.testing.TestInfrastructure;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import io.micronaut.test.support.TestPropertyProvider;
import jakarta.inject.Inject;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * With the default retention (7 days): messages sent 8 days ago go; one sent 6 days ago and an
 * unsent one of any age stay. In the real outbox table; the relay is paused for this context so
 * that the unsent row (which names no real event type) is never picked up.
 */
@MicronautTest(transactional = false)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SentMessagesCleanupTest implements TestPropertyProvider {

  private static final String TEST_TYPE = "SentMessagesCleanupTest";

  @Inject SentMessagesCleanup cleanup;

  @Override
  public Map<String, String> getProperties() {
    Map<String, String> properties = new HashMap<>(TestInfrastructure.properties());
    properties.put("content.outbox.relay-interval", "1h");
    return properties;
  }

  @Test
  void deletesMessagesSentLongerAgoThanTheRetentionAndKeepsRecentAndUnsentOnes() {
    UUID sentLongAgo = message("40 days", "8 days");
    UUID sentRecently = message("40 days", "6 days");
    UUID neverSent = message("40 days", null);

    assertThat(cleanup.deleteSent()).isGreaterThanOrEqualTo(1);

    assertThat(exists(sentLongAgo)).as("sent 8 days ago").isFalse();
    assertThat(exists(sentRecently)).as("sent 6 days ago").isTrue();
    assertThat(exists(neverSent)).as("not sent yet, however old").isTrue();

    // The next round, or a second instance at once: nothing more goes.
    assertThat(cleanup.deleteSent()).isZero();
    assertThat(exists(sentRecently)).isTrue();
  }

  @AfterEach
  void removeTheRowsOfThisTest() {
    TestInfrastructure.execute("DELETE FROM outbox_message WHERE event_type = '" + TEST_TYPE + "'");
  }

  private static UUID message(String createdAgo, String sentAgo) {
    UUID eventId = UUID.randomUUID();
    TestInfrastructure.execute(
        """
        INSERT INTO outbox_message (event_id, event_type, message_key, payload, created_at, sent_at)
        VALUES ('%s', '%s', 'key', '{}', now() - interval '%s', %s)"""
            .formatted(
                eventId,
                TEST_TYPE,
                createdAgo,
                sentAgo == null ? "NULL" : "now() - interval '" + sentAgo + "'"));
    return eventId;
  }

  private static boolean exists(UUID eventId) {
    return TestInfrastructure.queryLong(
            "SELECT count(*) FROM outbox_message WHERE event_id = '" + eventId + "'")
        == 1;
  }
}
