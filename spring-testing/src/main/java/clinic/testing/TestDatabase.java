package clinic.testing;

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
 * fresh database for every application context and every process-level test that asks, so that none
 * sees another's rows or schemas.
 */
public final class TestDatabase {

  public static final String USER = "postgres";
  public static final String PASSWORD = "postgres";

  private static final AtomicInteger databases = new AtomicInteger();
  private static EmbeddedPostgres postgres;

  private TestDatabase() {}

  /** Creates an empty database and returns its JDBC URL. */
  public static synchronized String newDatabase() {
    var name = "test_" + databases.incrementAndGet();
    try (var connection = server().getPostgresDatabase().getConnection();
        var statement = connection.createStatement()) {
      statement.execute("create database " + name);
    } catch (SQLException e) {
      throw new IllegalStateException("Cannot create database " + name, e);
    }
    return server().getJdbcUrl(USER, name);
  }

  /** An empty database of its own. */
  public static DataSource newDataSource() {
    return dataSource(newDatabase());
  }

  public static DataSource dataSource(String url) {
    return DataSourceBuilder.create().url(url).username(USER).password(PASSWORD).build();
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
      // racing them: a closing context still reads the database (the outbox's publication
      // registry, the notification dispatcher) and would wait for a connection.
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
