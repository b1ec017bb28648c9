package clinic.intake;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

/**
 * Accepts the patient questionnaire, keeps the patient's identity, announces {@code
 * IntakeSubmitted} through a transactional outbox and follows the intake's progress.
 */
@SpringBootApplication
public class IntakeApplication {

  public static void main(String[] args) {
    SpringApplication.run(IntakeApplication.class, args);
  }
}
