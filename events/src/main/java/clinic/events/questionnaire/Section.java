package clinic.events.questionnaire;

import java.util.List;
import java.util.Objects;

/** A group of questions shown together (a fieldset on the form), itself possibly conditional. */
public record Section(String id, Condition shownWhen, List<Question> questions) {

  public Section {
    Objects.requireNonNull(id, "id");
    questions = List.copyOf(questions);
  }
}
