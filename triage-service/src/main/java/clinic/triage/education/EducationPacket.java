package clinic.triage.education;

import java.time.Instant;
import java.util.UUID;

/**
 * The latest education packet content-service assembled for an intake. {@code packetUrl} opens the
 * patient's page without login: it is kept as the event carried it and never shown.
 */
public record EducationPacket(
    UUID intakeId,
    UUID packetId,
    int packetVersion,
    UUID decisionId,
    String language,
    String packetUrl,
    Instant assignedAt) {}
