package clinic.triage.education;

import java.time.Instant;
import java.util.UUID;

/** The latest education packet content-service assembled for an intake; the URL needs no login. */
public record EducationPacket(
    UUID intakeId,
    UUID packetId,
    int packetVersion,
    UUID decisionId,
    String language,
    String packetUrl,
    Instant assignedAt) {}
