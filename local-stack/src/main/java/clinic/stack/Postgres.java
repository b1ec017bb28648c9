package clinic.stack;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.FileOutputStream;
import java.io.IOException;
import java.lang.reflect.Field;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Embedded PostgreSQL 17 (zonky binaries, a real server process) with one database per service, all
 * owned by the role the services log in as.
 */
final class Postgres implements AutoCloseable {

  static final List<String> DATABASES = List.of("intake", "triage", "content");
  static final String USER = "clinic";
  static final String PASSWORD = "clinic";

  private final EmbeddedPostgres server;
  private final Path dataDirectory;

  private Postgres(EmbeddedPostgres server, Path dataDirectory) {
    this.server = server;
    this.dataDirectory = dataDirectory;
  }

  /**
   * Starts the server on {@code port}, initialising {@code dataDirectory} if it holds no cluster.
   *
   * @param keepData whether the data directory survives {@link #close()} (the launcher keeps it,
   *     tests throw it away); kept data is also committed durably (fsync, synchronous commits)
   * @param logFile where initdb, pg_ctl and the server write their output
   */
  static Postgres start(Path dataDirectory, int port, boolean keepData, Path logFile)
      throws IOException {
    Path data = dataDirectory.toAbsolutePath();
    discardUnfinishedInitdb(data);
    removeStalePidFile(data);
    Files.createDirectories(logFile.getParent());
    ProcessBuilder.Redirect log = ProcessBuilder.Redirect.appendTo(logFile.toFile());
    EmbeddedPostgres server;
    try {
      server =
          EmbeddedPostgres.builder()
              .setDataDirectory(data)
              .setCleanDataDirectory(!keepData)
              .setPort(port)
              .setPGStartupWait(Duration.ofSeconds(60))
              // Data the launcher keeps is committed durably, as in production (zonky's default
              // turns synchronous_commit off); throw-away test clusters keep the fast setting.
              .setServerConfig("synchronous_commit", keepData ? "on" : "off")
              .setServerConfig("fsync", keepData ? "on" : "off")
              .setServerConfig("full_page_writes", keepData ? "on" : "off")
              // Statement statistics for load runs and operators (load-test/db-statements); the
              // extension is created only where someone asks for them.
              .setServerConfig("shared_preload_libraries", "pg_stat_statements")
              .setOutputRedirector(log)
              .setErrorRedirector(log)
              .start();
    } catch (IOException | RuntimeException e) {
      throw new StackException(
          "PostgreSQL did not start on port %d (data %s): %s. Its log: %s"
              .formatted(port, data, e.getMessage(), logFile),
          e);
    }
    disownShutdownHook(server);
    return new Postgres(server, data);
  }

  /** Creates the login role and the three databases unless they exist (a restart keeps them). */
  void createClinicDatabases() throws SQLException {
    try (Connection connection = server.getPostgresDatabase().getConnection();
        Statement statement = connection.createStatement()) {
      if (!exists(connection, "SELECT 1 FROM pg_roles WHERE rolname = ?", USER)) {
        statement.execute("CREATE ROLE " + USER + " LOGIN PASSWORD '" + PASSWORD + "'");
      }
      for (String database : DATABASES) {
        if (!exists(connection, "SELECT 1 FROM pg_database WHERE datname = ?", database)) {
          statement.execute("CREATE DATABASE " + database + " OWNER " + USER);
        }
      }
    }
  }

  int port() {
    return server.getPort();
  }

  String jdbcUrl(String database) {
    return "jdbc:postgresql://127.0.0.1:%d/%s".formatted(server.getPort(), database);
  }

  Path dataDirectory() {
    return dataDirectory;
  }

  /** Fast shutdown: open connections are closed, committed data is kept. */
  @Override
  public void close() throws IOException {
    Optional<ProcessHandle> postmaster = postmasterOf(dataDirectory);
    closedFlag(server).ifPresent(flag -> flag.set(false));
    server.close();
    // pg_ctl returns once the pid file is gone, a moment before the process itself ends.
    if (postmaster.isPresent()) {
      try {
        postmaster.get().onExit().get(15, TimeUnit.SECONDS);
      } catch (Exception e) {
        postmaster.get().destroyForcibly();
      }
    }
  }

  /**
   * PostgreSQL's immediate shutdown (SIGQUIT to the postmaster), as a crash for the chaos run:
   * every backend quits at once, nothing is checkpointed, and the next start recovers from the
   * write-ahead log. SIGKILL of the postmaster alone would leave its backends holding the port.
   * zonky's lock on the data directory is released, so that a new server starts on it in this JVM.
   */
  void crash() throws IOException, InterruptedException {
    Optional<ProcessHandle> postmaster = postmasterOf(dataDirectory);
    if (postmaster.isPresent()) {
      new ProcessBuilder("kill", "-QUIT", Long.toString(postmaster.get().pid())).start().waitFor();
      try {
        postmaster.get().onExit().get(30, TimeUnit.SECONDS);
      } catch (Exception e) {
        postmaster.get().destroyForcibly();
      }
    }
    try {
      Field lock = EmbeddedPostgres.class.getDeclaredField("lock");
      lock.setAccessible(true);
      ((FileLock) lock.get(server)).release();
      Field stream = EmbeddedPostgres.class.getDeclaredField("lockStream");
      stream.setAccessible(true);
      ((FileOutputStream) stream.get(server)).close();
    } catch (ReflectiveOperationException | RuntimeException e) {
      throw new IllegalStateException(
          "zonky's lock on " + dataDirectory + " could not be released", e);
    }
  }

  private static boolean exists(Connection connection, String query, String name)
      throws SQLException {
    try (PreparedStatement statement = connection.prepareStatement(query)) {
      statement.setString(1, name);
      try (ResultSet result = statement.executeQuery()) {
        return result.next();
      }
    }
  }

  /** An initdb interrupted half-way leaves a directory initdb itself then refuses to reuse. */
  private static void discardUnfinishedInitdb(Path data) throws IOException {
    if (Files.isDirectory(data) && !Files.exists(data.resolve("postgresql.conf"))) {
      Files.deleteIfExists(data.resolve("epg-lock"));
      try (var entries = Files.list(data)) {
        if (entries.findAny().isPresent()) {
          Directories.delete(data);
        }
      }
    }
  }

  /**
   * A postmaster.pid left by a killed server is only harmless while its pid is unused: once the pid
   * belongs to another process, PostgreSQL refuses to start ("Is another postmaster running?"). A
   * live PostgreSQL on this directory was already stopped by {@link Leftovers}.
   */
  private static void removeStalePidFile(Path data) throws IOException {
    Path pidFile = data.resolve("postmaster.pid");
    if (Files.exists(pidFile) && postmasterOf(data).isEmpty()) {
      Files.delete(pidFile);
    }
  }

  /** The PostgreSQL server running on {@code data}, if any, from its postmaster.pid. */
  static Optional<ProcessHandle> postmasterOf(Path data) throws IOException {
    Path pidFile = data.resolve("postmaster.pid");
    if (!Files.exists(pidFile)) {
      return Optional.empty();
    }
    List<String> lines = Files.readAllLines(pidFile, StandardCharsets.UTF_8);
    if (lines.isEmpty() || !lines.getFirst().strip().matches("\\d+")) {
      return Optional.empty();
    }
    return ProcessHandle.of(Long.parseLong(lines.getFirst().strip()))
        .filter(ProcessHandle::isAlive)
        .filter(p -> p.info().command().orElse("").endsWith("/postgres"))
        .filter(
            p -> p.info().arguments().map(List::of).orElse(List.of()).contains(data.toString()));
  }

  /** Stops a server a killed launcher left running on {@code data}: fast shutdown via SIGINT. */
  static void stopOrphan(ProcessHandle postmaster) throws IOException, InterruptedException {
    new ProcessBuilder("kill", "-INT", Long.toString(postmaster.pid())).start().waitFor();
    try {
      postmaster.onExit().get(30, TimeUnit.SECONDS);
    } catch (Exception e) {
      postmaster.destroyForcibly();
    }
  }

  /**
   * zonky registers a shutdown hook that stops the server. JVM shutdown hooks run concurrently, so
   * on Ctrl-C it would stop PostgreSQL while the services are still shutting down and writing. The
   * launcher's own hook stops the server last; so the library's hook is made a no-op by marking the
   * instance closed, and {@link #close()} re-arms it. If a later zonky version renames the flag,
   * both hooks run and only the stop order is lost.
   */
  private static void disownShutdownHook(EmbeddedPostgres server) {
    closedFlag(server).ifPresent(flag -> flag.set(true));
  }

  private static Optional<AtomicBoolean> closedFlag(EmbeddedPostgres server) {
    try {
      Field field = EmbeddedPostgres.class.getDeclaredField("closed");
      field.setAccessible(true);
      return Optional.of((AtomicBoolean) field.get(server));
    } catch (ReflectiveOperationException | RuntimeException e) {
      return Optional.empty();
    }
  }
}
