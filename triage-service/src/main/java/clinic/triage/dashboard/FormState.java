package clinic.triage.dashboard;

import clinic.web.FieldProblem;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.RecordComponent;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A form of the detail page as it comes back after a refused submission: which form it was, what
 * was wrong with each field, and the record it was bound to (so nothing has to be typed again).
 * Field ids on the page are {@code form-field}, e.g. {@code override-reason}.
 */
record FormState(String form, List<FieldProblem> errors, Record submitted) {

  static final FormState NONE = new FormState("", List.of(), null);

  public boolean hasErrors() {
    return !errors.isEmpty();
  }

  /** The message for a field of a form, or null. */
  public String error(String formName, String field) {
    if (!form.equals(formName)) {
      return null;
    }
    return errors.stream()
        .filter(e -> e.field().equals(field))
        .map(FieldProblem::message)
        .findFirst()
        .orElse(null);
  }

  /** What was typed into the field, or the fallback when the page is fresh or it was not sent. */
  public String value(String formName, String field, String fallback) {
    if (!form.equals(formName) || submitted == null) {
      return fallback;
    }
    for (RecordComponent component : submitted.getClass().getRecordComponents()) {
      if (component.getName().equals(field)) {
        Object value = read(component);
        return value == null ? fallback : value.toString();
      }
    }
    return fallback;
  }

  /** One link per distinct message, to the first field it concerns: the error summary. */
  public Map<String, String> summary() {
    Map<String, String> anchors = new LinkedHashMap<>();
    for (FieldProblem error : errors) {
      anchors.putIfAbsent(error.message(), "#" + form + "-" + field(error.field()));
    }
    return anchors;
  }

  private Object read(RecordComponent component) {
    try {
      return component.getAccessor().invoke(submitted);
    } catch (IllegalAccessException | InvocationTargetException e) {
      throw new IllegalStateException("A form record's accessor is public and plain", e);
    }
  }

  /** The version is a hidden field: its problem points at the form's submit button. */
  private static String field(String field) {
    return field.equals("version") ? "submit" : field;
  }
}
