package clinic.triage;

import clinic.events.spring.ClinicEventsConfiguration;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.context.annotation.Import;

/**
 * Applies the clinic's triage ruleset (module triage-rules, loaded once at start) to each submitted
 * or amended intake, stores the decision and announces it on {@code clinic.triage}; keeps the
 * referral each decision proposes through its lifecycle (announced on {@code clinic.referral}) and
 * serves the clinicians' dashboard. Publishes and consumes events the way intake-service does
 * ({@link ClinicEventsConfiguration}).
 */
@SpringBootApplication
@Import(ClinicEventsConfiguration.class)
public class TriageApplication {

  public static void main(String[] args) {
    SpringApplication.run(TriageApplication.class, args);
  }
}
