package clinic.intake.reads;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/** One recorded read: who (token subject and display name), when, which view, which intakes. */
record Read(
    long id,
    Instant readAt,
    String subject,
    String name,
    ReadView view,
    List<UUID> intakeIds,
    String clientAddress) {}
