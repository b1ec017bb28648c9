package clinic.intake.intake;

import clinic.events.spring.AfterCommit;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.EnumMap;
import java.util.Map;
import org.springframework.stereotype.Component;

/**
 * {@code clinic.intakes.submitted}: intakes stored (counted once committed; a retry with the same
 * idempotency key is not a new intake), and {@code clinic.intakes.rejected}: submissions refused,
 * by the class of reason only, never by what was entered.
 */
@Component
class IntakeMetrics {

  /** Why a submission was refused; the label's values, a fixed set. */
  enum Rejection {
    /** Answers or details that break the questionnaire's rules (the 400 with field errors). */
    INVALID("invalid"),
    /** An idempotency key already used for a different submission (the 422). */
    KEY_REUSED("key_reused");

    final String label;

    Rejection(String label) {
      this.label = label;
    }
  }

  private final Counter submitted;
  private final Map<Rejection, Counter> rejected = new EnumMap<>(Rejection.class);

  IntakeMetrics(MeterRegistry registry) {
    submitted =
        Counter.builder("clinic.intakes.submitted")
            .description("Intakes submitted and stored")
            .register(registry);
    for (Rejection reason : Rejection.values()) {
      rejected.put(
          reason,
          Counter.builder("clinic.intakes.rejected")
              .description("Intake submissions refused, by reason class")
              .tag("reason", reason.label)
              .register(registry));
    }
  }

  void submitted() {
    AfterCommit.run(submitted::increment);
  }

  void rejected(Rejection reason) {
    rejected.get(reason).increment();
  }
}
