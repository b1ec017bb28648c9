package clinic.intake.system;

import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.modulith.events.FailedEventPublications;
import org.springframework.modulith.events.ResubmissionOptions;
import org.springframework.scheduling.annotation.EnableScheduling;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * Sends again the publications whose send failed (broker down, delivery timeout) while the service
 * kept running; on restart Modulith resubmits every incomplete publication by itself.
 */
@Component
@EnableScheduling
class FailedPublicationsRetry {

  private static final Logger log = LoggerFactory.getLogger(FailedPublicationsRetry.class);

  private final FailedEventPublications failed;
  private final Duration minAge;

  FailedPublicationsRetry(
      FailedEventPublications failed,
      @Value("${intake.outbox.retry-min-age:30s}") Duration minAge) {
    this.failed = failed;
    this.minAge = minAge;
  }

  @Scheduled(
      fixedDelayString = "${intake.outbox.retry-interval:30s}",
      initialDelayString = "${intake.outbox.retry-interval:30s}")
  void resubmit() {
    log.debug("Resubmitting failed event publications older than {}", minAge);
    failed.resubmit(ResubmissionOptions.defaults().withMinAge(minAge).withBatchSize(100));
  }
}
