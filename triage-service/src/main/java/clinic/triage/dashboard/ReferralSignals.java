package clinic.triage.dashboard;

import clinic.triage.referral.ReferralChanged;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.function.Consumer;
import javax.sql.DataSource;
import org.postgresql.PGConnection;
import org.postgresql.PGNotification;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.context.event.EventListener;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * Tells every triage instance that a referral changed, once the change is committed: PostgreSQL's
 * {@code NOTIFY} in the transaction of the change (delivered to the listeners only if and when it
 * commits), and one {@code LISTEN}ing connection per instance that hands each notice to its open
 * pages. A page on any instance so sees a change made by any other. Ids and versions only. When the
 * listening connection breaks, it is opened again (1 s, doubling to 30 s) and the pages are told to
 * refetch, since notices sent meanwhile are lost.
 */
@Component
class ReferralSignals implements SmartLifecycle {

  static final String CHANNEL = "clinic_referral_changed";

  private static final Logger log = LoggerFactory.getLogger(ReferralSignals.class);
  private static final Duration WAIT = Duration.ofSeconds(5);
  private static final Duration FIRST_RETRY = Duration.ofSeconds(1);
  private static final Duration LAST_RETRY = Duration.ofSeconds(30);

  private final JdbcClient jdbc;
  private final DataSource dataSource;
  private final LiveUpdates pages;
  private volatile boolean running;
  private volatile boolean listening;
  private Thread listener;

  ReferralSignals(JdbcClient jdbc, DataSource dataSource, LiveUpdates pages) {
    this.jdbc = jdbc;
    this.dataSource = dataSource;
    this.pages = pages;
  }

  /** In the transaction that made the change: delivered to every instance only if it commits. */
  @EventListener
  void on(ReferralChanged changed) {
    jdbc.sql("select pg_notify(?, ?)")
        .param(CHANNEL)
        .param(changed.referralId() + "/" + changed.version())
        .query((rs, row) -> row)
        .list();
  }

  /** Whether this instance is listening now (for its health and its tests). */
  boolean listening() {
    return listening;
  }

  @Override
  public void start() {
    running = true;
    listener =
        Thread.ofPlatform()
            .name("referral-signals")
            .daemon()
            .start(() -> listen(pages::announce, pages::resync));
  }

  @Override
  public void stop() {
    running = false;
    if (listener != null) {
      listener.interrupt();
    }
  }

  @Override
  public boolean isRunning() {
    return running;
  }

  private void listen(Consumer<String> notice, Runnable resync) {
    Duration retry = FIRST_RETRY;
    boolean first = true;
    while (running) {
      try (Connection connection = dataSource.getConnection()) {
        connection.setAutoCommit(true);
        try (Statement statement = connection.createStatement()) {
          statement.execute("LISTEN " + CHANNEL);
        }
        PGConnection postgres = connection.unwrap(PGConnection.class);
        listening = true;
        if (!first) {
          log.info("Listening for referral changes again");
          resync.run();
        }
        first = false;
        retry = FIRST_RETRY;
        while (running) {
          PGNotification[] notices = postgres.getNotifications((int) WAIT.toMillis());
          if (notices != null) {
            for (PGNotification n : notices) {
              notice.accept(n.getParameter());
            }
          }
        }
      } catch (SQLException e) {
        listening = false;
        if (!running) {
          return;
        }
        log.warn("Not listening for referral changes ({}); again in {}", e.getMessage(), retry);
        try {
          Thread.sleep(retry);
        } catch (InterruptedException interrupted) {
          return;
        }
        retry =
            retry.multipliedBy(2).compareTo(LAST_RETRY) > 0 ? LAST_RETRY : retry.multipliedBy(2);
        first = false;
      }
    }
    listening = false;
  }
}
