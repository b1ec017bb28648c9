package clinic.events.spring;

import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.modulith.events.CompletedEventPublications;
import org.springframework.scheduling.annotation.Scheduled;

/**
 * Deletes what the outbox and the idempotent consumer keep only for a while:
 *
 * <ul>
 *   <li>completed outbox publications ({@code event_publication} rows with a completion date),
 *       through Spring Modulith's {@link CompletedEventPublications}, once completed longer than
 *       {@code clinic.events.retention.completed-publications} ago. Incomplete ones stay, however
 *       old: they are still to be sent.
 *   <li>processed-event ids ({@code processed_event}, see {@link ProcessedEvents}) older than
 *       {@code clinic.events.retention.processed-events}. An id only matters while its event can be
 *       delivered again: a redelivery comes from the topic (kept 7 days by Kafka's default {@code
 *       retention.ms}) or from a producer resubmitting an old publication, so the window must
 *       outlast both.
 * </ul>
 *
 * <p>Safe with several instances: each delete is by age alone, so running it on two instances, or
 * twice, deletes the same rows once; no lease is needed.
 */
public class EventRetention {

  private static final Logger log = LoggerFactory.getLogger(EventRetention.class);

  private final CompletedEventPublications completedPublications;
  private final JdbcClient jdbc;
  private final Duration keepCompletedPublications;
  private final Duration keepProcessedEvents;

  EventRetention(
      CompletedEventPublications completedPublications,
      JdbcClient jdbc,
      Duration keepCompletedPublications,
      Duration keepProcessedEvents) {
    this.completedPublications = completedPublications;
    this.jdbc = jdbc;
    this.keepCompletedPublications = requirePositive(keepCompletedPublications);
    this.keepProcessedEvents = requirePositive(keepProcessedEvents);
  }

  @Scheduled(
      fixedDelayString = "${clinic.events.retention.interval:1h}",
      initialDelayString = "${clinic.events.retention.interval:1h}")
  public void deleteExpired() {
    completedPublications.deletePublicationsOlderThan(keepCompletedPublications);
    int processed =
        jdbc.sql(
                """
                delete from processed_event
                where processed_at < now() - cast(:ageMillis as bigint) * interval '1 millisecond'
                """)
            .param("ageMillis", keepProcessedEvents.toMillis())
            .update();
    log.debug(
        "Deleted publications completed more than {} ago and {} processed-event ids older than {}",
        keepCompletedPublications,
        processed,
        keepProcessedEvents);
  }

  private static Duration requirePositive(Duration retention) {
    if (retention.isNegative() || retention.isZero()) {
      throw new IllegalArgumentException("a retention must be positive, not " + retention);
    }
    return retention;
  }
}
