package clinic.fhir;

import clinic.events.questionnaire.Question;
import clinic.events.questionnaire.Questionnaire;
import clinic.events.questionnaire.Section;
import java.math.BigDecimal;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import org.hl7.fhir.r4.model.BooleanType;
import org.hl7.fhir.r4.model.DateType;
import org.hl7.fhir.r4.model.DecimalType;
import org.hl7.fhir.r4.model.IntegerType;
import org.hl7.fhir.r4.model.QuestionnaireResponse;
import org.hl7.fhir.r4.model.QuestionnaireResponse.QuestionnaireResponseItemComponent;
import org.hl7.fhir.r4.model.StringType;
import org.hl7.fhir.r4.model.Type;

/**
 * The other direction of {@link ResponseAnswers}: answers keyed by question id, as intake stores
 * them, written as the items of a QuestionnaireResponse, one group per section of the questionnaire
 * (the Questionnaire's {@code group} items) holding the answered questions in order.
 */
public final class QuestionnaireResponses {

  private QuestionnaireResponses() {}

  /** A response with the items of these answers; the caller sets id, status and the rest. */
  public static QuestionnaireResponse withItems(
      Questionnaire questionnaire, Map<String, Object> answers) {
    var response = new QuestionnaireResponse();
    for (Section section : questionnaire.sections()) {
      var group = new QuestionnaireResponseItemComponent().setLinkId(section.id());
      for (Question question : section.questions()) {
        var answer = answers.get(question.id());
        if (answer == null) {
          continue;
        }
        var item = group.addItem().setLinkId(question.id());
        var values = answer instanceof Collection<?> several ? several : List.of(answer);
        for (Object value : values) {
          item.addAnswer().setValue(value(question, value));
        }
      }
      if (group.hasItem()) {
        response.addItem(group);
      }
    }
    return response;
  }

  /** One stored answer as the FHIR type the Questionnaire gives its question. */
  static Type value(Question question, Object value) {
    return switch (question.type()) {
      case BOOLEAN -> new BooleanType(Boolean.parseBoolean(String.valueOf(value)));
      case INTEGER -> new IntegerType(((Number) value).intValue());
      case DECIMAL -> new DecimalType(new BigDecimal(String.valueOf(value)));
      case CHOICE, MULTI_CHOICE -> AnswerCodes.coding(String.valueOf(value));
      case TEXT -> new StringType(String.valueOf(value));
      case DATE -> new DateType(String.valueOf(value));
    };
  }
}
