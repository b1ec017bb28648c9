package clinic.events;

import java.util.Objects;

/**
 * Who made a change: the signed-in staff member (the {@code sub} of their token and the name it
 * carries), or the system itself. Staff identity, never the patient's.
 *
 * @param subject the stable identifier from the identity provider ({@code sub}), or {@code
 *     system:<part>} for an automatic change
 * @param name the display name shown in audit trails and notifications
 */
public record Actor(String subject, String name) {

  public Actor {
    Objects.requireNonNull(subject, "subject");
    Objects.requireNonNull(name, "name");
    if (subject.isBlank() || name.isBlank()) {
      throw new IllegalArgumentException("an actor needs a subject and a name");
    }
  }

  /** A change the system made by itself, e.g. {@code system("triage")}. */
  public static Actor system(String part) {
    return new Actor("system:" + part, part);
  }
}
