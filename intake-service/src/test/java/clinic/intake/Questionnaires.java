package clinic.intake;

import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/** Request bodies for {@code POST /api/intakes}. */
public final class Questionnaires {

  public static final String NAME = "Ada Lovelace";
  public static final String DATE_OF_BIRTH = "1968-04-23";
  public static final String EMAIL = "ada.lovelace@example.org";
  public static final String PHONE = "+1 555 0100 777";

  private static final JsonMapper json = JsonMapper.builder().build();

  private Questionnaires() {}

  /** A complete, valid questionnaire: back pain down the leg and a twisted left knee. */
  public static ObjectNode valid() {
    return (ObjectNode)
        json.readTree(
            """
            {
              "patientName": "%s",
              "dateOfBirth": "%s",
              "email": "%s",
              "phone": "%s",
              "consentToContact": true,
              "preferredLanguage": "es",
              "answers": {
                "painAreas": ["LOWER_BACK", "LEFT_KNEE"],
                "painRadiatesDownLeg": true,
                "legNumbnessOrTingling": false,
                "kneeInjury": "TWISTING",
                "kneeLocking": false,
                "painNow": 6,
                "bladderOrBowelChange": false,
                "saddleNumbness": false
              }
            }
            """
                .formatted(NAME, DATE_OF_BIRTH, EMAIL, PHONE));
  }

  public static ObjectNode answers(ObjectNode questionnaire) {
    return (ObjectNode) questionnaire.get("answers");
  }
}
