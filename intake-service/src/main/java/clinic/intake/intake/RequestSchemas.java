package clinic.intake.intake;

import clinic.events.IntakeWithdrawn;
import clinic.events.questionnaire.Question;
import clinic.intake.questionnaire.QuestionnaireStore;
import clinic.intake.questionnaire.TextLimits;
import io.swagger.v3.oas.models.Components;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.media.Schema;
import java.math.BigDecimal;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import org.springdoc.core.customizers.OpenApiCustomizer;
import org.springframework.stereotype.Component;

/**
 * The request bodies of the intake API in the OpenAPI document. The controller reads them as JSON
 * trees, checked by {@link IntakeValidator} against the current questionnaire, so there is no class
 * for springdoc to describe: these schemas are written from the same questionnaire (types, options,
 * ranges, required questions, {@link TextLimits}), and the controller's methods name them.
 */
@Component
class RequestSchemas implements OpenApiCustomizer {

  static final String SUBMISSION = "IntakeSubmission";
  static final String AMENDMENT = "IntakeAmendment";
  static final String WITHDRAWAL = "IntakeWithdrawal";
  static final String ANSWERS = "Answers";

  private final QuestionnaireStore questionnaires;

  RequestSchemas(QuestionnaireStore questionnaires) {
    this.questionnaires = questionnaires;
  }

  @Override
  public void customise(OpenAPI api) {
    if (api.getComponents() == null) {
      api.setComponents(new Components());
    }
    var questionnaire = questionnaires.current();
    var answers =
        object(
                "The clinical answers of questionnaire "
                    + questionnaire.version()
                    + ", by question id. A question asked only for some answers (shownWhen in"
                    + " GET /api/questionnaires/current) is required only when it is asked, and"
                    + " refused when it is not.")
            .additionalProperties(false);
    questionnaire
        .clinicalQuestions()
        .forEach(
            question -> {
              answers.addProperty(question.id(), schema(question));
              if (question.required() && question.shownWhen() == null) {
                answers.addRequiredItem(question.id());
              }
            });

    var submission =
        object("A new intake: the patient's own details, and the clinical answers under answers.")
            .additionalProperties(false);
    questionnaire
        .questions()
        .filter(Question::personal)
        .forEach(
            question -> {
              submission.addProperty(question.id(), schema(question));
              if (question.required()) {
                submission.addRequiredItem(question.id());
              }
            });
    submission.addProperty("answers", ref(ANSWERS)).addRequiredItem("answers");

    var amendmentReasons = Arrays.stream(Intake.AmendmentReason.values()).map(Enum::name).toList();
    var amendment =
        object(
                "The whole corrected set of clinical answers, and why they were corrected (a"
                    + " code, never free text; kept in the intake's history).")
            .additionalProperties(false)
            .addProperty("answers", ref(ANSWERS))
            .addProperty("reason", choice(amendmentReasons))
            .addRequiredItem("answers");

    var reasons = Arrays.stream(IntakeWithdrawn.Reason.values()).map(Enum::name).toList();
    var withdrawal =
        object("Why the intake is withdrawn: a code, never free text.")
            .additionalProperties(false)
            .addProperty("reason", choice(reasons))
            .addRequiredItem("reason");

    api.getComponents()
        .addSchemas(ANSWERS, answers)
        .addSchemas(SUBMISSION, submission)
        .addSchemas(AMENDMENT, amendment)
        .addSchemas(WITHDRAWAL, withdrawal);
  }

  private static Schema<?> schema(Question question) {
    return switch (question.type()) {
      case BOOLEAN -> typed("boolean");
      case INTEGER -> range(typed("integer"), question);
      case DECIMAL -> range(typed("number"), question);
      case CHOICE -> choice(question.options());
      case MULTI_CHOICE -> {
        var list = typed("array").items(choice(question.options())).uniqueItems(true);
        list.maxItems(question.options().size());
        if (question.min() != null && question.min() > 0) {
          list.minItems(question.min().intValue());
        }
        yield list;
      }
      case TEXT -> typed("string").maxLength(TextLimits.of(question));
      case DATE -> typed("string").format("date");
    };
  }

  private static Schema<?> range(Schema<?> number, Question question) {
    if (question.min() != null) {
      number.minimum(BigDecimal.valueOf(question.min()));
    }
    if (question.max() != null) {
      number.maximum(BigDecimal.valueOf(question.max()));
    }
    return number;
  }

  private static Schema<String> choice(List<String> options) {
    Schema<String> schema = typed("string");
    schema.setEnum(List.copyOf(options));
    return schema;
  }

  private static Schema<Object> object(String description) {
    Schema<Object> schema = typed("object");
    schema.setDescription(description);
    return schema;
  }

  private static Schema<?> ref(String name) {
    return new Schema<>().$ref("#/components/schemas/" + name);
  }

  private static <T> Schema<T> typed(String type) {
    var schema = new Schema<T>();
    schema.setType(type);
    schema.setTypes(Set.of(type));
    return schema;
  }
}
