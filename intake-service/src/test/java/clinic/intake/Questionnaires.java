package clinic.intake;

import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/** Request bodies for {@code POST /api/intakes}, answering questionnaire 2026-12.1. */
public final class Questionnaires {

  public static final String NAME = "Ada Lovelace";
  public static final String DATE_OF_BIRTH = "1968-04-23";
  public static final String EMAIL = "ada.lovelace@example.org";
  public static final String PHONE = "+1 555 0100 777";

  private static final JsonMapper json = JsonMapper.builder().build();

  private Questionnaires() {}

  /**
   * A complete, valid questionnaire that opens both conditional sections: back pain down the leg
   * and a twisted left knee, with physical therapy and medicines tried.
   */
  public static ObjectNode valid() {
    return parse(
        """
        {
          "patientName": "%s",
          "dateOfBirth": "%s",
          "email": "%s",
          "phone": "%s",
          "consentToContact": true,
          "preferredLanguage": "es",
          "answers": {
            "painAreas": ["LOWER_BACK", "THIGH", "LEFT_KNEE"],
            "onset": "GRADUAL",
            "durationWeeks": 8,
            "painRadiatesDownLeg": true,
            "radiatesHowFar": "BELOW_KNEE",
            "legSide": "LEFT",
            "legNumbnessOrTingling": true,
            "numbnessWhere": ["THIGH", "BELOW_KNEE"],
            "legWeakness": false,
            "worseWith": ["SITTING", "BENDING"],
            "betterWith": ["LYING_DOWN"],
            "kneeInjury": "TWISTING",
            "kneeSwelling": "NEXT_DAY",
            "kneeLocking": false,
            "kneeGivingWay": false,
            "canBearWeight": true,
            "kneePainWithActivity": true,
            "morningStiffnessMinutes": 10,
            "arthritisDiagnosed": false,
            "kneeCannotStraighten": false,
            "kneeHotAndSwollen": false,
            "limpOrUnevenWalking": false,
            "legLengthDifference": false,
            "painNow": 6,
            "painWorst": 8,
            "sleepAffected": true,
            "dailyActivitiesAffected": "MODERATELY",
            "weightKg": 72.5,
            "heightCm": 168,
            "physicalTherapyTried": true,
            "physicalTherapyWeeks": 4,
            "physicalTherapyHelped": "PARTLY",
            "painMedicinesTried": true,
            "painMedicinesHelped": "NO",
            "currentMedicines": ["ANTI_INFLAMMATORY"],
            "medicineCount": 2,
            "kidneyDisease": false,
            "stomachUlcers": false,
            "bladderOrBowelChange": false,
            "saddleNumbness": false,
            "bothLegsWeakOrNumb": false,
            "fever": false,
            "historyOfCancer": false,
            "unexplainedWeightLoss": false,
            "significantTrauma": false,
            "intravenousDrugUse": false,
            "weakenedImmuneSystem": false
          }
        }
        """
            .formatted(NAME, DATE_OF_BIRTH, EMAIL, PHONE));
  }

  /**
   * {@link #valid()} as questionnaire 2026-11.1 asked it: without which leg the pain travels down
   * and without knee pain with activity.
   */
  public static ObjectNode validForTheOlderQuestionnaire() {
    var body = valid();
    ((ObjectNode) body.get("answers")).remove(java.util.List.of("legSide", "kneePainWithActivity"));
    return body;
  }

  /** Sciatica-like: back pain travelling below the knee with numbness, no knee pain. */
  public static ObjectNode backAndLeg() {
    return parse(
        """
        {
          "patientName": "Ada Example",
          "dateOfBirth": "1968-04-02",
          "email": "ada@example.org",
          "consentToContact": true,
          "preferredLanguage": "en",
          "answers": {
            "painAreas": ["LOWER_BACK", "BUTTOCK", "THIGH", "BELOW_KNEE"],
            "onset": "SUDDEN",
            "durationWeeks": 6,
            "painRadiatesDownLeg": true,
            "radiatesHowFar": "BELOW_KNEE",
            "legSide": "LEFT",
            "legNumbnessOrTingling": true,
            "numbnessWhere": ["BELOW_KNEE", "FOOT"],
            "legWeakness": false,
            "worseWith": ["SITTING", "COUGHING_OR_SNEEZING"],
            "betterWith": ["LYING_DOWN"],
            "limpOrUnevenWalking": false,
            "painNow": 6,
            "painWorst": 9,
            "sleepAffected": true,
            "dailyActivitiesAffected": "SEVERELY",
            "physicalTherapyTried": false,
            "painMedicinesTried": true,
            "painMedicinesHelped": "PARTLY",
            "currentMedicines": ["ANTI_INFLAMMATORY"],
            "kidneyDisease": false,
            "stomachUlcers": false,
            "bladderOrBowelChange": false,
            "saddleNumbness": false,
            "bothLegsWeakOrNumb": false,
            "fever": false,
            "historyOfCancer": false,
            "unexplainedWeightLoss": false,
            "significantTrauma": false,
            "intravenousDrugUse": false,
            "weakenedImmuneSystem": false
          }
        }
        """);
  }

  /** A twisted right knee and nothing else: no back or leg question is asked. */
  public static ObjectNode kneeOnly() {
    return parse(
        """
        {
          "patientName": "Kim Knee",
          "dateOfBirth": "1990-10-10",
          "phone": "555 0101 222",
          "consentToContact": true,
          "preferredLanguage": "en",
          "answers": {
            "painAreas": ["RIGHT_KNEE"],
            "onset": "AFTER_INJURY",
            "durationWeeks": 2,
            "kneeInjury": "PIVOT_WITH_POP",
            "kneeSwelling": "WITHIN_HOURS",
            "kneeLocking": false,
            "kneeGivingWay": true,
            "canBearWeight": true,
            "kneePainWithActivity": true,
            "morningStiffnessMinutes": 0,
            "arthritisDiagnosed": false,
            "kneeCannotStraighten": false,
            "kneeHotAndSwollen": false,
            "limpOrUnevenWalking": true,
            "painNow": 4,
            "painWorst": 7,
            "sleepAffected": false,
            "dailyActivitiesAffected": "A_LITTLE",
            "physicalTherapyTried": false,
            "painMedicinesTried": false,
            "kidneyDisease": false,
            "stomachUlcers": false,
            "bladderOrBowelChange": false,
            "saddleNumbness": false,
            "bothLegsWeakOrNumb": false,
            "fever": false,
            "historyOfCancer": false,
            "unexplainedWeightLoss": false,
            "significantTrauma": false,
            "intravenousDrugUse": false,
            "weakenedImmuneSystem": false
          }
        }
        """);
  }

  public static ObjectNode answers(ObjectNode questionnaire) {
    return (ObjectNode) questionnaire.get("answers");
  }

  private static ObjectNode parse(String body) {
    return (ObjectNode) json.readTree(body);
  }
}
