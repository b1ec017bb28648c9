package clinic.intake.system;

import clinic.events.spring.ClinicEventsConfiguration;
import clinic.notifications.NotificationsConfiguration;
import java.time.Clock;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;

/**
 * Imports the notifications module (its own schema, dispatcher and delivery log) for the patient's
 * next-step e-mail, and the event plumbing the Spring services share (outbox externalization and
 * retry, event reader, topics, dead-letter handling, processed events). E-mail is off unless {@code
 * spring.mail.host} is set.
 */
@Configuration(proxyBeanMethods = false)
@Import({NotificationsConfiguration.class, ClinicEventsConfiguration.class})
class ApplicationConfiguration {

  /** Ages are counted on the clinic's calendar, which is the server's time zone. */
  @Bean
  Clock clock() {
    return Clock.systemDefaultZone();
  }
}
