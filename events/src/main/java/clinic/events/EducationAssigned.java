package clinic.events;

import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.UUID;

/**
 * An education packet was put together for a triage decision. {@code packetUrl} is the patient's
 * page, an unguessable link that needs no login.
 */
public record EducationAssigned(
    UUID intakeId,
    UUID packetId,
    int packetVersion,
    UUID decisionId,
    String language,
    List<String> itemSlugs,
    String packetUrl,
    Instant assignedAt)
    implements ClinicEvent {

  public EducationAssigned {
    Objects.requireNonNull(intakeId, "intakeId");
    Objects.requireNonNull(packetId, "packetId");
    Objects.requireNonNull(decisionId, "decisionId");
    Objects.requireNonNull(language, "language");
    itemSlugs = List.copyOf(itemSlugs);
    Objects.requireNonNull(packetUrl, "packetUrl");
    Objects.requireNonNull(assignedAt, "assignedAt");
  }

  /** Every packet version has its own id. */
  @Override
  public UUID eventId() {
    return packetId;
  }

  @Override
  public Instant occurredAt() {
    return assignedAt;
  }
}
