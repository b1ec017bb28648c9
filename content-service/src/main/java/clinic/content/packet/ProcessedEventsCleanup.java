package clinic.content.packet;

import io.micronaut.context.annotation.Value;
import io.micronaut.scheduling.annotation.Scheduled;
import io.micronaut.transaction.annotation.Transactional;
import jakarta.inject.Singleton;
import java.time.Duration;
import java.time.Instant;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Deletes the ids of events processed longer than {@code content.retention.processed-events} ago.
 * An id only matters while its event can be delivered again: from the topic (kept 7 days by Kafka's
 * default {@code retention.ms}) or from triage resubmitting an old publication, so the window must
 * outlast both. Safe with several instances: the delete is by age alone.
 */
@Singleton
class ProcessedEventsCleanup {

  private static final Logger LOG = LoggerFactory.getLogger(ProcessedEventsCleanup.class);

  private final ProcessedEventRepository processedEvents;
  private final Duration keep;

  ProcessedEventsCleanup(
      ProcessedEventRepository processedEvents,
      @Value("${content.retention.processed-events:30d}") Duration keep) {
    if (keep.isNegative() || keep.isZero()) {
      throw new IllegalArgumentException(
          "content.retention.processed-events must be positive, not " + keep);
    }
    this.processedEvents = processedEvents;
    this.keep = keep;
  }

  /** Returns how many ids were deleted. */
  @Scheduled(
      fixedDelay = "${content.retention.interval:1h}",
      initialDelay = "${content.retention.interval:1h}")
  @Transactional
  int deleteProcessed() {
    int deleted = processedEvents.deleteByProcessedAtLessThan(Instant.now().minus(keep));
    LOG.debug("Deleted {} processed-event ids older than {}", deleted, keep);
    return deleted;
  }
}
