package clinic.events.questionnaire;

import static clinic.events.questionnaire.Condition.anyOf;
import static clinic.events.questionnaire.Condition.isYes;
import static clinic.events.questionnaire.Question.choice;
import static clinic.events.questionnaire.Question.decimal;
import static clinic.events.questionnaire.Question.multi;
import static clinic.events.questionnaire.Question.number;
import static clinic.events.questionnaire.Question.personal;
import static clinic.events.questionnaire.Question.yesNo;

import clinic.events.questionnaire.Question.Type;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * The versioned sciatica-and-knee questionnaire: which questions exist, their types and allowed
 * values, and when each is asked. It is the contract of {@code IntakeSubmitted.answers}: intake
 * validates answers and renders its form from it, triage checks at start that its rules only name
 * questions that exist here.
 */
public record Questionnaire(String version, List<Section> sections) {

  public Questionnaire {
    Objects.requireNonNull(version, "version");
    sections = List.copyOf(sections);
  }

  static final String[] BACK_OR_LEG = {"LOWER_BACK", "BUTTOCK", "THIGH", "BELOW_KNEE", "FOOT"};
  static final String[] KNEE = {"LEFT_KNEE", "RIGHT_KNEE"};
  static final String[] LEG_LEVELS = {"BUTTOCK", "THIGH", "BELOW_KNEE", "FOOT"};
  static final String[] HELPED = {"YES", "PARTLY", "NO"};

  /**
   * The first version. Intakes and events answered with it stay valid: they are displayed, replayed
   * and decided with this definition. Never change it; add a version instead.
   */
  public static final Questionnaire V2026_11_1 =
      new Questionnaire(
          "2026-11.1",
          List.of(
              new Section(
                  "aboutYou",
                  null,
                  List.of(
                      personal("patientName", Type.TEXT, true),
                      personal("dateOfBirth", Type.DATE, true),
                      personal("phone", Type.TEXT, false),
                      personal("email", Type.TEXT, false),
                      personal("preferredLanguage", Type.CHOICE, true, "en", "es"),
                      personal("consentToContact", Type.BOOLEAN, true))),
              new Section(
                  "whereItHurts",
                  null,
                  List.of(
                      multi(
                          "painAreas",
                          true,
                          null,
                          "LOWER_BACK",
                          "BUTTOCK",
                          "THIGH",
                          "BELOW_KNEE",
                          "FOOT",
                          "LEFT_KNEE",
                          "RIGHT_KNEE"),
                      choice("onset", true, null, "GRADUAL", "SUDDEN", "AFTER_INJURY"),
                      number("durationWeeks", true, 0, 520, null))),
              new Section(
                  "backAndLeg",
                  anyOf("painAreas", BACK_OR_LEG),
                  List.of(
                      yesNo("painRadiatesDownLeg", true, null),
                      choice("radiatesHowFar", true, isYes("painRadiatesDownLeg"), LEG_LEVELS),
                      yesNo("legNumbnessOrTingling", true, null),
                      multi("numbnessWhere", true, isYes("legNumbnessOrTingling"), LEG_LEVELS),
                      yesNo("legWeakness", true, null),
                      yesNo("legWeaknessWorsening", true, isYes("legWeakness")),
                      yesNo("footDrop", true, isYes("legWeakness")),
                      multi(
                          "worseWith",
                          false,
                          null,
                          "MOVEMENT",
                          "SITTING",
                          "WALKING",
                          "STANDING",
                          "BENDING",
                          "COUGHING_OR_SNEEZING"),
                      multi(
                          "betterWith",
                          false,
                          null,
                          "SITTING",
                          "BENDING_FORWARD",
                          "LYING_DOWN",
                          "WALKING",
                          "NOTHING"))),
              new Section(
                  "knee",
                  anyOf("painAreas", KNEE),
                  List.of(
                      choice(
                          "kneeInjury",
                          true,
                          null,
                          "NONE",
                          "TWISTING",
                          "PIVOT_WITH_POP",
                          "DIRECT_BLOW",
                          "FALL"),
                      choice(
                          "kneeSwelling",
                          true,
                          null,
                          "NONE",
                          "WITHIN_HOURS",
                          "NEXT_DAY",
                          "GRADUAL"),
                      yesNo("kneeLocking", true, null),
                      yesNo("kneeGivingWay", true, null),
                      yesNo("canBearWeight", true, null),
                      number("morningStiffnessMinutes", true, 0, 1440, null),
                      yesNo("arthritisDiagnosed", true, null),
                      yesNo("kneeCannotStraighten", true, null),
                      yesNo("kneeHotAndSwollen", true, null))),
              new Section(
                  "howYouMove",
                  null,
                  List.of(
                      yesNo("limpOrUnevenWalking", true, null),
                      yesNo("legLengthDifference", false, null),
                      yesNo("footProblemsOrOrthotics", false, null),
                      yesNo("coreOrHipWeakness", false, null))),
              new Section(
                  "howMuch",
                  null,
                  List.of(
                      number("painNow", true, 0, 10, null),
                      number("painWorst", true, 0, 10, null),
                      yesNo("sleepAffected", true, null),
                      choice(
                          "dailyActivitiesAffected",
                          true,
                          null,
                          "NOT_AT_ALL",
                          "A_LITTLE",
                          "MODERATELY",
                          "SEVERELY"),
                      decimal("weightKg", 20, 350),
                      decimal("heightCm", 100, 250))),
              new Section(
                  "careSoFar",
                  null,
                  List.of(
                      yesNo("physicalTherapyTried", true, null),
                      number("physicalTherapyWeeks", true, 0, 520, isYes("physicalTherapyTried")),
                      choice("physicalTherapyHelped", true, isYes("physicalTherapyTried"), HELPED),
                      yesNo("painMedicinesTried", true, null),
                      choice("painMedicinesHelped", true, isYes("painMedicinesTried"), HELPED),
                      multi(
                          "currentMedicines",
                          false,
                          null,
                          "ANTI_INFLAMMATORY",
                          "PARACETAMOL",
                          "OPIOID",
                          "MUSCLE_RELAXANT",
                          "BLOOD_THINNER",
                          "NERVE_PAIN_MEDICINE",
                          "STEROID",
                          "OTHER"),
                      number("medicineCount", false, 0, 50, null),
                      yesNo("kidneyDisease", true, null),
                      yesNo("stomachUlcers", true, null))),
              new Section(
                  "warningSigns",
                  null,
                  List.of(
                      yesNo("bladderOrBowelChange", true, null),
                      yesNo("saddleNumbness", true, null),
                      yesNo("bothLegsWeakOrNumb", true, null),
                      yesNo("newSexualDysfunction", false, null),
                      yesNo("fever", true, null),
                      yesNo("historyOfCancer", true, null),
                      yesNo("unexplainedWeightLoss", true, null),
                      yesNo("significantTrauma", true, null),
                      yesNo("intravenousDrugUse", true, null),
                      yesNo("weakenedImmuneSystem", true, null)))));

  /**
   * 2026-12.1 adds two questions the knee and sciatica rules need (issue 17): which leg the pain
   * travels down (both legs, with nerve signs, is a cauda equina warning), and whether the knee
   * hurts with activity (one of the three parts of the clinical diagnosis of osteoarthritis, NICE
   * NG226). Everything else is as in 2026-11.1.
   */
  public static final Questionnaire V2026_12_1 =
      V2026_11_1.adding(
          "2026-12.1",
          Map.of(
              "radiatesHowFar",
              choice("legSide", true, isYes("painRadiatesDownLeg"), "LEFT", "RIGHT", "BOTH"),
              "canBearWeight",
              yesNo("kneePainWithActivity", true, null)));

  /** The questionnaire new intakes and amendments are answered with. */
  public static final Questionnaire CURRENT = V2026_12_1;

  /** Every version there has been, the oldest first. */
  public static final List<Questionnaire> VERSIONS = List.of(V2026_11_1, V2026_12_1);

  /** A version by its name: the current one or an older one stored answers may point at. */
  public static Optional<Questionnaire> version(String version) {
    return VERSIONS.stream().filter(q -> q.version.equals(version)).findFirst();
  }

  /**
   * The version some answers stored without one were given to: the newest whose own new questions,
   * where it asks them for these answers, are all answered (a complete intake answers every
   * required question it was asked, so a question its version did not have is the one left out).
   * Answers that none of the new questions applies to are read as the current version, which asks
   * them exactly what the older one did.
   */
  public static Questionnaire answering(Map<String, Object> answers) {
    for (int i = VERSIONS.size() - 1; i > 0; i--) {
      Questionnaire version = VERSIONS.get(i);
      Questionnaire previous = VERSIONS.get(i - 1);
      boolean answered =
          version.asked(answers).stream()
              .filter(q -> previous.question(q.id()).isEmpty())
              .allMatch(q -> answers.get(q.id()) != null);
      if (answered) {
        return version;
      }
    }
    return VERSIONS.getFirst();
  }

  /** This questionnaire under a new version, with each new question right after the one named. */
  private Questionnaire adding(String newVersion, Map<String, Question> after) {
    List<Section> changed = new ArrayList<>();
    for (Section section : sections) {
      List<Question> questions = new ArrayList<>();
      for (Question question : section.questions()) {
        questions.add(question);
        if (after.containsKey(question.id())) {
          questions.add(after.get(question.id()));
        }
      }
      changed.add(new Section(section.id(), section.shownWhen(), questions));
    }
    return new Questionnaire(newVersion, changed);
  }

  public Stream<Question> questions() {
    return sections.stream().flatMap(s -> s.questions().stream());
  }

  public Optional<Question> question(String id) {
    return questions().filter(q -> q.id().equals(id)).findFirst();
  }

  /** The clinical questions: the ones whose answers may travel in events. */
  public Stream<Question> clinicalQuestions() {
    return questions().filter(q -> !q.personal());
  }

  /**
   * The questions asked for these answers, in order: a question is asked when its section's and its
   * own condition hold on the answers to the questions asked before it. An answer to a question
   * that is not asked does not count (a knee answer when no knee hurts).
   */
  public List<Question> asked(Map<String, Object> answers) {
    Map<String, Object> earlier = new HashMap<>();
    List<Question> asked = new ArrayList<>();
    for (Section section : sections) {
      if (section.shownWhen() != null && !section.shownWhen().holds(earlier)) {
        continue;
      }
      for (Question question : section.questions()) {
        if (question.shownWhen() == null || question.shownWhen().holds(earlier)) {
          asked.add(question);
          if (answers.containsKey(question.id())) {
            earlier.put(question.id(), answers.get(question.id()));
          }
        }
      }
    }
    return asked;
  }
}
