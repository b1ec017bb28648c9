package clinic.events;

import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;

/**
 * A patient's questionnaire was accepted. Carries only what triage needs: the clinical answers
 * keyed by question id, the age in years and the preferred language. Never the name, date of birth
 * or contact details, which stay in intake-service.
 *
 * @param answers question id to answer: a boolean, a number, a string or a list of strings
 */
public record IntakeSubmitted(
    UUID intakeId,
    String questionnaireVersion,
    int ageYears,
    String preferredLanguage,
    Map<String, Object> answers,
    Instant submittedAt)
    implements ClinicEvent {

  public IntakeSubmitted {
    Objects.requireNonNull(intakeId, "intakeId");
    Objects.requireNonNull(questionnaireVersion, "questionnaireVersion");
    Objects.requireNonNull(preferredLanguage, "preferredLanguage");
    answers = Map.copyOf(answers);
    Objects.requireNonNull(submittedAt, "submittedAt");
  }

  /** One intake is submitted once, so its id identifies the event. */
  @Override
  public UUID eventId() {
    return intakeId;
  }

  @Override
  public Instant occurredAt() {
    return submittedAt;
  }
}
