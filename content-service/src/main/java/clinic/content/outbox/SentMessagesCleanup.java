package clinic.content.outbox;

import io.micronaut.context.annotation.Value;
import io.micronaut.scheduling.annotation.Scheduled;
import io.micronaut.transaction.annotation.Transactional;
import jakarta.inject.Singleton;
import java.time.Duration;
import java.time.Instant;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Deletes outbox messages sent longer than {@code content.retention.sent-outbox-messages} ago: once
 * the broker acknowledged a message, its row is only a record that it left. Unsent messages stay,
 * however old. Safe with several instances: the delete is by age alone, so two instances running it
 * at once delete the same rows once, and it never touches a row the relay may still lock.
 */
@Singleton
class SentMessagesCleanup {

  private static final Logger LOG = LoggerFactory.getLogger(SentMessagesCleanup.class);

  private final OutboxRepository messages;
  private final Duration keep;

  SentMessagesCleanup(
      OutboxRepository messages,
      @Value("${content.retention.sent-outbox-messages:7d}") Duration keep) {
    if (keep.isNegative() || keep.isZero()) {
      throw new IllegalArgumentException(
          "content.retention.sent-outbox-messages must be positive, not " + keep);
    }
    this.messages = messages;
    this.keep = keep;
  }

  /** Returns how many messages were deleted. */
  @Scheduled(
      fixedDelay = "${content.retention.interval:1h}",
      initialDelay = "${content.retention.interval:1h}")
  @Transactional
  int deleteSent() {
    int deleted = messages.deleteBySentAtLessThan(Instant.now().minus(keep));
    LOG.debug("Deleted {} outbox messages sent more than {} ago", deleted, keep);
    return deleted;
  }
}
