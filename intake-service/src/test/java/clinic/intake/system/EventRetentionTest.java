package clinic.intake.system;

import static org.assertj.core.api.Assertions.assertThat;

import clinic.events.spring.EventRetention;
import clinic.intake.IntakeServiceTest;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * With the default retention (publications completed 7 days ago, processed-event ids 30 days): old
 * completed publications and old ids go; recent ones, and incomplete publications of any age, stay.
 * Rows of its own in the real outbox and processed-event tables, beside the other tests' recent
 * ones.
 */
@IntakeServiceTest
class EventRetentionTest {

  @Autowired EventRetention cleanup;
  @Autowired JdbcClient jdbc;

  private final List<UUID> publications = new ArrayList<>();
  private final List<UUID> processedEvents = new ArrayList<>();

  @Test
  void deletesOldCompletedPublicationsAndOldProcessedEventIdsAndKeepsTheRest() {
    UUID oldCompleted = publication("8 days", "8 days");
    UUID recentlyCompleted = publication("40 days", "6 days");
    UUID oldIncomplete = publication("40 days", null);
    UUID oldProcessed = processedEvent("31 days");
    UUID recentlyProcessed = processedEvent("29 days");

    cleanup.deleteExpired();

    assertThat(publicationExists(oldCompleted)).as("completed 8 days ago").isFalse();
    assertThat(publicationExists(recentlyCompleted))
        .as("published long ago, completed 6 days ago")
        .isTrue();
    assertThat(publicationExists(oldIncomplete)).as("not sent yet, however old").isTrue();
    assertThat(processedEventExists(oldProcessed)).as("processed 31 days ago").isFalse();
    assertThat(processedEventExists(recentlyProcessed)).as("processed 29 days ago").isTrue();

    // A second instance doing the same at once, or the next round: the rest stays.
    cleanup.deleteExpired();
    assertThat(publicationExists(recentlyCompleted)).isTrue();
    assertThat(publicationExists(oldIncomplete)).isTrue();
    assertThat(processedEventExists(recentlyProcessed)).isTrue();
  }

  @AfterEach
  void removeTheRowsOfThisTest() {
    jdbc.sql("delete from event_publication where id in (:ids)")
        .param("ids", publications)
        .update();
    jdbc.sql("delete from processed_event where event_id in (:ids)")
        .param("ids", processedEvents)
        .update();
  }

  /** A publication made that long ago, and completed that long ago (or not at all). */
  private UUID publication(String publishedAgo, String completedAgo) {
    UUID id = UUID.randomUUID();
    publications.add(id);
    jdbc.sql(
            """
            insert into event_publication (id, listener_id, event_type, serialized_event,
                publication_date, completion_date, status, completion_attempts)
            values (:id, 'retention-test', 'clinic.RetentionTest', '{}',
                now() - cast(:published as interval), now() - cast(:completed as interval),
                :status, 1)
            """)
        .param("id", id)
        .param("published", publishedAgo)
        .param("completed", completedAgo)
        .param("status", completedAgo == null ? "FAILED" : "COMPLETED")
        .update();
    return id;
  }

  private UUID processedEvent(String ago) {
    UUID id = UUID.randomUUID();
    processedEvents.add(id);
    jdbc.sql(
            "insert into processed_event (event_id, event_type, intake_id, processed_at) values (:id, 'RetentionTest', gen_random_uuid(), now() - cast(:ago as interval))")
        .param("id", id)
        .param("ago", ago)
        .update();
    return id;
  }

  private boolean publicationExists(UUID id) {
    return jdbc.sql("select count(*) from event_publication where id = ?")
            .param(id)
            .query(Long.class)
            .single()
        == 1;
  }

  private boolean processedEventExists(UUID id) {
    return jdbc.sql("select count(*) from processed_event where event_id = ?")
            .param(id)
            .query(Long.class)
            .single()
        == 1;
  }
}
