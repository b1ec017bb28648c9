package clinic.events;

import java.util.List;
import java.util.Optional;

/**
 * One kind of event: its CloudEvents type, the record that carries its data, the topic it is
 * published on and the JSON Schema its data must satisfy (a classpath resource of this module).
 */
public record EventType<T>(String type, Class<T> dataClass, String topic, String schema) {

  public static final EventType<IntakeSubmitted> INTAKE_SUBMITTED =
      new EventType<>(
          "clinic.intake.submitted.v1",
          IntakeSubmitted.class,
          Topics.INTAKE,
          "/clinic/events/schemas/intake-submitted.v1.schema.json");

  public static final EventType<IntakeAmended> INTAKE_AMENDED =
      new EventType<>(
          "clinic.intake.amended.v1",
          IntakeAmended.class,
          Topics.INTAKE,
          "/clinic/events/schemas/intake-amended.v1.schema.json");

  public static final EventType<IntakeWithdrawn> INTAKE_WITHDRAWN =
      new EventType<>(
          "clinic.intake.withdrawn.v1",
          IntakeWithdrawn.class,
          Topics.INTAKE,
          "/clinic/events/schemas/intake-withdrawn.v1.schema.json");

  public static final EventType<TriageDecided> TRIAGE_DECIDED =
      new EventType<>(
          "clinic.triage.decided.v1",
          TriageDecided.class,
          Topics.TRIAGE,
          "/clinic/events/schemas/triage-decided.v1.schema.json");

  public static final EventType<EducationAssigned> EDUCATION_ASSIGNED =
      new EventType<>(
          "clinic.education.assigned.v1",
          EducationAssigned.class,
          Topics.EDUCATION,
          "/clinic/events/schemas/education-assigned.v1.schema.json");

  public static final EventType<ReferralConfirmed> REFERRAL_CONFIRMED =
      new EventType<>(
          "clinic.referral.confirmed.v1",
          ReferralConfirmed.class,
          Topics.REFERRAL,
          "/clinic/events/schemas/referral-confirmed.v1.schema.json");

  public static final EventType<ReferralOverridden> REFERRAL_OVERRIDDEN =
      new EventType<>(
          "clinic.referral.overridden.v1",
          ReferralOverridden.class,
          Topics.REFERRAL,
          "/clinic/events/schemas/referral-overridden.v1.schema.json");

  public static final EventType<ReferralStatusChanged> REFERRAL_STATUS_CHANGED =
      new EventType<>(
          "clinic.referral.status-changed.v1",
          ReferralStatusChanged.class,
          Topics.REFERRAL,
          "/clinic/events/schemas/referral-status-changed.v1.schema.json");

  public static final List<EventType<?>> ALL =
      List.of(
          INTAKE_SUBMITTED,
          INTAKE_AMENDED,
          INTAKE_WITHDRAWN,
          TRIAGE_DECIDED,
          EDUCATION_ASSIGNED,
          REFERRAL_CONFIRMED,
          REFERRAL_OVERRIDDEN,
          REFERRAL_STATUS_CHANGED);

  public static Optional<EventType<?>> of(String type) {
    return ALL.stream().filter(t -> t.type().equals(type)).findFirst();
  }

  public static <T> EventType<T> forData(Class<T> dataClass) {
    @SuppressWarnings("unchecked")
    EventType<T> found =
        (EventType<T>)
            ALL.stream()
                .filter(t -> t.dataClass().equals(dataClass))
                .findFirst()
                .orElseThrow(() -> new IllegalArgumentException("Not an event: " + dataClass));
    return found;
  }
}
