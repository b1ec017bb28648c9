package clinic.triage;

import clinic.events.IntakeAmended;
import clinic.events.IntakeSubmitted;
import clinic.events.IntakeWithdrawn;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/** Intake events and answer sets for tests. */
public final class Intakes {

  public static final String INTAKE_SERVICE = "/intake-service";

  private Intakes() {}

  /** Sciatica with numbness, pain 8/10, no red flag: physical therapy soon. */
  public static Map<String, Object> sciatica() {
    Map<String, Object> answers = new HashMap<>();
    answers.put("painAreas", List.of("LOWER_BACK", "THIGH", "BELOW_KNEE"));
    answers.put("painRadiatesDownLeg", true);
    answers.put("legNumbnessOrTingling", true);
    answers.put("painNow", 8);
    answers.put("bladderOrBowelChange", false);
    answers.put("saddleNumbness", false);
    return answers;
  }

  /** The same with saddle numbness: a cauda equina red flag, so an emergency. */
  public static Map<String, Object> caudaEquina() {
    Map<String, Object> answers = sciatica();
    answers.put("saddleNumbness", true);
    return answers;
  }

  public static IntakeSubmitted submitted(Map<String, Object> answers) {
    return new IntakeSubmitted(
        UUID.randomUUID(),
        "2026-11.1",
        41,
        "en",
        answers,
        Instant.now().truncatedTo(ChronoUnit.MILLIS));
  }

  public static IntakeAmended amended(
      IntakeSubmitted intake, int amendment, Map<String, Object> answers) {
    return new IntakeAmended(
        intake.intakeId(),
        UUID.nameUUIDFromBytes(
            ("amendment/" + intake.intakeId() + "/" + amendment).getBytes(StandardCharsets.UTF_8)),
        amendment,
        intake.questionnaireVersion(),
        intake.ageYears(),
        intake.preferredLanguage(),
        answers,
        Instant.now().truncatedTo(ChronoUnit.MILLIS));
  }

  public static IntakeWithdrawn withdrawn(IntakeSubmitted intake, IntakeWithdrawn.Reason reason) {
    return new IntakeWithdrawn(
        intake.intakeId(), reason, Instant.now().truncatedTo(ChronoUnit.MILLIS));
  }
}
