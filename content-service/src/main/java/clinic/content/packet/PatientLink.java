package clinic.content.packet;

/** Where a patient's link leads: the packet to show, or why there is none. */
sealed interface PatientLink {

  /** The latest packet of the link's intake: a re-triage's advice replaces the older one. */
  record Open(AssignedPacket packet) implements PatientLink {}

  /** Older than {@code content.links.lifetime}. */
  record Expired() implements PatientLink {}

  /** The intake was withdrawn. */
  record Revoked() implements PatientLink {}

  /** No packet has this token. */
  record Unknown() implements PatientLink {}
}
