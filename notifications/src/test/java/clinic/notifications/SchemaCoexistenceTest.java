package clinic.notifications;

import static org.assertj.core.api.Assertions.assertThat;

import clinic.testing.TestDatabase;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.output.MigrateResult;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.simple.JdbcClient;

/** The module's migrations and a service's own Flyway migrations share one database untroubled. */
class SchemaCoexistenceTest {

  @Test
  void serviceMigrationsRunAfterTheModulesAndRestartsChangeNothing() {
    DataSource dataSource = TestDatabase.newDataSource();

    // The module first (the harder order: the service's Flyway must still see an empty schema).
    new NotificationsSchema(dataSource);
    MigrateResult service = serviceFlyway(dataSource).migrate();

    assertThat(service.success).isTrue();
    assertThat(service.migrationsExecuted).isEqualTo(1);
    JdbcClient jdbc = JdbcClient.create(dataSource);
    assertThat(
            jdbc.sql(
                    "SELECT table_schema || '.' || table_name FROM information_schema.tables"
                        + " WHERE table_schema IN ('public', 'notifications') ORDER BY 1")
                .query(String.class)
                .list())
        .containsExactly(
            "notifications.notification",
            "notifications.notification_attempt",
            "notifications.notification_retry",
            "notifications.notifications_schema_history",
            "public.flyway_schema_history",
            "public.referral");

    // A restart: both find nothing to do.
    new NotificationsSchema(dataSource);
    assertThat(serviceFlyway(dataSource).migrate().migrationsExecuted).isZero();
    assertThat(
            jdbc.sql(
                    "SELECT count(*) FROM notifications.notifications_schema_history"
                        + " WHERE version = '1'")
                .query(Long.class)
                .single())
        .isEqualTo(1);
  }

  /** Spring Boot's defaults: schema public, classpath:db/migration, flyway_schema_history. */
  static Flyway serviceFlyway(DataSource dataSource) {
    return Flyway.configure().dataSource(dataSource).locations("classpath:db/migration").load();
  }
}
