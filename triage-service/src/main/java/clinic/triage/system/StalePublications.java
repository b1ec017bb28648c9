package clinic.triage.system;

import java.time.Duration;
import org.springframework.modulith.events.IncompleteEventPublications;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * A restart resubmits incomplete outbox publications; this covers a broker outage while the service
 * keeps running. A duplicate send is harmless: consumers discard a ce_id they have already seen.
 */
@Component
class StalePublications {

  /** Longer than a Kafka send may take (delivery.timeout.ms is 2 minutes by default). */
  private static final Duration STALE_AFTER = Duration.ofMinutes(5);

  private final IncompleteEventPublications incomplete;

  StalePublications(IncompleteEventPublications incomplete) {
    this.incomplete = incomplete;
  }

  @Scheduled(fixedDelayString = "PT1M", initialDelayString = "PT1M")
  void resubmit() {
    incomplete.resubmitIncompletePublicationsOlderThan(STALE_AFTER);
  }
}
