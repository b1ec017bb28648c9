package clinic.triage;

import clinic.triage.rules.Ruleset;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.context.annotation.Bean;

/**
 * Applies the clinic's triage rules to each submitted or amended intake, stores the decision and
 * announces it on {@code clinic.triage}; keeps the referral each decision proposes through its
 * lifecycle (announced on {@code clinic.referral}) and serves the clinicians' dashboard.
 */
@SpringBootApplication
public class TriageApplication {

  public static void main(String[] args) {
    SpringApplication.run(TriageApplication.class, args);
  }

  @Bean
  Ruleset ruleset() {
    return Ruleset.current();
  }
}
