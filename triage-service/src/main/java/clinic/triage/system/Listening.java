package clinic.triage.system;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.function.Consumer;
import java.util.regex.Pattern;
import javax.sql.DataSource;
import org.postgresql.PGConnection;
import org.postgresql.PGNotification;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * How the triage instances tell each other that something changed: PostgreSQL's {@code NOTIFY} in
 * the transaction of the change (delivered only if and when it commits), and per instance and
 * channel one {@code LISTEN}ing connection on a thread of its own that hands each notice on. When
 * that connection breaks it is opened again (1 s, doubling to 30 s), and {@code resync} is run once
 * it listens again, since notices sent meanwhile are lost. Payloads are ids and versions only.
 */
public final class Listening {

  private static final Logger log = LoggerFactory.getLogger(Listening.class);
  private static final Pattern CHANNEL = Pattern.compile("[a-z_]+");
  private static final Duration WAIT = Duration.ofSeconds(5);
  private static final Duration FIRST_RETRY = Duration.ofSeconds(1);
  private static final Duration LAST_RETRY = Duration.ofSeconds(30);

  private final DataSource dataSource;
  private final String channel;
  private final String what;
  private final Consumer<String> notice;
  private final Runnable resync;
  private volatile boolean running;
  private volatile boolean listening;
  private Thread listener;

  /**
   * @param what what the notices announce, for the log ("referral changes")
   * @param notice called with each notice's payload, on the listening thread
   * @param resync called after the connection was opened again
   */
  public Listening(
      DataSource dataSource,
      String channel,
      String what,
      Consumer<String> notice,
      Runnable resync) {
    if (!CHANNEL.matcher(channel).matches()) {
      throw new IllegalArgumentException("not a channel name: " + channel);
    }
    this.dataSource = dataSource;
    this.channel = channel;
    this.what = what;
    this.notice = notice;
    this.resync = resync;
  }

  /** Sends a notice on the channel in the current transaction: delivered if it commits. */
  public static void notify(JdbcClient jdbc, String channel, String payload) {
    jdbc.sql("select pg_notify(?, ?)").param(channel).param(payload).query((rs, row) -> row).list();
  }

  /** Whether the connection listens now (for health and tests). */
  public boolean listening() {
    return listening;
  }

  public void start() {
    running = true;
    listener = Thread.ofPlatform().name("listen-" + channel).daemon().start(this::listen);
  }

  public void stop() {
    running = false;
    if (listener != null) {
      listener.interrupt();
    }
  }

  public boolean running() {
    return running;
  }

  private void listen() {
    Duration retry = FIRST_RETRY;
    boolean first = true;
    while (running) {
      try (Connection connection = dataSource.getConnection()) {
        connection.setAutoCommit(true);
        try (Statement statement = connection.createStatement()) {
          statement.execute("LISTEN " + channel);
        }
        PGConnection postgres = connection.unwrap(PGConnection.class);
        listening = true;
        if (!first) {
          log.info("Listening for {} again", what);
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
        log.warn("Not listening for {} ({}); again in {}", what, e.getMessage(), retry);
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
