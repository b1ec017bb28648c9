package clinic.notifications;

import clinic.testing.TestDatabaseConfiguration;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;

/**
 * A stand-in for a service: Spring Boot's auto-configuration plus the module, imported as a service
 * would.
 */
@SpringBootConfiguration
@EnableAutoConfiguration
@Import({NotificationsConfiguration.class, TestDatabaseConfiguration.class})
class TestApplication {

  @Bean
  MeterRegistry meterRegistry() {
    return new SimpleMeterRegistry();
  }

  @Bean
  Announcements announcements() {
    return new Announcements();
  }
}
