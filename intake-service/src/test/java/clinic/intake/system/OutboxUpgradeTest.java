package clinic.intake.system;

import static org.assertj.core.api.Assertions.assertThat;

import clinic.events.spring.OutboxSender;
import clinic.testing.TestDatabase;
import java.util.UUID;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Publications written before the outbox's sender changed (Spring Modulith's Kafka externalizer was
 * their listener) and not yet sent are handed to {@link OutboxSender} by the migration, so they are
 * resubmitted after the upgrade; completed ones keep their history. On a database of its own,
 * migrated as it was before the change, then to the end.
 */
class OutboxUpgradeTest {

  private static final String MODULITH_EXTERNALIZER =
      "org.springframework.modulith.events.support.EventExternalizationSupport.externalize(java.lang.Object)";

  @Test
  void unsentPublicationsOfTheOldExternalizerMoveToTheOutboxSender() {
    var dataSource = TestDatabase.newDataSource();
    migrate(dataSource, "6");
    var jdbc = JdbcClient.create(dataSource);
    UUID unsent = publication(jdbc, MODULITH_EXTERNALIZER, false);
    UUID sent = publication(jdbc, MODULITH_EXTERNALIZER, true);
    UUID otherListener = publication(jdbc, "clinic.SomeOtherListener.on(java.lang.Object)", false);

    migrate(dataSource, "latest");

    assertThat(listener(jdbc, unsent)).isEqualTo(OutboxSender.LISTENER_ID);
    assertThat(listener(jdbc, sent)).isEqualTo(MODULITH_EXTERNALIZER);
    assertThat(listener(jdbc, otherListener))
        .isEqualTo("clinic.SomeOtherListener.on(java.lang.Object)");
  }

  private static void migrate(DataSource dataSource, String target) {
    Flyway.configure().dataSource(dataSource).target(target).load().migrate();
  }

  private static UUID publication(JdbcClient jdbc, String listener, boolean completed) {
    UUID id = UUID.randomUUID();
    jdbc.sql(
            """
            insert into event_publication (id, listener_id, event_type, serialized_event,
                publication_date, completion_date, status, completion_attempts)
            values (:id, :listener, 'clinic.events.IntakeSubmitted', '{}', now(),
                case when :completed then now() end, :status, 1)
            """)
        .param("id", id)
        .param("listener", listener)
        .param("completed", completed)
        .param("status", completed ? "COMPLETED" : "FAILED")
        .update();
    return id;
  }

  private static String listener(JdbcClient jdbc, UUID id) {
    return jdbc.sql("select listener_id from event_publication where id = ?")
        .param(id)
        .query(String.class)
        .single();
  }
}
