package clinic.triage;

import clinic.triage.rules.Ruleset;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.context.annotation.Bean;

/**
 * Applies the clinic's triage rules to each submitted intake, stores the decision and announces it
 * on {@code clinic.triage}.
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
