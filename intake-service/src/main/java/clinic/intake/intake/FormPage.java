package clinic.intake.intake;

import clinic.events.questionnaire.Condition;
import clinic.events.questionnaire.Question;
import clinic.events.questionnaire.Questionnaire;
import clinic.intake.questionnaire.Labels;
import clinic.intake.questionnaire.TextLimits;
import clinic.web.FieldProblem;
import java.math.BigDecimal;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.function.Predicate;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.springframework.util.LinkedMultiValueMap;
import org.springframework.util.MultiValueMap;

/**
 * Everything the form template needs, worked out from the questionnaire definition: one fieldset
 * per section, one control (or group of radios or checkboxes) per question, the values to show
 * again, each error next to its field and in the summary at the top. The template only lays it out.
 *
 * @param errors the summary at the top, linking to each field in error, in the form's order
 * @param generalError a problem with the form as a whole, not with one field
 * @param earlierIntake the intake this form's key already created, when it was sent before
 */
record FormPage(
    String version,
    String idempotencyKey,
    List<SectionField> sections,
    List<ErrorLink> errors,
    String generalError,
    String earlierIntake) {

  /**
   * @param shownWhen the question whose answers show this section (for the script), or null
   * @param anyOf the answers to that question that show it, space-separated
   * @param when the condition in words, shown when the script does not run
   */
  record SectionField(
      String id,
      String title,
      String help,
      String shownWhen,
      String anyOf,
      String when,
      List<Field> fields) {}

  /**
   * @param widget radio, checkbox, number, text, email, tel or date
   * @param group true for radios and checkboxes: a fieldset with a legend
   * @param firstControl the id a link to this field points at
   * @param describedBy the ids of its hint and error, for {@code aria-describedby}
   */
  record Field(
      String id,
      String widget,
      boolean group,
      boolean inline,
      String label,
      String help,
      String when,
      String error,
      String shownWhen,
      String anyOf,
      List<Choice> choices,
      String value,
      String min,
      String max,
      String step,
      Integer maxLength,
      String autocomplete,
      String inputMode,
      String firstControl,
      String describedBy) {}

  record Choice(String id, String value, String label, boolean checked) {}

  record ErrorLink(String href, String text) {}

  /** An empty form: only the preferred language is preselected, as the page's own language. */
  static FormPage empty(
      Questionnaire questionnaire, Labels labels, Locale locale, String lang, String key) {
    var values = new LinkedMultiValueMap<String, String>();
    values.add("preferredLanguage", lang);
    return of(questionnaire, labels, locale, values, List.of(), key);
  }

  static FormPage of(
      Questionnaire questionnaire,
      Labels labels,
      Locale locale,
      MultiValueMap<String, String> values,
      List<FieldProblem> problems,
      String key) {
    return build(questionnaire, labels, locale, values, problems, key, question -> true);
  }

  /**
   * The form that corrects an intake's clinical answers: the personal questions left out (the
   * amendment does not change them), no idempotency key (the same answers again change nothing).
   */
  static FormPage correction(
      Questionnaire questionnaire,
      Labels labels,
      Locale locale,
      MultiValueMap<String, String> values,
      List<FieldProblem> problems) {
    return build(
        questionnaire, labels, locale, values, problems, null, question -> !question.personal());
  }

  private static FormPage build(
      Questionnaire questionnaire,
      Labels labels,
      Locale locale,
      MultiValueMap<String, String> values,
      List<FieldProblem> problems,
      String key,
      Predicate<Question> shown) {
    Map<String, String> errors = new LinkedHashMap<>();
    String general = null;
    for (var problem : problems) {
      var id = IntakeValidator.questionOf(problem.field());
      if (questionnaire.question(id).isPresent()) {
        errors.putIfAbsent(id, problem.message());
      } else {
        general = general == null ? problem.message() : general + " " + problem.message();
      }
    }
    var sections =
        questionnaire.sections().stream()
            .filter(section -> section.questions().stream().anyMatch(shown))
            .map(
                section ->
                    new SectionField(
                        section.id(),
                        labels.section(section.id(), locale),
                        labels.sectionHelp(section.id(), locale),
                        question(section.shownWhen()),
                        anyOf(section.shownWhen()),
                        when(
                            questionnaire, section.shownWhen(), "form.sectionWhen", labels, locale),
                        section.questions().stream()
                            .filter(shown)
                            .map(
                                question ->
                                    field(
                                        questionnaire,
                                        question,
                                        labels,
                                        locale,
                                        values.getOrDefault(question.id(), List.of()),
                                        errors.get(question.id())))
                            .toList()))
            .toList();
    var fields =
        sections.stream()
            .flatMap(section -> section.fields().stream())
            .collect(Collectors.toMap(Field::id, field -> field));
    var links =
        errors.entrySet().stream()
            .map(
                error -> {
                  var field = fields.get(error.getKey());
                  return new ErrorLink(
                      "#" + field.firstControl(),
                      labels.message(
                          "form.errorLink",
                          locale,
                          plainLabel(field, labels, locale),
                          error.getValue()));
                })
            .toList();
    return new FormPage(questionnaire.version(), key, sections, links, general, null);
  }

  FormPage withEarlierIntake(String message, String earlierIntake) {
    return new FormPage(version, idempotencyKey, sections, errors, message, earlierIntake);
  }

  private static Field field(
      Questionnaire questionnaire,
      Question question,
      Labels labels,
      Locale locale,
      List<String> values,
      String error) {
    var id = question.id();
    var label = labels.question(id, locale);
    if (!question.required()) {
      label = label + " " + labels.message("form.optional", locale);
    }
    var help = labels.help(id, locale);
    var group =
        question.type() == Question.Type.BOOLEAN
            || question.type() == Question.Type.CHOICE
            || question.type() == Question.Type.MULTI_CHOICE;
    var options =
        question.type() == Question.Type.BOOLEAN ? List.of("true", "false") : question.options();
    var choices =
        group
            ? options.stream()
                .map(
                    option ->
                        new Choice(
                            id + "-" + option,
                            option,
                            labels.option(question, option, locale),
                            values.contains(option)))
                .toList()
            : List.<Choice>of();
    var describedBy =
        Stream.of(help == null ? null : id + "-hint", error == null ? null : id + "-error")
            .filter(Objects::nonNull)
            .collect(Collectors.joining(" "));
    return new Field(
        id,
        widget(question),
        group,
        question.type() == Question.Type.BOOLEAN,
        label,
        help,
        when(questionnaire, question.shownWhen(), "form.questionWhen", labels, locale),
        error,
        question(question.shownWhen()),
        anyOf(question.shownWhen()),
        choices,
        group || values.isEmpty() ? null : values.getFirst(),
        number(question.min(), question),
        number(question.max(), question),
        switch (question.type()) {
          case INTEGER -> "1";
          case DECIMAL -> "any";
          default -> null;
        },
        question.type() == Question.Type.TEXT ? TextLimits.of(question) : null,
        autocomplete(id),
        switch (question.type()) {
          case INTEGER -> "numeric";
          case DECIMAL -> "decimal";
          default -> null;
        },
        group ? choices.getFirst().id() : id,
        describedBy.isEmpty() ? null : describedBy);
  }

  private static String widget(Question question) {
    return switch (question.type()) {
      case BOOLEAN, CHOICE -> "radio";
      case MULTI_CHOICE -> "checkbox";
      case INTEGER, DECIMAL -> "number";
      case DATE -> "date";
      case TEXT ->
          switch (question.id()) {
            case "email" -> "email";
            case "phone" -> "tel";
            default -> "text";
          };
    };
  }

  private static String autocomplete(String id) {
    return switch (id) {
      case "patientName" -> "name";
      case "dateOfBirth" -> "bday";
      case "email" -> "email";
      case "phone" -> "tel";
      default -> null;
    };
  }

  private static String number(Double value, Question question) {
    if (value == null
        || (question.type() != Question.Type.INTEGER && question.type() != Question.Type.DECIMAL)) {
      return null;
    }
    return BigDecimal.valueOf(value).stripTrailingZeros().toPlainString();
  }

  private static String question(Condition condition) {
    return condition == null ? null : condition.question();
  }

  private static String anyOf(Condition condition) {
    return condition == null ? null : String.join(" ", condition.anyOf());
  }

  private static String when(
      Questionnaire questionnaire, Condition condition, String code, Labels labels, Locale locale) {
    return condition == null
        ? null
        : labels.message(code, locale, labels.condition(questionnaire, condition, locale));
  }

  /** The label without its "(optional)" mark, for the error summary. */
  private static String plainLabel(Field field, Labels labels, Locale locale) {
    return labels.question(field.id(), locale);
  }
}
