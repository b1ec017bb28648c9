package clinic.load;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ConsumerGroupListing;
import org.apache.kafka.clients.admin.ListOffsetsResult.ListOffsetsResultInfo;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;

/**
 * The backlog once a second while the load runs: each service's unsent outbox rows and the age of
 * the oldest, the notifications waiting to be sent, and each consumer group's lag (end offsets
 * minus committed offsets), read from the databases and the broker themselves.
 */
final class Backlog implements AutoCloseable {

  /** One sample. */
  record Sample(
      Instant at,
      long intakeOutbox,
      double intakeOldestSeconds,
      long triageOutbox,
      double triageOldestSeconds,
      long contentOutbox,
      double contentOldestSeconds,
      long notificationsWaiting,
      Map<String, Long> lagByGroup) {

    long outboxes() {
      return intakeOutbox + triageOutbox + contentOutbox;
    }

    long lag() {
      return lagByGroup.values().stream().mapToLong(Long::longValue).sum();
    }

    /** The first of {@code samples} taken at or after {@code moment}. */
    static Optional<Sample> at(List<Sample> samples, Instant moment) {
      return samples.stream().filter(s -> !s.at().isBefore(moment)).findFirst();
    }
  }

  private final LoadSettings settings;
  private final List<Sample> samples = new ArrayList<>();
  private final ScheduledExecutorService sampler =
      Executors.newSingleThreadScheduledExecutor(r -> new Thread(r, "backlog-sampler"));
  private final Admin kafka;
  private final Connection intake;
  private final Connection triage;
  private final Connection content;

  Backlog(LoadSettings settings) throws SQLException {
    this.settings = settings;
    Properties admin = new Properties();
    admin.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, settings.kafka());
    kafka = Admin.create(admin);
    intake = connect("intake");
    triage = connect("triage");
    content = connect("content");
  }

  Connection connect(String database) throws SQLException {
    return DriverManager.getConnection(
        settings.jdbcBase() + database, settings.dbUser(), settings.dbPassword());
  }

  void start() {
    sampler.scheduleAtFixedRate(this::sample, 0, 1, TimeUnit.SECONDS);
  }

  synchronized List<Sample> samples() {
    return List.copyOf(samples);
  }

  /** The latest sample, taken now. */
  Sample now() {
    return take();
  }

  private void sample() {
    try {
      Sample sample = take();
      synchronized (this) {
        samples.add(sample);
      }
    } catch (RuntimeException e) {
      System.err.println("[load] backlog sample failed: " + e);
    }
  }

  private Sample take() {
    try {
      long[] intakeRow = outbox(intake, MODULITH);
      long[] triageRow = outbox(triage, MODULITH);
      long[] contentRow = outbox(content, CONTENT);
      // The patients' e-mails (intake) and the teams' notifications (triage) not delivered yet.
      long waiting = Math.max(0, count(intake, WAITING)) + Math.max(0, count(triage, WAITING));
      return new Sample(
          Instant.now(),
          intakeRow[0],
          intakeRow[1] / 1000.0,
          triageRow[0],
          triageRow[1] / 1000.0,
          contentRow[0],
          contentRow[1] / 1000.0,
          waiting,
          lag());
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    }
  }

  /** Spring Modulith's publication registry (intake, triage): rows not completed yet. */
  private static final String MODULITH =
      "select count(*), coalesce(extract(epoch from clock_timestamp() - min(publication_date))"
          + " * 1000, 0) from event_publication where completion_date is null";

  /** content-service's own outbox: rows not sent yet. */
  private static final String CONTENT =
      "select count(*), coalesce(extract(epoch from clock_timestamp() - min(created_at))"
          + " * 1000, 0) from outbox_message where sent_at is null";

  private static final String WAITING =
      "select count(*) from notifications.notification where status in"
          + " ('PENDING', 'SENDING', 'FAILED')";

  private static long[] outbox(Connection connection, String sql) throws SQLException {
    try (Statement statement = connection.createStatement();
        ResultSet rows = statement.executeQuery(sql)) {
      rows.next();
      return new long[] {rows.getLong(1), (long) rows.getDouble(2)};
    }
  }

  private static long count(Connection connection, String sql) {
    try (Statement statement = connection.createStatement();
        ResultSet rows = statement.executeQuery(sql)) {
      rows.next();
      return rows.getLong(1);
    } catch (SQLException unknownTable) {
      return -1;
    }
  }

  private Map<String, Long> lag() {
    try {
      Collection<ConsumerGroupListing> groups = kafka.listConsumerGroups().all().get();
      Map<String, Long> lag = new java.util.TreeMap<>();
      for (ConsumerGroupListing group : groups) {
        Map<TopicPartition, OffsetAndMetadata> committed =
            kafka.listConsumerGroupOffsets(group.groupId()).partitionsToOffsetAndMetadata().get();
        if (committed.isEmpty()) {
          continue;
        }
        Map<TopicPartition, ListOffsetsResultInfo> ends =
            kafka
                .listOffsets(
                    committed.keySet().stream()
                        .collect(Collectors.toMap(p -> p, p -> OffsetSpec.latest())))
                .all()
                .get();
        long behind = 0;
        for (var entry : committed.entrySet()) {
          if (entry.getValue() != null && ends.containsKey(entry.getKey())) {
            behind += Math.max(0, ends.get(entry.getKey()).offset() - entry.getValue().offset());
          }
        }
        lag.put(group.groupId(), behind);
      }
      return lag;
    } catch (ExecutionException e) {
      throw new IllegalStateException(e.getCause());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  /** The samples as CSV: one row a second, one column per group's lag. */
  void write(Path file) {
    List<Sample> all = samples();
    List<String> groups =
        all.stream().flatMap(s -> s.lagByGroup().keySet().stream()).distinct().sorted().toList();
    StringBuilder csv =
        new StringBuilder(
            "time,intake_outbox,intake_oldest_s,triage_outbox,triage_oldest_s,content_outbox,"
                + "content_oldest_s,notifications_waiting");
    groups.forEach(g -> csv.append(",lag_").append(g));
    csv.append('\n');
    for (Sample s : all) {
      csv.append(s.at())
          .append(',')
          .append(s.intakeOutbox())
          .append(',')
          .append(s.intakeOldestSeconds())
          .append(',')
          .append(s.triageOutbox())
          .append(',')
          .append(s.triageOldestSeconds())
          .append(',')
          .append(s.contentOutbox())
          .append(',')
          .append(s.contentOldestSeconds())
          .append(',')
          .append(s.notificationsWaiting());
      groups.forEach(g -> csv.append(',').append(s.lagByGroup().getOrDefault(g, 0L)));
      csv.append('\n');
    }
    try {
      Files.createDirectories(file.getParent());
      Files.writeString(file, csv);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Override
  public void close() throws SQLException {
    sampler.shutdownNow();
    try {
      sampler.awaitTermination(5, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    kafka.close(Duration.ofSeconds(5));
    intake.close();
    triage.close();
    content.close();
  }
}
