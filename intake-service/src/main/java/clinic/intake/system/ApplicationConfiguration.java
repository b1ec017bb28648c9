package clinic.intake.system;

import java.time.Clock;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

@Configuration(proxyBeanMethods = false)
class ApplicationConfiguration {

  /** Ages are counted on the clinic's calendar, which is the server's time zone. */
  @Bean
  Clock clock() {
    return Clock.systemDefaultZone();
  }
}
