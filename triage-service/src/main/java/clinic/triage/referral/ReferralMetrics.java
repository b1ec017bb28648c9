package clinic.triage.referral;

import clinic.events.spring.CachedQuery;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;
import java.time.Duration;
import java.util.EnumMap;
import java.util.Map;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * {@code clinic.referrals} by {@code status}: how many referrals stand in each state, from the
 * shared referral table (so every instance reports the whole clinic), one grouped count for all the
 * states at most every few seconds.
 */
@Component
class ReferralMetrics implements MeterBinder {

  private final CachedQuery<Map<ReferralStatus, Long>> counts;

  ReferralMetrics(
      JdbcClient jdbc, @Value("${clinic.metrics.database-gauges-max-age:5s}") Duration maxAge) {
    this.counts =
        new CachedQuery<>(
            () -> {
              Map<ReferralStatus, Long> byStatus = new EnumMap<>(ReferralStatus.class);
              jdbc.sql("select status, count(*) as n from referral group by status")
                  .query(
                      rs -> {
                        byStatus.put(
                            ReferralStatus.valueOf(rs.getString("status")), rs.getLong("n"));
                      });
              return byStatus;
            },
            maxAge);
  }

  @Override
  public void bindTo(MeterRegistry registry) {
    for (ReferralStatus status : ReferralStatus.values()) {
      Gauge.builder("clinic.referrals", counts, c -> c.get().getOrDefault(status, 0L))
          .description("Referrals in each state")
          .tag("status", status.name())
          .strongReference(true)
          .register(registry);
    }
  }
}
