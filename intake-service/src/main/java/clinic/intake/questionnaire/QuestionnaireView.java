package clinic.intake.questionnaire;

import clinic.events.questionnaire.Condition;
import clinic.events.questionnaire.Question;
import clinic.events.questionnaire.Questionnaire;
import java.util.List;
import java.util.Locale;

/**
 * {@code GET /api/questionnaires/{version}}: the definition with its wording in one language,
 * enough for a client to render the form and apply its conditions.
 *
 * @param language the language of the labels: {@code en} or {@code es}
 */
record QuestionnaireView(String version, String language, List<SectionView> sections) {

  record SectionView(
      String id,
      String title,
      String help,
      ConditionView shownWhen,
      List<QuestionView> questions) {}

  /**
   * @param min the smallest number, or for a multiple choice the fewest answers
   * @param maxLength the longest text accepted, for text questions
   * @param personal identity and contact: kept by intake-service, never in events
   */
  record QuestionView(
      String id,
      Question.Type type,
      boolean required,
      boolean personal,
      String label,
      String help,
      List<OptionView> options,
      Double min,
      Double max,
      Integer maxLength,
      ConditionView shownWhen) {}

  record OptionView(String value, String label) {}

  /**
   * @param description the condition in words, e.g. {@code Asked when the answer to “Where does it
   *     hurt?” includes Left knee or Right knee.}
   */
  record ConditionView(String question, List<String> anyOf, String description) {}

  static QuestionnaireView from(Questionnaire questionnaire, Labels labels, Locale locale) {
    return new QuestionnaireView(
        questionnaire.version(),
        Languages.of(locale),
        questionnaire.sections().stream()
            .map(
                section ->
                    new SectionView(
                        section.id(),
                        labels.section(section.id(), locale),
                        labels.sectionHelp(section.id(), locale),
                        condition(questionnaire, section.shownWhen(), labels, locale),
                        section.questions().stream()
                            .map(question -> question(questionnaire, question, labels, locale))
                            .toList()))
            .toList());
  }

  private static QuestionView question(
      Questionnaire questionnaire, Question question, Labels labels, Locale locale) {
    var options =
        question.type() == Question.Type.BOOLEAN ? List.of("true", "false") : question.options();
    return new QuestionView(
        question.id(),
        question.type(),
        question.required(),
        question.personal(),
        labels.question(question.id(), locale),
        labels.help(question.id(), locale),
        options.stream()
            .map(value -> new OptionView(value, labels.option(question, value, locale)))
            .toList(),
        question.min(),
        question.max(),
        question.type() == Question.Type.TEXT ? TextLimits.of(question) : null,
        condition(questionnaire, question.shownWhen(), labels, locale));
  }

  private static ConditionView condition(
      Questionnaire questionnaire, Condition condition, Labels labels, Locale locale) {
    if (condition == null) {
      return null;
    }
    return new ConditionView(
        condition.question(),
        condition.anyOf(),
        labels.message(
            "condition.asked", locale, labels.condition(questionnaire, condition, locale)));
  }
}
