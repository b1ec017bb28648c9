package clinic.triage.dashboard;

import clinic.triage.referral.ReferralChanged;
import clinic.triage.system.Listening;
import javax.sql.DataSource;
import org.springframework.context.SmartLifecycle;
import org.springframework.context.event.EventListener;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * Tells every triage instance that a referral changed, once the change is committed: a {@code
 * NOTIFY} in the transaction of the change, and one {@code LISTEN}ing connection per instance that
 * hands each notice to its open pages ({@link Listening}). A page on any instance so sees a change
 * made by any other. Ids and versions only. When the listening connection was lost and opened
 * again, the pages are told to refetch, since notices sent meanwhile are lost.
 */
@Component
class ReferralSignals implements SmartLifecycle {

  static final String CHANNEL = "clinic_referral_changed";

  private final JdbcClient jdbc;
  private final Listening listening;

  ReferralSignals(JdbcClient jdbc, DataSource dataSource, LiveUpdates pages) {
    this.jdbc = jdbc;
    this.listening =
        new Listening(dataSource, CHANNEL, "referral changes", pages::announce, pages::resync);
  }

  /** In the transaction that made the change: delivered to every instance only if it commits. */
  @EventListener
  void on(ReferralChanged changed) {
    Listening.notify(jdbc, CHANNEL, changed.referralId() + "/" + changed.version());
  }

  /** Whether this instance is listening now (for its health and its tests). */
  boolean listening() {
    return listening.listening();
  }

  @Override
  public void start() {
    listening.start();
  }

  @Override
  public void stop() {
    listening.stop();
  }

  @Override
  public boolean isRunning() {
    return listening.running();
  }
}
