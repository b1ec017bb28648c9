package clinic.content.packet;

import static org.assertj.core.api.Assertions.assertThat;

import clinic.content.testing.TestInfrastructure;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import io.micronaut.test.support.TestPropertyProvider;
import jakarta.inject.Inject;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * With the default retention (30 days): an id processed 31 days ago goes, one processed 29 days ago
 * stays. In the real processed-event table.
 */
@MicronautTest(transactional = false)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ProcessedEventsCleanupTest implements TestPropertyProvider {

  private static final String TEST_TYPE = "ProcessedEventsCleanupTest";

  @Inject ProcessedEventsCleanup cleanup;

  @Override
  public Map<String, String> getProperties() {
    return TestInfrastructure.properties();
  }

  @Test
  void deletesIdsOlderThanTheRetentionAndKeepsRecentOnes() {
    UUID old = processed("31 days");
    UUID recent = processed("29 days");

    assertThat(cleanup.deleteProcessed()).isGreaterThanOrEqualTo(1);

    assertThat(exists(old)).as("processed 31 days ago").isFalse();
    assertThat(exists(recent)).as("processed 29 days ago").isTrue();
    assertThat(cleanup.deleteProcessed()).isZero();
    assertThat(exists(recent)).isTrue();
  }

  @AfterEach
  void removeTheRowsOfThisTest() {
    TestInfrastructure.execute(
        "DELETE FROM processed_event WHERE event_type = '" + TEST_TYPE + "'");
  }

  private static UUID processed(String ago) {
    UUID eventId = UUID.randomUUID();
    TestInfrastructure.execute(
        "INSERT INTO processed_event (event_id, event_type, processed_at) VALUES ('%s', '%s', now() - interval '%s')"
            .formatted(eventId, TEST_TYPE, ago));
    return eventId;
  }

  private static boolean exists(UUID eventId) {
    return TestInfrastructure.queryLong(
            "SELECT count(*) FROM processed_event WHERE event_id = '" + eventId + "'")
        == 1;
  }
}
