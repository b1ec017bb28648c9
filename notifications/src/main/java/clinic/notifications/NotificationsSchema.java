package clinic.notifications;

import javax.sql.DataSource;
import org.flywaydb.core.Flyway;

/**
 * Migrates the module's own schema {@code notifications} with a Flyway instance of its own.
 *
 * <p>Separate schema, location ({@code classpath:db/notifications}) and history table ({@code
 * notifications.notifications_schema_history}): the service's Flyway, which looks at its own
 * schema, never finds these tables (it would refuse to migrate a non-empty schema without its
 * history) and neither side's version numbers can collide. The {@link Flyway} object is
 * deliberately not a bean: one in the context would make Spring Boot skip the service's own
 * migrations.
 */
final class NotificationsSchema {

  static final String SCHEMA = "notifications";

  NotificationsSchema(DataSource dataSource) {
    Flyway.configure()
        .dataSource(dataSource)
        .schemas(SCHEMA)
        .createSchemas(true)
        .table("notifications_schema_history")
        .locations("classpath:db/notifications")
        .load()
        .migrate();
  }
}
