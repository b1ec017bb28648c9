package clinic.content.system;

import clinic.events.Actor;
import clinic.events.EducationAssigned;
import clinic.events.IntakeWithdrawn;
import clinic.events.TriageDecided;
import io.micronaut.serde.annotation.SerdeImport;

/**
 * The event contracts are framework-free records; this lets Micronaut Serialization read and write
 * them without annotations in the contracts module.
 */
@SerdeImport(TriageDecided.class)
@SerdeImport(TriageDecided.SuspectedCause.class)
@SerdeImport(TriageDecided.RedFlag.class)
@SerdeImport(EducationAssigned.class)
@SerdeImport(IntakeWithdrawn.class)
@SerdeImport(Actor.class)
final class EventSerde {

  private EventSerde() {}
}
