package clinic.notifications;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.sql.SQLException;
import java.util.concurrent.atomic.AtomicInteger;
import javax.sql.DataSource;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.jdbc.DataSourceBuilder;

/**
 * One real PostgreSQL 17 for the whole test JVM (zonky's embedded binaries, loopback only), with a
 * fresh database for every application context and every test that asks, so that none sees
 * another's rows or schemas.
 */
final class TestDatabase {

  static final String USER = "postgres";

  private static final AtomicInteger databases = new AtomicInteger();
  private static EmbeddedPostgres postgres;

  private TestDatabase() {}

  /** An empty database of its own. */
  static synchronized DataSource newDataSource() {
    var name = "notifications_test_" + databases.incrementAndGet();
    try (var connection = server().getPostgresDatabase().getConnection();
        var statement = connection.createStatement()) {
      statement.execute("create database " + name);
    } catch (SQLException e) {
      throw new IllegalStateException("Cannot create database " + name, e);
    }
    return DataSourceBuilder.create().url(server().getJdbcUrl(USER, name)).username(USER).build();
  }

  private static synchronized EmbeddedPostgres server() {
    if (postgres == null) {
      try {
        postgres =
            EmbeddedPostgres.builder()
                .setServerConfig("listen_addresses", "127.0.0.1")
                .setRegisterShutdownHook(false)
                .start();
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
      // Stopped once Spring has closed every application context, not by a JVM hook of its own
      // racing them: a closing context's dispatcher still reads the database.
      SpringApplication.getShutdownHandlers().add(TestDatabase::stop);
    }
    return postgres;
  }

  private static synchronized void stop() {
    try {
      postgres.close();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
