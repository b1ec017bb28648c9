package clinic.triage.referral;

import clinic.web.FieldProblem;
import clinic.web.InvalidRequest;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** Collects every problem of a request before any is reported, so each field is named at once. */
final class Checks {

  private final List<FieldProblem> problems = new ArrayList<>();

  Checks reason(String field, String value, String missing) {
    if (value == null || value.isBlank()) {
      problems.add(new FieldProblem(field, missing));
    } else if (value.strip().length() > Referral.MAX_REASON) {
      problems.add(new FieldProblem(field, "Use at most " + Referral.MAX_REASON + " characters"));
    }
    return this;
  }

  Checks version(Integer version) {
    if (version == null) {
      problems.add(
          new FieldProblem("version", "Send the version of the referral the change was made on"));
    }
    return this;
  }

  /** The value as the enum, null if blank; a value that is not one of them is a problem. */
  <E extends Enum<E>> E optional(String field, String value, Class<E> type) {
    if (value == null || value.isBlank()) {
      return null;
    }
    try {
      return Enum.valueOf(type, value.strip());
    } catch (IllegalArgumentException e) {
      problems.add(
          new FieldProblem(field, "Choose one of " + Arrays.toString(type.getEnumConstants())));
      return null;
    }
  }

  void orThrow() {
    if (!problems.isEmpty()) {
      throw new InvalidRequest(problems);
    }
  }
}
