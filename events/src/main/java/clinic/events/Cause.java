package clinic.events;

/** The cause categories of the clinic's reference document, and the links between them. */
public enum Cause {
  HERNIATED_DISC,
  SPINAL_STENOSIS,
  PIRIFORMIS_SYNDROME,
  OSTEOARTHRITIS,
  MENISCUS_TEAR,
  LIGAMENT_SPRAIN,
  /** Knee pain referred from an irritated sciatic nerve (lumbar radiculopathy). */
  REFERRED_KNEE_PAIN,
  /** Uneven gait, weak core or hip muscles straining the knee and aggravating sciatica. */
  BIOMECHANICAL
}
