package clinic.content.library;

import io.micronaut.context.annotation.Factory;
import jakarta.inject.Named;
import jakarta.inject.Singleton;
import org.flywaydb.core.api.migration.JavaMigration;

/**
 * Hands the library load to micronaut-flyway, which passes the Java migrations named after a
 * datasource to that datasource's Flyway (no class-path scanning for migration classes).
 */
@Factory
class LibraryMigrations {

  @Singleton
  @Named("default")
  JavaMigration[] defaultDataSourceMigrations() {
    ClassLoader loader = LibraryMigrations.class.getClassLoader();
    return new JavaMigration[] {new EducationLibraryMigration(() -> LibraryFile.readAll(loader))};
  }
}
