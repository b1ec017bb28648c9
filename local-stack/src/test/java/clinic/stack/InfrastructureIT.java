package clinic.stack;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The launcher's building blocks on their own: real PostgreSQL and a real KRaft broker start,
 * serve, keep their data across a restart and stop without leaving a process behind.
 */
class InfrastructureIT {

  private static final Duration BROKER_START = Duration.ofSeconds(90);

  @TempDir Path home;

  @Test
  void postgresAndBrokerServeAndStopLeavingNoProcessBehind() throws Exception {
    int postgresPort = Ports.free();
    int kafkaPort = Ports.free();
    int controllerPort = Ports.free();
    ProcessHandle postmaster;
    long brokerPid;
    try (Postgres postgres = startPostgres(postgresPort, false)) {
      postgres.createClinicDatabases();
      for (String database : Postgres.DATABASES) {
        assertThat(roundTrip(postgres, database)).isEqualTo(database);
      }
      postmaster = Postgres.postmasterOf(postgres.dataDirectory()).orElseThrow();
      try (KafkaBroker kafka = startBroker(kafkaPort, controllerPort)) {
        brokerPid = kafka.process().pid();
        String key = UUID.randomUUID().toString();
        produce(kafka, "stack.smoke", key, "{\"hello\":1}", Map.of("ce_id", key));
        ConsumerRecord<String, String> read = readAll(kafka, "stack.smoke").getFirst();
        assertThat(read.key()).isEqualTo(key);
        assertThat(read.value()).isEqualTo("{\"hello\":1}");
        assertThat(new String(read.headers().lastHeader("ce_id").value(), StandardCharsets.UTF_8))
            .isEqualTo(key);
      }
      assertThat(ProcessHandle.of(brokerPid).filter(ProcessHandle::isAlive)).isEmpty();
      Ports.requireFree(kafkaPort, "Kafka", "-");
      Ports.requireFree(controllerPort, "the Kafka controller", "-");
    }
    assertThat(postmaster.isAlive()).isFalse();
    Ports.requireFree(postgresPort, "PostgreSQL", "-");
    assertThat(ProcessHandle.current().descendants().filter(ProcessHandle::isAlive).toList())
        .isEmpty();
  }

  @Test
  void restartKeepsDataAfterACleanStopAndAfterAKilledLauncher() throws Exception {
    try (Postgres postgres = startPostgres(Ports.free(), true)) {
      postgres.createClinicDatabases();
      execute(postgres, "intake", "CREATE TABLE kept (note text)");
      execute(postgres, "intake", "INSERT INTO kept VALUES ('before the restart')");
    }
    try (KafkaBroker kafka = startBroker(Ports.free(), Ports.free())) {
      produce(kafka, "stack.kept", "k", "before the restart", Map.of());
    }
    // A pid file from a killed server whose pid now belongs to a live, unrelated process.
    Files.writeString(
        home.resolve("postgres").resolve("postmaster.pid"),
        ProcessHandle.current().pid() + "\n" + home.resolve("postgres") + "\n");

    Postgres postgres = startPostgres(Ports.free(), true);
    postgres.createClinicDatabases();
    assertThat(query(postgres, "intake", "SELECT note FROM kept")).isEqualTo("before the restart");
    KafkaBroker kafka = startBroker(Ports.free(), Ports.free());
    assertThat(readAll(kafka, "stack.kept").getFirst().value()).isEqualTo("before the restart");
    ProcessHandle postmaster = Postgres.postmasterOf(postgres.dataDirectory()).orElseThrow();
    long brokerPid = kafka.process().pid();

    // Now the launcher "dies" without stopping anything; the next one finds what it left.
    Leftovers.stop(home, home.resolve("postgres"), System.out);
    assertThat(ProcessHandle.of(brokerPid).filter(ProcessHandle::isAlive)).isEmpty();
    assertThat(postmaster.isAlive()).isFalse();
    // What the dead launcher's exit would have released: its lock on the data directory. (zonky
    // logs an error here, as its pg_ctl stop finds no server left to stop.)
    postgres.close();
    kafka.close();

    try (Postgres restarted = startPostgres(Ports.free(), true)) {
      assertThat(query(restarted, "intake", "SELECT note FROM kept"))
          .isEqualTo("before the restart");
    }
    assertThat(ProcessHandle.current().descendants().filter(ProcessHandle::isAlive).toList())
        .isEmpty();
  }

  @Test
  void keptDataIsCommittedDurablyAndThrowAwayDataIsNot() throws Exception {
    try (Postgres kept = startPostgres(Ports.free(), true)) {
      kept.createClinicDatabases();
      assertThat(query(kept, "intake", "SHOW synchronous_commit")).isEqualTo("on");
      assertThat(query(kept, "intake", "SHOW fsync")).isEqualTo("on");
      assertThat(query(kept, "intake", "SHOW full_page_writes")).isEqualTo("on");
    }
    Path other = Files.createTempDirectory("clinic-postgres-throwaway");
    try (Postgres throwAway =
        Postgres.start(
            other.resolve("postgres"), Ports.free(), false, other.resolve("postgres.log"))) {
      throwAway.createClinicDatabases();
      assertThat(query(throwAway, "intake", "SHOW synchronous_commit")).isEqualTo("off");
      assertThat(query(throwAway, "intake", "SHOW fsync")).isEqualTo("off");
    }
  }

  private Postgres startPostgres(int port, boolean keepData) throws Exception {
    return Postgres.start(
        home.resolve("postgres"), port, keepData, home.resolve("logs").resolve("postgres.log"));
  }

  private KafkaBroker startBroker(int port, int controllerPort) throws Exception {
    return KafkaBroker.start(home.resolve("kafka"), port, controllerPort, BROKER_START, System.out);
  }

  private static String roundTrip(Postgres postgres, String database) throws Exception {
    return query(postgres, database, "SELECT current_database()");
  }

  private static void execute(Postgres postgres, String database, String sql) throws Exception {
    try (Connection connection = connect(postgres, database);
        Statement statement = connection.createStatement()) {
      statement.execute(sql);
    }
  }

  private static String query(Postgres postgres, String database, String sql) throws Exception {
    try (Connection connection = connect(postgres, database);
        Statement statement = connection.createStatement();
        ResultSet result = statement.executeQuery(sql)) {
      assertThat(result.next()).isTrue();
      return result.getString(1);
    }
  }

  private static Connection connect(Postgres postgres, String database) throws Exception {
    return DriverManager.getConnection(
        postgres.jdbcUrl(database), Postgres.USER, Postgres.PASSWORD);
  }

  private static void produce(
      KafkaBroker kafka, String topic, String key, String value, Map<String, String> headers)
      throws Exception {
    ProducerRecord<String, String> record = new ProducerRecord<>(topic, key, value);
    headers.forEach(
        (name, text) -> record.headers().add(name, text.getBytes(StandardCharsets.UTF_8)));
    new KafkaTestClient(kafka.bootstrapServers()).send(record);
  }

  private static List<ConsumerRecord<String, String>> readAll(KafkaBroker kafka, String topic) {
    return new KafkaTestClient(kafka.bootstrapServers()).readAll(topic);
  }
}
