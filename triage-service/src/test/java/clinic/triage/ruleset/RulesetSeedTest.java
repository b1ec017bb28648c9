package clinic.triage.ruleset;

import static org.assertj.core.api.Assertions.assertThat;

import clinic.testing.TestDatabase;
import clinic.triage.rules.Vignettes;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.databind.json.JsonMapper;

/**
 * The shipped ruleset seeds the stored versions: once, however many instances start at once; a
 * restart with the same version changes nothing (a version an administrator published stays
 * active); a shipped version new to the database is stored and made active. On a real PostgreSQL,
 * each start in its own transaction as {@code @Transactional} runs it.
 */
class RulesetSeedTest {

  DataSource database;
  JdbcClient jdbc;
  RulesetVersions versions;
  TransactionTemplate transaction;

  @BeforeEach
  void emptyDatabase() {
    database = TestDatabase.newDataSource();
    Flyway.configure().dataSource(database).load().migrate();
    jdbc = JdbcClient.create(database);
    versions = new RulesetVersions(jdbc, JsonMapper.builder().build());
    transaction = new TransactionTemplate(new DataSourceTransactionManager(database));
  }

  UUID seed(TriageRuleset shipped) {
    return transaction.execute(tx -> versions.seed(shipped, Vignettes.text(), Instant.now()));
  }

  long count(String sql) {
    return jdbc.sql(sql).query(Long.class).single();
  }

  @Test
  void fourInstancesStartingAtOnceSeedOneVersionAndMakeItActive() throws Exception {
    TriageRuleset shipped = TriageRuleset.fromClasspath();
    int starts = 4;
    CyclicBarrier together = new CyclicBarrier(starts);
    List<Future<UUID>> seeded = new ArrayList<>();
    try (ExecutorService pool = Executors.newFixedThreadPool(starts)) {
      for (int i = 0; i < starts; i++) {
        seeded.add(
            pool.submit(
                () -> {
                  together.await();
                  return seed(shipped);
                }));
      }
    }
    UUID first = seeded.getFirst().get();
    for (Future<UUID> each : seeded) {
      assertThat(each.get()).isEqualTo(first);
    }
    assertThat(count("select count(*) from ruleset_version")).isEqualTo(1);
    assertThat(count("select count(*) from ruleset_audit where step = 'SEEDED'")).isEqualTo(1);
    assertThat(versions.active().orElseThrow().id()).isEqualTo(first);
  }

  @Test
  void aRestartKeepsThePublishedVersionAndANewShippedVersionBecomesActive() {
    TriageRuleset shipped = TriageRuleset.fromClasspath();
    UUID clinic = seed(shipped);
    TriageRuleset published =
        TriageRuleset.parse(
            "candidate.yaml",
            "test",
            shipped.yaml().replaceFirst("(?m)^version: .*$", "version: \"2099.5-published\""));
    UUID publishedId = UUID.randomUUID();
    versions.store(
        new RulesetVersions.Version(
            publishedId,
            published.version(),
            published.yaml(),
            Vignettes.text(),
            RulesetVersions.sha256(published.yaml()),
            RulesetVersions.Status.PASSED,
            "test",
            Instant.now(),
            RulesetVersions.SERVICE,
            "a test",
            java.util.Map.of(),
            java.util.Map.of(),
            null));
    assertThat(
            versions.activate(
                publishedId, clinic, RulesetVersions.SERVICE, "a test", Instant.now()))
        .isTrue();

    // The same jar starts again: the published version stays.
    assertThat(seed(shipped)).isEqualTo(publishedId);
    // A deployment ships a version the database has never seen: it is stored and made active.
    TriageRuleset next =
        TriageRuleset.parse(
            "ruleset.yaml",
            "classpath:next",
            shipped.yaml().replaceFirst("(?m)^version: .*$", "version: \"2099.6-shipped\""));
    UUID nextId = seed(next);
    assertThat(nextId).isNotIn(clinic, publishedId);
    assertThat(versions.active().orElseThrow().id()).isEqualTo(nextId);
    // An activation checked against a version that is no longer active changes nothing.
    assertThat(
            versions.activate(clinic, publishedId, RulesetVersions.SERVICE, "late", Instant.now()))
        .isFalse();
    assertThat(versions.active().orElseThrow().id()).isEqualTo(nextId);
  }
}
