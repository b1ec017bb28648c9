package clinic.intake.reads;

/**
 * The views that show a patient's record, as recorded in the audit of reads. {@code GET
 * /api/intakes/{id}/progress} is not one: it shows the reference, the status and the education
 * link, no identity, and the confirmation page polls it every few seconds.
 */
public enum ReadView {
  /** {@code GET /api/intakes/{id}}: identity, contact details and answers. */
  API_INTAKE,
  /** {@code GET /intakes/{id}}: the front desk's page of one intake. */
  PAGE_INTAKE,
  /** {@code GET /intakes/today}: the day's list, with the patients' names. */
  PAGE_TODAY,
  /** {@code GET /fhir/QuestionnaireResponse/{id}}: the answers with the patient's identity. */
  FHIR_RESPONSE
}
