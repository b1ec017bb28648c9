package clinic.content.testing;

import clinic.security.testing.TestIssuer;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.LinkedHashMap;
import java.util.Map;
import kafka.testkit.KafkaClusterTestKit;
import kafka.testkit.TestKitNodes;

/**
 * One real PostgreSQL and one real Kafka broker (KRaft) for the whole test run, started on first
 * use, listening on loopback only, stopped when the JVM exits.
 */
public final class TestInfrastructure {

  private static EmbeddedPostgres postgres;
  private static KafkaClusterTestKit kafka;

  private TestInfrastructure() {}

  /**
   * The application properties that point the service at the test database, broker and token
   * issuer.
   */
  public static synchronized Map<String, String> properties() {
    start();
    Map<String, String> properties = new LinkedHashMap<>();
    properties.put(
        "datasources.default.url",
        "jdbc:postgresql://127.0.0.1:" + postgres.getPort() + "/postgres");
    properties.put("datasources.default.username", "postgres");
    properties.put("datasources.default.password", "postgres");
    properties.put("kafka.bootstrap.servers", kafka.bootstrapServers());
    properties.put("micronaut.server.host", "127.0.0.1");
    properties.put("micronaut.server.port", "-1");
    properties.put("content.public-url", "https://clinic.test/");
    properties.put("content.outbox.relay-interval", "100ms");
    properties.put("content.triage.retry-delay", "100ms");
    properties.put("content.intake.retry-delay", "100ms");
    // A JVM's first page renders its templates cold; on a loaded two-core machine that can take
    // longer than the client's default 10 s.
    properties.put("micronaut.http.client.read-timeout", "30s");
    // The one real token issuer of this test JVM; its discovery document leads to its keys.
    properties.put(
        "micronaut.security.token.jwt.claims-validators.issuer", TestIssuer.shared().issuerUri());
    return properties;
  }

  public static synchronized String bootstrapServers() {
    start();
    return kafka.bootstrapServers();
  }

  /** Runs SQL on the test database directly, beside the application (to break it on purpose). */
  public static void execute(String sql) {
    query(sql);
  }

  /** A connection of its own to the test database, beside the application's pool. */
  public static synchronized Connection connect() throws SQLException {
    start();
    return DriverManager.getConnection(
        "jdbc:postgresql://127.0.0.1:" + postgres.getPort() + "/postgres", "postgres", "postgres");
  }

  /** The address of another database on the test server, e.g. one made for a migration test. */
  public static synchronized String jdbcUrl(String database) {
    start();
    return "jdbc:postgresql://127.0.0.1:" + postgres.getPort() + "/" + database;
  }

  /** A connection of its own to another database on the test server. */
  public static Connection connect(String database) throws SQLException {
    return DriverManager.getConnection(jdbcUrl(database), "postgres", "postgres");
  }

  /** The first column of the first row of a query run directly on the test database. */
  public static long queryLong(String sql) {
    return ((Number) query(sql)).longValue();
  }

  private static synchronized Object query(String sql) {
    start();
    try (Connection connection =
            DriverManager.getConnection(
                "jdbc:postgresql://127.0.0.1:" + postgres.getPort() + "/postgres",
                "postgres",
                "postgres");
        Statement statement = connection.createStatement()) {
      if (!statement.execute(sql)) {
        return null;
      }
      try (ResultSet rows = statement.getResultSet()) {
        return rows.next() ? rows.getObject(1) : null;
      }
    } catch (SQLException e) {
      throw new IllegalStateException(sql, e);
    }
  }

  private static void start() {
    if (postgres != null) {
      return;
    }
    try {
      postgres =
          EmbeddedPostgres.builder().setServerConfig("listen_addresses", "127.0.0.1").start();
      kafka =
          new KafkaClusterTestKit.Builder(
                  new TestKitNodes.Builder()
                      .setCombined(true)
                      .setNumBrokerNodes(1)
                      .setNumControllerNodes(1)
                      .build())
              .setConfigProp("listeners", "EXTERNAL://127.0.0.1:0,CONTROLLER://127.0.0.1:0")
              .setConfigProp("group.initial.rebalance.delay.ms", "0")
              .setConfigProp("offsets.topic.replication.factor", "1")
              .setConfigProp("offsets.topic.num.partitions", "1")
              .setConfigProp("transaction.state.log.replication.factor", "1")
              .setConfigProp("transaction.state.log.min.isr", "1")
              .build();
      kafka.format();
      kafka.startup();
      kafka.waitForReadyBrokers();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (Exception e) {
      throw new IllegalStateException("Could not start the test broker", e);
    }
    Runtime.getRuntime().addShutdownHook(new Thread(TestInfrastructure::stop));
  }

  private static void stop() {
    try {
      kafka.close();
    } catch (Exception e) {
      // The JVM is exiting; nothing left to clean up for.
    }
    try {
      postgres.close();
    } catch (IOException e) {
      // As above.
    }
  }
}
