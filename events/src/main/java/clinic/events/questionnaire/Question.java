package clinic.events.questionnaire;

import java.util.List;
import java.util.Objects;

/**
 * One question. Its id is the key of the answer in {@code IntakeSubmitted.answers}; its wording
 * lives in the intake form's message bundles, keyed by the same id, so that the definition stays
 * language-free.
 *
 * @param options the allowed values of a choice question, empty otherwise
 * @param min the smallest allowed number, or the fewest choices of a multiple choice
 * @param max the largest allowed number
 * @param shownWhen when the question is asked (and required, if it is); null means always
 * @param personal true for the patient's own details, which are not clinical answers: identity and
 *     contact never leave intake-service; the preferred language travels as its own event field
 */
public record Question(
    String id,
    Type type,
    boolean required,
    List<String> options,
    Double min,
    Double max,
    Condition shownWhen,
    boolean personal) {

  public Question {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(type, "type");
    options = List.copyOf(options);
  }

  public enum Type {
    /** Yes or no. */
    BOOLEAN,
    /** A whole number between min and max. */
    INTEGER,
    /** A number between min and max. */
    DECIMAL,
    /** One of the options. */
    CHOICE,
    /** Any number of the options (at least min when required). */
    MULTI_CHOICE,
    /** Free text. */
    TEXT,
    /** An ISO-8601 calendar date. */
    DATE
  }

  static Question yesNo(String id, boolean required, Condition shownWhen) {
    return new Question(id, Type.BOOLEAN, required, List.of(), null, null, shownWhen, false);
  }

  static Question number(String id, boolean required, double min, double max, Condition when) {
    return new Question(id, Type.INTEGER, required, List.of(), min, max, when, false);
  }

  static Question decimal(String id, double min, double max) {
    return new Question(id, Type.DECIMAL, false, List.of(), min, max, null, false);
  }

  static Question choice(String id, boolean required, Condition when, String... options) {
    return new Question(id, Type.CHOICE, required, List.of(options), null, null, when, false);
  }

  static Question multi(String id, boolean required, Condition when, String... options) {
    return new Question(
        id, Type.MULTI_CHOICE, required, List.of(options), required ? 1.0 : 0.0, null, when, false);
  }

  static Question personal(String id, Type type, boolean required, String... options) {
    return new Question(id, type, required, List.of(options), null, null, null, true);
  }
}
