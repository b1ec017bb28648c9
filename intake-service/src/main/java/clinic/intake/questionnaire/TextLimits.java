package clinic.intake.questionnaire;

import clinic.events.questionnaire.Question;
import java.util.Map;

/**
 * The longest answer a text question takes. The definition has no lengths; these keep a typo or an
 * abuse from filling the database, and match the event schema's 2000-character limit.
 */
public final class TextLimits {

  public static final int DEFAULT = 2000;

  private static final Map<String, Integer> BY_QUESTION =
      Map.of("patientName", 200, "email", 254, "phone", 30);

  private TextLimits() {}

  public static int of(Question question) {
    return BY_QUESTION.getOrDefault(question.id(), DEFAULT);
  }
}
