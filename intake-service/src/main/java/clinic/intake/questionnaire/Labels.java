package clinic.intake.questionnaire;

import clinic.events.questionnaire.Condition;
import clinic.events.questionnaire.Question;
import clinic.events.questionnaire.Questionnaire;
import java.util.Locale;
import java.util.stream.Collectors;
import org.springframework.context.MessageSource;
import org.springframework.context.support.DefaultMessageSourceResolvable;
import org.springframework.stereotype.Component;

/**
 * The human wording of a questionnaire, from the message bundles ({@code messages.properties},
 * {@code messages_es.properties}). The definition itself is language-free: sections, questions and
 * options are looked up by id, so the JSON API, the form and the error messages all say the same.
 *
 * <p>Keys: {@code section.<id>}, {@code section.<id>.help}, {@code question.<id>}, {@code
 * question.<id>.help}, {@code option.<question>.<VALUE>} falling back to {@code option.<VALUE>},
 * and {@code answer.true}/{@code answer.false} for yes and no.
 */
@Component
public class Labels {

  private final MessageSource messages;

  Labels(MessageSource messages) {
    this.messages = messages;
  }

  public String section(String id, Locale locale) {
    return messages.getMessage("section." + id, null, id, locale);
  }

  /** Null when the section needs no explanation. */
  public String sectionHelp(String id, Locale locale) {
    return messages.getMessage("section." + id + ".help", null, null, locale);
  }

  public String question(String id, Locale locale) {
    return messages.getMessage("question." + id, null, id, locale);
  }

  /** Null when the question needs no explanation. */
  public String help(String id, Locale locale) {
    return messages.getMessage("question." + id + ".help", null, null, locale);
  }

  /** The wording of one answer: an option of a choice question, or yes/no. */
  public String option(Question question, String value, Locale locale) {
    if (question.type() == Question.Type.BOOLEAN) {
      return messages.getMessage("answer." + value, null, value, locale);
    }
    return messages.getMessage(
        new DefaultMessageSourceResolvable(
            new String[] {"option." + question.id() + "." + value, "option." + value}, null, value),
        locale);
  }

  /**
   * When a condition holds, in words: {@code the answer to “Where does it hurt?” includes Left knee
   * or Right knee}.
   */
  public String condition(Questionnaire questionnaire, Condition condition, Locale locale) {
    var question = questionnaire.question(condition.question()).orElseThrow();
    var values =
        condition.anyOf().stream()
            .map(value -> option(question, value, locale))
            .collect(Collectors.joining(messages.getMessage("condition.or", null, " or ", locale)));
    var verb =
        question.type() == Question.Type.MULTI_CHOICE ? "condition.includes" : "condition.is";
    return messages.getMessage(
        verb, new Object[] {question(question.id(), locale), values}, locale);
  }

  public String message(String code, Locale locale, Object... args) {
    return messages.getMessage(code, args, locale);
  }

  /** The message of the first code the bundles know, e.g. a question's own before its type's. */
  public String firstOf(String[] codes, Locale locale, Object... args) {
    return messages.getMessage(
        new DefaultMessageSourceResolvable(codes, args, codes[codes.length - 1]), locale);
  }
}
