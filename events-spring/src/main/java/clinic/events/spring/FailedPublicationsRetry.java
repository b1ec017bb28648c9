package clinic.events.spring;

import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.modulith.events.FailedEventPublications;
import org.springframework.modulith.events.ResubmissionOptions;
import org.springframework.scheduling.annotation.Scheduled;

/**
 * Sends again the publications whose send failed (broker down, delivery timeout) while the service
 * kept running; on restart Modulith resubmits every incomplete publication by itself. A publication
 * stuck mid-send counts as failed after {@code spring.modulith.events.staleness.*}. A duplicate
 * send is harmless: consumers discard a {@code ce_id} they have already seen.
 */
class FailedPublicationsRetry {

  private static final Logger log = LoggerFactory.getLogger(FailedPublicationsRetry.class);

  private final FailedEventPublications failed;
  private final Duration minAge;

  FailedPublicationsRetry(FailedEventPublications failed, Duration minAge) {
    this.failed = failed;
    this.minAge = minAge;
  }

  @Scheduled(
      fixedDelayString = "${clinic.outbox.retry-interval:30s}",
      initialDelayString = "${clinic.outbox.retry-interval:30s}")
  void resubmit() {
    log.debug("Resubmitting failed event publications older than {}", minAge);
    failed.resubmit(ResubmissionOptions.defaults().withMinAge(minAge).withBatchSize(100));
  }
}
