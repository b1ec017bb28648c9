package clinic.triage.rules;

import clinic.events.IntakeAmended;
import clinic.events.IntakeSubmitted;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What triage decides on: the age in years, the answers keyed by question id (a Boolean, a Number,
 * a String or a List of Strings, as in {@link IntakeSubmitted#answers()}) and the version of the
 * questionnaire they answer. Answers are not validated here: an answer of the wrong type, or
 * outside the questionnaire's options or range, is treated like a missing one, so that the decision
 * goes to a clinician instead of failing.
 *
 * @param questionnaireVersion the version answered; null (or a version the events module does not
 *     know) means the current one. A question an older version did not have was not asked: rules on
 *     it do not hold, and its absence does not send the decision to review.
 */
public record Answers(int ageYears, Map<String, Object> answers, String questionnaireVersion) {

  /** Copies the answers (null values, which JSON may carry, mean "not answered"). */
  public Answers {
    answers =
        answers == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(answers));
  }

  /** Answers to the current questionnaire. */
  public Answers(int ageYears, Map<String, Object> answers) {
    this(ageYears, answers, null);
  }

  public static Answers from(IntakeSubmitted intake) {
    return new Answers(intake.ageYears(), intake.answers(), intake.questionnaireVersion());
  }

  public static Answers from(IntakeAmended intake) {
    return new Answers(intake.ageYears(), intake.answers(), intake.questionnaireVersion());
  }
}
