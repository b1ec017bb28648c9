package clinic.content.library;

import java.nio.ByteBuffer;
import java.sql.Connection;
import java.sql.Date;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Supplier;
import org.flywaydb.core.api.MigrationVersion;
import org.flywaydb.core.api.migration.Context;
import org.flywaydb.core.api.migration.JavaMigration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Loads the education library, the reviewed Markdown files under {@code library/}, into {@code
 * education_item}.
 *
 * <p>Why a Flyway <em>repeatable</em> Java migration rather than a loader at start-up: Flyway runs
 * it only when its checksum changes, and the checksum is a digest of every library file, so a
 * start-up with an unchanged library does no library work at all (it reads the files to compute the
 * digest and nothing else). Each load is recorded in {@code flyway_schema_history} (when, which
 * digest), runs in Flyway's transaction under Flyway's lock (two instances starting together do not
 * load twice), and is finished before the service reads the database, so no packet is ever
 * assembled from half a library. The files themselves are reviewed in pull requests like code.
 *
 * <p>What a load does, file by file: when the file differs from the version last loaded from a file
 * for that slug and language, it inserts the next version as PUBLISHED and retires the one
 * published before (also an editor's, see {@link ItemEditor}: a reviewed change to the file wins).
 * It never changes an existing version's content, so packets already sent keep what they pinned. A
 * published version that came from a file that no longer exists is retired. An unchanged file adds
 * nothing, so a load is idempotent.
 */
class EducationLibraryMigration implements JavaMigration {

  private static final Logger LOG = LoggerFactory.getLogger(EducationLibraryMigration.class);

  private final Supplier<Map<String, byte[]>> source;
  private Map<String, byte[]> files;

  /**
   * @param source the library's files by name, read when Flyway first asks for the checksum
   */
  EducationLibraryMigration(Supplier<Map<String, byte[]>> source) {
    this.source = source;
  }

  /** None: a repeatable migration, run again whenever its checksum changes. */
  @Override
  public MigrationVersion getVersion() {
    return null;
  }

  @Override
  public String getDescription() {
    return "education library";
  }

  @Override
  public Integer getChecksum() {
    return ByteBuffer.wrap(LibraryFile.fingerprint(files())).getInt();
  }

  @Override
  public boolean canExecuteInTransaction() {
    return true;
  }

  @Override
  public void migrate(Context context) throws SQLException {
    List<LibraryFile> library = parse(files());
    Connection connection = context.getConnection();
    int added = 0;
    for (LibraryFile file : library) {
      if (file.sha256().equals(lastLoaded(connection, file))) {
        continue;
      }
      int version = latestVersion(connection, file) + 1;
      retirePublished(connection, file.slug(), file.locale());
      insert(connection, file.toVersion(version));
      added++;
    }
    int retired = retireRemoved(connection, library);
    LOG.info(
        "Education library: {} files, {} new versions published, {} removed items retired",
        library.size(),
        added,
        retired);
  }

  private synchronized Map<String, byte[]> files() {
    if (files == null) {
      files = source.get();
    }
    return files;
  }

  /**
   * Parses every file and checks the library as a whole: every item exists in English (the
   * fallback), and all languages of an item agree on its kind and tags, so that a packet has the
   * same items whatever the patient's language.
   */
  static List<LibraryFile> parse(Map<String, byte[]> files) {
    List<LibraryFile> library = new ArrayList<>();
    files.forEach((name, content) -> library.add(LibraryFile.parse(name, content)));
    Map<String, LibraryFile> english = new HashMap<>();
    library.stream()
        .filter(file -> file.locale().equals(EducationLibrary.FALLBACK_LANGUAGE))
        .forEach(file -> english.put(file.slug(), file));
    for (LibraryFile file : library) {
      LibraryFile reference = english.get(file.slug());
      if (reference == null) {
        throw new IllegalStateException(
            "Library file " + file.name() + " has no English version (" + file.slug() + ".en.md)");
      }
      if (file.kind() != reference.kind()
          || !Objects.equals(file.causes(), reference.causes())
          || !Objects.equals(file.routes(), reference.routes())) {
        throw new IllegalStateException(
            "Library file "
                + file.name()
                + " must have the kind, causes and routes of "
                + reference.name());
      }
    }
    if (library.isEmpty()) {
      throw new IllegalStateException("The education library is empty");
    }
    return library;
  }

  private static String lastLoaded(Connection connection, LibraryFile file) throws SQLException {
    try (PreparedStatement query =
        connection.prepareStatement(
            """
            SELECT source_sha256 FROM education_item
             WHERE slug = ? AND locale = ? AND source_sha256 IS NOT NULL
             ORDER BY version DESC LIMIT 1
            """)) {
      query.setString(1, file.slug());
      query.setString(2, file.locale());
      try (ResultSet row = query.executeQuery()) {
        return row.next() ? row.getString(1) : null;
      }
    }
  }

  private static int latestVersion(Connection connection, LibraryFile file) throws SQLException {
    try (PreparedStatement query =
        connection.prepareStatement(
            "SELECT COALESCE(MAX(version), 0) FROM education_item WHERE slug = ? AND locale = ?")) {
      query.setString(1, file.slug());
      query.setString(2, file.locale());
      try (ResultSet row = query.executeQuery()) {
        row.next();
        return row.getInt(1);
      }
    }
  }

  private static void retirePublished(Connection connection, String slug, String locale)
      throws SQLException {
    try (PreparedStatement update =
        connection.prepareStatement(
            """
            UPDATE education_item SET status = 'RETIRED'
             WHERE slug = ? AND locale = ? AND status = 'PUBLISHED'
            """)) {
      update.setString(1, slug);
      update.setString(2, locale);
      update.executeUpdate();
    }
  }

  private static void insert(Connection connection, EducationItem item) throws SQLException {
    try (PreparedStatement insert =
        connection.prepareStatement(
            """
            INSERT INTO education_item (slug, locale, version, title, kind, summary, body_markdown,
                                        cause_tags, route_tags, status, reviewer, reviewed_on,
                                        source_sha256)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
            """)) {
      insert.setString(1, item.slug());
      insert.setString(2, item.locale());
      insert.setInt(3, item.version());
      insert.setString(4, item.title());
      insert.setString(5, item.kind().name());
      insert.setString(6, item.summary());
      insert.setString(7, item.bodyMarkdown());
      insert.setArray(8, connection.createArrayOf("text", item.causeTags().toArray()));
      insert.setArray(9, connection.createArrayOf("text", item.routeTags().toArray()));
      insert.setString(10, item.status().name());
      insert.setString(11, item.reviewer());
      insert.setDate(12, item.reviewedOn() == null ? null : Date.valueOf(item.reviewedOn()));
      insert.setString(13, item.sourceSha256());
      insert.executeUpdate();
    }
  }

  /** Retires the published versions loaded from files (or the first seed) that are gone now. */
  private static int retireRemoved(Connection connection, List<LibraryFile> library)
      throws SQLException {
    try (PreparedStatement update =
        connection.prepareStatement(
            """
            UPDATE education_item SET status = 'RETIRED'
             WHERE status = 'PUBLISHED' AND source_sha256 IS NOT NULL
               AND NOT (slug || '.' || locale = ANY (?))
            """)) {
      update.setArray(
          1,
          connection.createArrayOf(
              "text", library.stream().map(file -> file.slug() + "." + file.locale()).toArray()));
      return update.executeUpdate();
    }
  }
}
