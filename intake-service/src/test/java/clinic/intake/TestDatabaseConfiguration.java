package clinic.intake;

import javax.sql.DataSource;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;

@TestConfiguration(proxyBeanMethods = false)
class TestDatabaseConfiguration {

  @Bean
  DataSource dataSource() {
    return TestDatabase.newDataSource();
  }
}
