package clinic.triage;

import clinic.events.Actor;
import clinic.events.IntakeAmended;
import clinic.events.IntakeSubmitted;
import clinic.events.IntakeWithdrawn;
import clinic.events.questionnaire.Question;
import clinic.events.questionnaire.Questionnaire;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;

/**
 * Intake events and complete answer sets for tests, built the way triage-rules' clinical vignettes
 * are (its {@code vignettes.yaml}): a baseline answering every question with nothing wrong, then
 * what the case changes, then only the questions the questionnaire would ask. The ruleset sends an
 * intake that lacks a required answer to clinician review, so every fixture is complete; each names
 * the vignette its expected decision comes from.
 */
public final class Intakes {

  public static final String INTAKE_SERVICE = "/intake-service";

  /** The age {@link #submitted(Map)} gives; no fixture's decision depends on it. */
  public static final int AGE = 41;

  private Intakes() {}

  /** vignettes.yaml baseline "common": every question outside the back and knee sections. */
  private static Map<String, Object> common() {
    Map<String, Object> answers = new LinkedHashMap<>();
    answers.put("onset", "GRADUAL");
    answers.put("durationWeeks", 8);
    answers.put("limpOrUnevenWalking", false);
    answers.put("legLengthDifference", false);
    answers.put("footProblemsOrOrthotics", false);
    answers.put("coreOrHipWeakness", false);
    answers.put("painNow", 4);
    answers.put("painWorst", 6);
    answers.put("sleepAffected", false);
    answers.put("dailyActivitiesAffected", "A_LITTLE");
    answers.put("weightKg", 75.5);
    answers.put("heightCm", 172);
    answers.put("physicalTherapyTried", false);
    answers.put("painMedicinesTried", true);
    answers.put("painMedicinesHelped", "PARTLY");
    answers.put("currentMedicines", List.of("PARACETAMOL"));
    answers.put("medicineCount", 1);
    answers.put("kidneyDisease", false);
    answers.put("stomachUlcers", false);
    for (String warningSign :
        List.of(
            "bladderOrBowelChange",
            "saddleNumbness",
            "bothLegsWeakOrNumb",
            "newSexualDysfunction",
            "fever",
            "historyOfCancer",
            "unexplainedWeightLoss",
            "significantTrauma",
            "intravenousDrugUse",
            "weakenedImmuneSystem")) {
      answers.put(warningSign, false);
    }
    return answers;
  }

  /**
   * Low back pain, nothing else (baseline "back"; vignette "plain low back pain"): routine physical
   * therapy, no cause, no rule fires.
   */
  public static Map<String, Object> back() {
    Map<String, Object> answers = common();
    answers.put("painAreas", List.of("LOWER_BACK"));
    answers.put("painRadiatesDownLeg", false);
    answers.put("legNumbnessOrTingling", false);
    answers.put("legWeakness", false);
    answers.put("worseWith", List.of("MOVEMENT"));
    answers.put("betterWith", List.of("LYING_DOWN"));
    return asked(answers);
  }

  /**
   * Knee pain without injury (baseline "knee"; vignette "knee pain at 30 without injury", true at
   * any age under 45): routine physical therapy, no cause.
   */
  public static Map<String, Object> knee() {
    Map<String, Object> answers = common();
    answers.put("painAreas", List.of("RIGHT_KNEE"));
    answers.put("kneeInjury", "NONE");
    answers.put("kneeSwelling", "NONE");
    answers.put("kneeLocking", false);
    answers.put("kneeGivingWay", false);
    answers.put("canBearWeight", true);
    answers.put("morningStiffnessMinutes", 10);
    answers.put("arthritisDiagnosed", false);
    answers.put("kneeCannotStraighten", false);
    answers.put("kneeHotAndSwollen", false);
    answers.put("kneePainWithActivity", true);
    return asked(answers);
  }

  /**
   * Sciatica below the knee with numbness, pain 7/10, partly helped by 10 weeks of physical therapy
   * (vignette "sciatica partly helped by physical therapy stays conservative"): physical therapy,
   * SOON, also a medication review; herniated disc likely; no red flag.
   */
  public static Map<String, Object> sciatica() {
    Map<String, Object> answers = back();
    answers.put("durationWeeks", 12);
    answers.put("painAreas", List.of("LOWER_BACK", "THIGH", "BELOW_KNEE"));
    answers.put("painRadiatesDownLeg", true);
    answers.put("radiatesHowFar", "BELOW_KNEE");
    answers.put("legSide", "RIGHT");
    answers.put("legNumbnessOrTingling", true);
    answers.put("numbnessWhere", List.of("BELOW_KNEE"));
    answers.put("painNow", 7);
    answers.put("physicalTherapyTried", true);
    answers.put("physicalTherapyWeeks", 10);
    answers.put("physicalTherapyHelped", "PARTLY");
    return asked(answers);
  }

  /**
   * The same with saddle numbness, a cauda equina red flag (vignettes "cauda equina - saddle
   * numbness ..."): EMERGENCY surgical consult, whatever else matches.
   */
  public static Map<String, Object> caudaEquina() {
    Map<String, Object> answers = sciatica();
    answers.put("saddleNumbness", true);
    return answers;
  }

  /**
   * Sciatica that 8 weeks of physical therapy did not help, pain 7/10 (vignette "sciatica not
   * improved by 8 weeks of physical therapy, severe pain"): SOON surgical consult, also physical
   * therapy and a medication review. Turns on the 6-week conservative care threshold.
   */
  public static Map<String, Object> sciaticaDespitePhysicalTherapy(int weeks) {
    Map<String, Object> answers = sciatica();
    answers.put("durationWeeks", 14);
    answers.put("physicalTherapyWeeks", weeks);
    answers.put("physicalTherapyHelped", "NO");
    return answers;
  }

  /**
   * A twisting knee injury still painful after 8 weeks of physical therapy (vignette "twisting
   * injury still painful after 8 weeks of physical therapy"): SOON surgical consult, also physical
   * therapy; meniscus tear possible. Turns on the same 6-week threshold.
   */
  public static Map<String, Object> twistedKneeDespitePhysicalTherapy() {
    Map<String, Object> answers = knee();
    answers.put("onset", "AFTER_INJURY");
    answers.put("durationWeeks", 12);
    answers.put("kneeInjury", "TWISTING");
    answers.put("kneeSwelling", "NEXT_DAY");
    answers.put("physicalTherapyTried", true);
    answers.put("physicalTherapyWeeks", 8);
    answers.put("physicalTherapyHelped", "NO");
    return asked(answers);
  }

  /** Only the answers to questions the questionnaire asks, given these answers. */
  private static Map<String, Object> asked(Map<String, Object> answers) {
    Set<String> asked =
        Questionnaire.CURRENT.asked(answers).stream().map(Question::id).collect(Collectors.toSet());
    Map<String, Object> kept = new LinkedHashMap<>(answers);
    kept.keySet().retainAll(asked);
    return kept;
  }

  public static IntakeSubmitted submitted(Map<String, Object> answers) {
    return submitted(answers, AGE);
  }

  public static IntakeSubmitted submitted(Map<String, Object> answers, int ageYears) {
    return submitted(Questionnaire.CURRENT, answers, ageYears);
  }

  /**
   * An intake answered with the given questionnaire version: only the answers to questions that
   * version has, and asks, are kept (an intake of 2026-11.1 lacks the two questions of 2026-12.1).
   */
  public static IntakeSubmitted submitted(
      Questionnaire questionnaire, Map<String, Object> answers, int ageYears) {
    Set<String> asked =
        questionnaire.asked(answers).stream().map(Question::id).collect(Collectors.toSet());
    Map<String, Object> kept = new LinkedHashMap<>(answers);
    kept.keySet().retainAll(asked);
    return new IntakeSubmitted(
        UUID.randomUUID(),
        questionnaire.version(),
        ageYears,
        "en",
        kept,
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
        Actor.system("intake"),
        Instant.now().truncatedTo(ChronoUnit.MILLIS));
  }

  public static IntakeWithdrawn withdrawn(IntakeSubmitted intake, IntakeWithdrawn.Reason reason) {
    return new IntakeWithdrawn(
        intake.intakeId(),
        reason,
        Actor.system("intake"),
        Instant.now().truncatedTo(ChronoUnit.MILLIS));
  }
}
