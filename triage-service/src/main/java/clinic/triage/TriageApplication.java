package clinic.triage;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

/**
 * Applies the clinic's triage ruleset (module triage-rules, loaded once at start) to each submitted
 * or amended intake, stores the decision and announces it on {@code clinic.triage}; keeps the
 * referral each decision proposes through its lifecycle (announced on {@code clinic.referral}) and
 * serves the clinicians' dashboard.
 */
@SpringBootApplication
public class TriageApplication {

  public static void main(String[] args) {
    SpringApplication.run(TriageApplication.class, args);
  }
}
