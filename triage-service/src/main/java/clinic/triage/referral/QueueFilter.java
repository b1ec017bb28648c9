package clinic.triage.referral;

import clinic.events.Route;
import clinic.events.Urgency;
import clinic.web.FieldProblem;
import clinic.web.InvalidRequest;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Which referrals the queue shows. A null field does not filter; a null status means the open
 * referrals (proposed, confirmed, overridden, sent), the ones that still need someone.
 */
public record QueueFilter(Route route, Urgency urgency, ReferralStatus status) {

  /**
   * Reads the filter from request parameters; blank means "any".
   *
   * @throws InvalidRequest naming every parameter that is not one of its values
   */
  public static QueueFilter parse(String route, String urgency, String status) {
    List<FieldProblem> problems = new ArrayList<>();
    var filter =
        new QueueFilter(
            value("route", route, Route.class, problems),
            value("urgency", urgency, Urgency.class, problems),
            value("status", status, ReferralStatus.class, problems));
    if (!problems.isEmpty()) {
      throw new InvalidRequest(problems);
    }
    return filter;
  }

  /** Like {@link #parse} but drops values it does not know, for a page that must still show. */
  public static QueueFilter lenient(String route, String urgency, String status) {
    List<FieldProblem> ignored = new ArrayList<>();
    return new QueueFilter(
        value("route", route, Route.class, ignored),
        value("urgency", urgency, Urgency.class, ignored),
        value("status", status, ReferralStatus.class, ignored));
  }

  private static <E extends Enum<E>> E value(
      String field, String value, Class<E> type, List<FieldProblem> problems) {
    if (value == null || value.isBlank()) {
      return null;
    }
    try {
      return Enum.valueOf(type, value.strip());
    } catch (IllegalArgumentException e) {
      problems.add(
          new FieldProblem(
              field, "must be one of " + Arrays.toString(type.getEnumConstants()) + " or empty"));
      return null;
    }
  }
}
