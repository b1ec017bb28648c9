package clinic.fhir;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.hl7.fhir.r4.model.Enumerations.PublicationStatus;
import org.hl7.fhir.r4.model.Questionnaire;
import org.hl7.fhir.r4.model.Questionnaire.QuestionnaireItemType;
import org.hl7.fhir.r4.model.QuestionnaireResponse;
import org.hl7.fhir.r4.model.QuestionnaireResponse.QuestionnaireResponseStatus;
import org.hl7.fhir.r4.model.StringType;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class ValidationTest {

  private static final String URL = "http://example.org/fhir/Questionnaire/q";
  private static Validation validation;

  @BeforeAll
  static void loadTheSpecificationOnce() {
    var questionnaire = new Questionnaire().setUrl(URL).setStatus(PublicationStatus.ACTIVE);
    questionnaire.setId("q");
    questionnaire.addItem().setLinkId("name").setText("Name").setType(QuestionnaireItemType.STRING);
    validation = Validation.knowing(List.of(questionnaire));
  }

  @Test
  void aResponseThatFitsItsQuestionnaireHasNoErrors() {
    var response = response("name", new StringType("Ana"));

    assertThat(errors(response)).isEmpty();
  }

  @Test
  void aResponseNamingAnItemTheQuestionnaireLacksIsAnError() {
    var response = response("nickname", new StringType("Ana"));

    assertThat(errors(response)).anySatisfy(message -> assertThat(message).contains("nickname"));
  }

  @Test
  void aResourceMissingARequiredElementIsAnError() {
    var response = new QuestionnaireResponse(); // status is required

    assertThat(errors(response)).isNotEmpty();
  }

  private static QuestionnaireResponse response(String linkId, StringType value) {
    var response =
        new QuestionnaireResponse()
            .setQuestionnaire(URL)
            .setStatus(QuestionnaireResponseStatus.COMPLETED);
    response.addItem().setLinkId(linkId).addAnswer().setValue(value);
    return response;
  }

  private static List<String> errors(org.hl7.fhir.instance.model.api.IBaseResource resource) {
    return validation.errors(resource);
  }
}
