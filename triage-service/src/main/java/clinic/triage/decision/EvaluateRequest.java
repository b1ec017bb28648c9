package clinic.triage.decision;

import clinic.events.questionnaire.Question;
import clinic.events.questionnaire.Questionnaire;
import clinic.web.FieldProblem;
import clinic.web.InvalidRequest;
import io.swagger.v3.oas.annotations.media.Schema;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A what-if: the age, the patient's language and the answers to decide on, as {@code
 * IntakeSubmitted} carries them. The fields are read as plain JSON values so that every problem is
 * reported at once, each naming its field ({@code ageYears}, {@code answers.painNow}).
 *
 * @param preferredLanguage optional, {@code en} when absent: it only travels with the decision
 * @param answers question id to answer; an answer left out (or null) is not answered, which the
 *     ruleset treats as it treats an intake: a rule that needs it sends the decision to review
 */
record EvaluateRequest(
    @Schema(
            requiredMode = Schema.RequiredMode.REQUIRED,
            types = "integer",
            minimum = "0",
            maximum = "" + MAX_AGE,
            description = "The patient's age in whole years.")
        Object ageYears,
    @Schema(
            types = "string",
            allowableValues = {"en", "es"},
            defaultValue = DEFAULT_LANGUAGE)
        Object preferredLanguage,
    @Schema(
            requiredMode = Schema.RequiredMode.REQUIRED,
            types = "object",
            description =
                "Answers by question id, as intake-service's questionnaire asks them; one left"
                    + " out is not answered.")
        Object answers) {

  static final int MAX_AGE = 130;
  static final String DEFAULT_LANGUAGE = "en";

  /** The request, checked. */
  record Checked(int ageYears, String preferredLanguage, Map<String, Object> answers) {}

  Checked validate() {
    List<FieldProblem> errors = new ArrayList<>();
    int age = 0;
    if (ageYears == null) {
      errors.add(new FieldProblem("ageYears", "is required: the patient's age in whole years"));
    } else if (!isWhole(ageYears, 0, MAX_AGE)) {
      errors.add(new FieldProblem("ageYears", "must be a whole number from 0 to " + MAX_AGE));
    } else {
      age = ((Number) ageYears).intValue();
    }

    List<String> languages =
        Questionnaire.CURRENT.question("preferredLanguage").orElseThrow().options();
    String language = DEFAULT_LANGUAGE;
    if (preferredLanguage != null) {
      if (preferredLanguage instanceof String text && languages.contains(text)) {
        language = text;
      } else {
        errors.add(
            new FieldProblem(
                "preferredLanguage", "must be one of " + String.join(", ", languages)));
      }
    }

    Map<String, Object> checked = new LinkedHashMap<>();
    if (answers == null) {
      errors.add(
          new FieldProblem(
              "answers", "is required: an object of question id to answer (it may be empty)"));
    } else if (!(answers instanceof Map<?, ?> map)) {
      errors.add(new FieldProblem("answers", "must be an object of question id to answer"));
    } else {
      map.forEach(
          (id, answer) -> {
            String field = "answers." + id;
            String problem = problem(String.valueOf(id), answer);
            if (problem != null) {
              errors.add(new FieldProblem(field, problem));
            } else {
              checked.put(String.valueOf(id), answer);
            }
          });
    }
    if (!errors.isEmpty()) {
      throw new InvalidRequest(errors);
    }
    return new Checked(age, language, checked);
  }

  /** What is wrong with one answer, or null. Null itself means "not answered" and is allowed. */
  private static String problem(String id, Object answer) {
    Question question = Questionnaire.CURRENT.question(id).orElse(null);
    if (question == null) {
      return "is not a question of questionnaire " + Questionnaire.CURRENT.version();
    }
    if (question.personal()) {
      return "is a personal detail, not a clinical answer: leave it out";
    }
    if (answer == null) {
      return null;
    }
    return switch (question.type()) {
      case BOOLEAN -> answer instanceof Boolean ? null : "must be true or false";
      case INTEGER ->
          isWhole(answer, question.min(), question.max())
              ? null
              : "must be a whole number from "
                  + whole(question.min())
                  + " to "
                  + whole(question.max());
      case DECIMAL ->
          answer instanceof Number n
                  && n.doubleValue() >= question.min()
                  && n.doubleValue() <= question.max()
              ? null
              : "must be a number from " + whole(question.min()) + " to " + whole(question.max());
      case CHOICE ->
          answer instanceof String s && question.options().contains(s)
              ? null
              : "must be one of " + String.join(", ", question.options());
      case MULTI_CHOICE -> multiChoiceProblem(question, answer);
      case TEXT, DATE -> answer instanceof String ? null : "must be text";
    };
  }

  private static String multiChoiceProblem(Question question, Object answer) {
    String expected = "must be a list of " + String.join(", ", question.options());
    if (!(answer instanceof List<?> chosen)) {
      return expected;
    }
    if (!question.options().containsAll(chosen) || new HashSet<>(chosen).size() != chosen.size()) {
      return expected + ", each at most once";
    }
    if (question.min() != null && chosen.size() < question.min()) {
      return "must name at least " + whole(question.min());
    }
    return null;
  }

  private static boolean isWhole(Object value, double min, double max) {
    if (!(value instanceof Integer || value instanceof Long || value instanceof BigInteger)) {
      return false;
    }
    double number = ((Number) value).doubleValue();
    return number >= min && number <= max;
  }

  private static String whole(Double value) {
    return String.valueOf(value.longValue());
  }
}
