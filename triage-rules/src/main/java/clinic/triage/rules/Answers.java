package clinic.triage.rules;

import clinic.events.IntakeSubmitted;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What triage decides on: the age in years and the answers keyed by question id (a Boolean, a
 * Number, a String or a List of Strings, as in {@link IntakeSubmitted#answers()}). Answers are not
 * validated here: an answer of the wrong type, or outside the questionnaire's options or range, is
 * treated like a missing one, so that the decision goes to a clinician instead of failing.
 */
public record Answers(int ageYears, Map<String, Object> answers) {

  /** Copies the answers (null values, which JSON may carry, mean "not answered"). */
  public Answers {
    answers =
        answers == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(answers));
  }

  public static Answers from(IntakeSubmitted intake) {
    return new Answers(intake.ageYears(), intake.answers());
  }
}
