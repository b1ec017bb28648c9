package clinic.notifications;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import javax.sql.DataSource;
import org.springframework.boot.jdbc.DataSourceBuilder;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;

/**
 * A real PostgreSQL 17 (zonky's embedded binaries, loopback only) owned by the application context:
 * it stops after the application has closed its connections, not before.
 */
@TestConfiguration(proxyBeanMethods = false)
class TestDatabaseConfiguration {

  @Bean(destroyMethod = "close")
  EmbeddedPostgres embeddedPostgres() throws IOException {
    return EmbeddedPostgres.builder()
        .setServerConfig("listen_addresses", "127.0.0.1")
        .setRegisterShutdownHook(false)
        .start();
  }

  @Bean
  DataSource dataSource(EmbeddedPostgres postgres) {
    return DataSourceBuilder.create()
        .url("jdbc:postgresql://127.0.0.1:" + postgres.getPort() + "/postgres")
        .username("postgres")
        .password("postgres")
        .build();
  }
}
