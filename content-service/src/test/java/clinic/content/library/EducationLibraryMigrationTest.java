package clinic.content.library;

import static org.assertj.core.api.Assertions.assertThat;

import clinic.content.testing.TestInfrastructure;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import io.micronaut.test.support.TestPropertyProvider;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.flywaydb.core.api.configuration.Configuration;
import org.flywaydb.core.api.migration.Context;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Loading the library into the real database. Each test runs the load inside a transaction it rolls
 * back, so the shared test database keeps the library the service started with.
 */
@MicronautTest(transactional = false)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class EducationLibraryMigrationTest implements TestPropertyProvider {

  private static final Map<String, byte[]> LIBRARY =
      LibraryFile.readAll(EducationLibraryMigrationTest.class.getClassLoader());

  @Override
  public Map<String, String> getProperties() {
    return TestInfrastructure.properties();
  }

  @Test
  void flywayRecordedTheLoadAsARepeatableMigrationWithTheLibrarysChecksum() {
    assertThat(
            TestInfrastructure.queryLong(
                "SELECT checksum FROM flyway_schema_history"
                    + " WHERE description = 'education library' AND version IS NULL"
                    + " ORDER BY installed_rank DESC LIMIT 1"))
        .isEqualTo(new EducationLibraryMigration(() -> LIBRARY).getChecksum().longValue());
  }

  @Test
  void unchangedLibraryAddsNoVersion() throws Exception {
    try (Connection connection = transaction()) {
      List<String> before = versions(connection);

      load(connection, LIBRARY);

      assertThat(versions(connection)).isEqualTo(before);
      connection.rollback();
    }
  }

  @Test
  void changedFileBecomesTheNextPublishedVersionAndTheOldOneRetires() throws Exception {
    Map<String, byte[]> library = new TreeMap<>(LIBRARY);
    library.put(
        "sciatica.en.md",
        new String(LIBRARY.get("sciatica.en.md"), java.nio.charset.StandardCharsets.UTF_8)
            .replace("## What is sciatica?", "## What sciatica is")
            .getBytes(java.nio.charset.StandardCharsets.UTF_8));
    try (Connection connection = transaction()) {
      List<String> before = versions(connection);

      load(connection, library);
      load(connection, library);

      List<String> after = versions(connection);
      assertThat(after).contains("sciatica.en 3 PUBLISHED", "sciatica.en 2 RETIRED");
      List<String> changes = new ArrayList<>(after);
      changes.removeAll(before);
      assertThat(changes)
          .as("one new version, once, and only for the changed file")
          .containsExactlyInAnyOrder("sciatica.en 3 PUBLISHED", "sciatica.en 2 RETIRED");
      assertThat(body(connection, "sciatica", "en", 2)).contains("## What is sciatica?");
      assertThat(body(connection, "sciatica", "en", 3)).contains("## What sciatica is");
      connection.rollback();
    }
  }

  @Test
  void itemWhoseFileIsRemovedIsRetiredAndItsHistoryKept() throws Exception {
    Map<String, byte[]> library = new TreeMap<>(LIBRARY);
    library.remove("prevention.es.md");
    try (Connection connection = transaction()) {
      load(connection, library);

      assertThat(versions(connection))
          .contains("prevention.es 1 RETIRED", "prevention.en 1 PUBLISHED")
          .doesNotContain("prevention.es 1 PUBLISHED");
      connection.rollback();
    }
  }

  private Connection transaction() throws SQLException {
    Connection connection = TestInfrastructure.connect();
    connection.setAutoCommit(false);
    return connection;
  }

  private static void load(Connection connection, Map<String, byte[]> files) throws Exception {
    new EducationLibraryMigration(() -> files)
        .migrate(
            new Context() {
              @Override
              public Configuration getConfiguration() {
                return null;
              }

              @Override
              public Connection getConnection() {
                return connection;
              }
            });
  }

  /** Every version of the library's items as "slug.locale version STATUS". */
  private static List<String> versions(Connection connection) throws SQLException {
    List<String> versions = new ArrayList<>();
    try (PreparedStatement query =
            connection.prepareStatement(
                "SELECT slug, locale, version, status FROM education_item"
                    + " WHERE slug NOT LIKE 'test-%' ORDER BY slug, locale, version");
        ResultSet rows = query.executeQuery()) {
      while (rows.next()) {
        versions.add(
            rows.getString(1)
                + "."
                + rows.getString(2)
                + " "
                + rows.getInt(3)
                + " "
                + rows.getString(4));
      }
    }
    return versions;
  }

  private static String body(Connection connection, String slug, String locale, int version)
      throws SQLException {
    try (PreparedStatement query =
        connection.prepareStatement(
            "SELECT body_markdown FROM education_item WHERE slug = ? AND locale = ? AND version = ?")) {
      query.setString(1, slug);
      query.setString(2, locale);
      query.setInt(3, version);
      try (ResultSet row = query.executeQuery()) {
        row.next();
        return row.getString(1);
      }
    }
  }
}
