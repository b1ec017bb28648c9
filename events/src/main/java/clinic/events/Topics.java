package clinic.events;

/**
 * Kafka topic names. Every record on them is keyed by the intake id, so one patient's events stay
 * in order.
 */
public final class Topics {

  /**
   * Published by intake-service: {@link IntakeSubmitted}, {@link IntakeAmended}, {@link
   * IntakeWithdrawn}.
   */
  public static final String INTAKE = "clinic.intake";

  /** Published by triage-service: {@link TriageDecided}. */
  public static final String TRIAGE = "clinic.triage";

  /**
   * Published by triage-service as a referral moves through its lifecycle: {@link
   * ReferralConfirmed}, {@link ReferralOverridden}, {@link ReferralStatusChanged}.
   */
  public static final String REFERRAL = "clinic.referral";

  /** Published by content-service: {@link EducationAssigned}. */
  public static final String EDUCATION = "clinic.education";

  /** Suffix of the dead-letter topic a consumer sends a record to once its retries are spent. */
  public static final String DEAD_LETTER_SUFFIX = ".DLT";

  private Topics() {}

  public static String deadLetter(String topic) {
    return topic + DEAD_LETTER_SUFFIX;
  }
}
