package clinic.intake.intake;

import clinic.events.questionnaire.Question;
import clinic.events.questionnaire.Questionnaire;
import java.math.BigDecimal;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.springframework.util.LinkedMultiValueMap;
import org.springframework.util.MultiValueMap;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * The front-desk form's fields turned into the JSON body the API takes, so that the form goes
 * through the same validator and the same submission as the API. Form fields are all text: yes/no,
 * numbers and lists get their JSON types here; whatever does not convert is passed on as text for
 * the validator to reject with its usual message.
 *
 * <p>One difference on purpose: answers to questions that are not asked for the other answers are
 * dropped, not rejected. Without JavaScript the form shows every section, and a radio button once
 * chosen cannot be cleared, so a person who strayed into the knee section without knee pain must
 * not be stuck. (With JavaScript those questions are hidden and disabled, and never sent.)
 */
final class FormInput {

  static final String IDEMPOTENCY_KEY = "idempotencyKey";

  /** More digits before the point than any answer has: passed on as text, rejected as such. */
  private static final int MAX_DIGITS = 18;

  private FormInput() {}

  static ObjectNode toBody(
      Questionnaire questionnaire, MultiValueMap<String, String> form, JsonMapper json) {
    var given = given(questionnaire, form);
    Set<String> asked =
        questionnaire.asked(given).stream().map(Question::id).collect(Collectors.toSet());
    var body = json.createObjectNode();
    var answers = body.putObject(IntakeValidator.ANSWERS);
    questionnaire
        .questions()
        .filter(question -> given.containsKey(question.id()))
        .filter(question -> question.personal() || asked.contains(question.id()))
        .forEach(
            question ->
                put(question.personal() ? body : answers, question, given.get(question.id())));
    return body;
  }

  /** Stored answers as the form's fields, to show them again in the correction form. */
  static MultiValueMap<String, String> fields(Map<String, Object> answers) {
    var fields = new LinkedMultiValueMap<String, String>();
    answers.forEach(
        (id, answer) -> {
          if (answer instanceof List<?> list) {
            list.forEach(value -> fields.add(id, String.valueOf(value)));
          } else if (answer instanceof BigDecimal number) {
            fields.add(id, number.toPlainString());
          } else if (answer != null) {
            fields.add(id, String.valueOf(answer));
          }
        });
    return fields;
  }

  /** The non-blank values of the form's fields, as strings (lists for multiple choices). */
  static Map<String, Object> given(
      Questionnaire questionnaire, MultiValueMap<String, String> form) {
    var given = new HashMap<String, Object>();
    questionnaire
        .questions()
        .forEach(
            question -> {
              var values =
                  form.getOrDefault(question.id(), List.of()).stream()
                      .filter(value -> value != null && !value.isBlank())
                      .toList();
              if (values.isEmpty()) {
                return;
              }
              given.put(
                  question.id(),
                  question.type() == Question.Type.MULTI_CHOICE ? values : values.getFirst());
            });
    return given;
  }

  private static void put(ObjectNode target, Question question, Object value) {
    var id = question.id();
    switch (question.type()) {
      case MULTI_CHOICE -> {
        var list = target.putArray(id);
        @SuppressWarnings("unchecked")
        var values = (List<String>) value;
        values.forEach(list::add);
      }
      case BOOLEAN -> {
        var text = (String) value;
        if (text.equals("true") || text.equals("false")) {
          target.put(id, Boolean.parseBoolean(text));
        } else {
          target.put(id, text);
        }
      }
      case INTEGER, DECIMAL -> {
        var text = ((String) value).strip();
        try {
          var number = new BigDecimal(text);
          if (number.precision() - number.scale() > MAX_DIGITS) {
            // 1e999999999 would take the whole JVM to write out; no answer is that large anyway.
            target.put(id, text);
          } else if (number.signum() == 0 || number.stripTrailingZeros().scale() <= 0) {
            target.put(id, number.toBigIntegerExact());
          } else {
            target.put(id, number);
          }
        } catch (NumberFormatException | ArithmeticException e) {
          target.put(id, text);
        }
      }
      default -> target.put(id, (String) value);
    }
  }
}
