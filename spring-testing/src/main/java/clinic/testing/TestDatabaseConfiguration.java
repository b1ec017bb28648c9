package clinic.testing;

import javax.sql.DataSource;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;

/**
 * The application's database: a fresh one on the test JVM's one PostgreSQL ({@link TestDatabase}).
 */
@TestConfiguration(proxyBeanMethods = false)
public class TestDatabaseConfiguration {

  @Bean
  DataSource dataSource() {
    return TestDatabase.newDataSource();
  }
}
