package clinic.events;

/** Where a patient goes next. */
public enum Route {
  PHYSICAL_THERAPY,
  MEDICATION_REVIEW,
  SURGICAL_CONSULT
}
