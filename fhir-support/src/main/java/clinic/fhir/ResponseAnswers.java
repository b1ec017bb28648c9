package clinic.fhir;

import clinic.events.questionnaire.Question;
import clinic.events.questionnaire.Questionnaire;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.hl7.fhir.r4.model.QuestionnaireResponse;
import org.hl7.fhir.r4.model.QuestionnaireResponse.QuestionnaireResponseItemAnswerComponent;
import org.hl7.fhir.r4.model.QuestionnaireResponse.QuestionnaireResponseItemComponent;
import org.hl7.fhir.r4.model.Type;

/**
 * Reads a QuestionnaireResponse into the answers the questionnaire defines: keyed by question id
 * (the item's {@code linkId}), each a Boolean, a Number, a String or, for an item with several
 * answers, a List of Strings, as in {@code IntakeSubmitted.answers}. Groups (the questionnaire's
 * sections) are walked, so a response nested by section or flat reads the same. Nothing is checked
 * here: the questionnaire's own validation judges the answers, so that a FHIR response and a JSON
 * submission meet the same rules.
 */
public final class ResponseAnswers {

  private ResponseAnswers() {}

  /**
   * The answers of the response, in the order the items appear. A multiple-choice question of the
   * questionnaire reads as a list also when one option was chosen.
   */
  public static Map<String, Object> of(
      QuestionnaireResponse response, Questionnaire questionnaire) {
    Map<String, Object> answers = new LinkedHashMap<>();
    collect(response.getItem(), questionnaire, answers);
    return answers;
  }

  private static void collect(
      List<QuestionnaireResponseItemComponent> items,
      Questionnaire questionnaire,
      Map<String, Object> answers) {
    for (QuestionnaireResponseItemComponent item : items) {
      if (item.hasAnswer() && item.hasLinkId()) {
        boolean several =
            questionnaire
                .question(item.getLinkId())
                .map(question -> question.type() == Question.Type.MULTI_CHOICE)
                .orElse(item.getAnswer().size() > 1);
        answers.put(item.getLinkId(), value(item.getAnswer(), several));
      }
      collect(item.getItem(), questionnaire, answers);
      for (QuestionnaireResponseItemAnswerComponent answer : item.getAnswer()) {
        collect(answer.getItem(), questionnaire, answers);
      }
    }
  }

  private static Object value(
      List<QuestionnaireResponseItemAnswerComponent> answers, boolean several) {
    if (!several && answers.size() == 1) {
      return value(answers.getFirst().getValue());
    }
    List<String> chosen = new ArrayList<>();
    for (QuestionnaireResponseItemAnswerComponent answer : answers) {
      chosen.add(String.valueOf(value(answer.getValue())));
    }
    return chosen;
  }

  /** One answer's value in the questionnaire's terms; null when it has none of a known type. */
  static Object value(Type value) {
    return switch (value) {
      case null -> null;
      case org.hl7.fhir.r4.model.BooleanType b -> b.getValue();
      case org.hl7.fhir.r4.model.IntegerType i -> i.getValue();
      case org.hl7.fhir.r4.model.DecimalType d -> d.getValue();
      case org.hl7.fhir.r4.model.Quantity q -> q.getValue();
      case org.hl7.fhir.r4.model.Coding c -> c.getCode();
      case org.hl7.fhir.r4.model.DateType date -> date.getValueAsString();
      case org.hl7.fhir.r4.model.PrimitiveType<?> p -> p.getValueAsString();
      default -> null;
    };
  }
}
