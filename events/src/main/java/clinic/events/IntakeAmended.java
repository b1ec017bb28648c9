package clinic.events;

import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;

/**
 * A patient's answers were corrected after submission. Carries the whole corrected answer set (not
 * a diff), so triage can decide again from it alone. Like {@link IntakeSubmitted}, no identity.
 *
 * @param amendment 1 for the first amendment of the intake, then 2, 3...
 */
public record IntakeAmended(
    UUID intakeId,
    UUID amendmentId,
    int amendment,
    String questionnaireVersion,
    int ageYears,
    String preferredLanguage,
    Map<String, Object> answers,
    Actor amendedBy,
    Instant amendedAt)
    implements ClinicEvent {

  public IntakeAmended {
    Objects.requireNonNull(intakeId, "intakeId");
    Objects.requireNonNull(amendmentId, "amendmentId");
    Objects.requireNonNull(questionnaireVersion, "questionnaireVersion");
    Objects.requireNonNull(preferredLanguage, "preferredLanguage");
    answers = Map.copyOf(answers);
    Objects.requireNonNull(amendedBy, "amendedBy");
    Objects.requireNonNull(amendedAt, "amendedAt");
  }

  @Override
  public UUID eventId() {
    return amendmentId;
  }

  @Override
  public Instant occurredAt() {
    return amendedAt;
  }
}
