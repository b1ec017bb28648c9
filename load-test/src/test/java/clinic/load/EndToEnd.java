package clinic.load;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * End-to-end latency as the system records it: for each intake of the run, from {@code
 * intake.submitted_at} (intake-service's clock when it accepted the intake) to the first time
 * intake-service applied its {@code EducationAssigned} event ({@code processed_event.processed_at}
 * of {@code clinic.education.assigned.v1}, the moment its API starts showing EDUCATION_ASSIGNED).
 * Nothing here polls the API.
 */
final class EndToEnd {

  /** One intake: when it was submitted and how long until its education was assigned. */
  record Intake(Instant submittedAt, Instant educationAt) {

    boolean done() {
      return educationAt != null;
    }

    double millis() {
      return Duration.between(submittedAt, educationAt).toNanos() / 1e6;
    }
  }

  private static final String RUN =
      """
      select i.submitted_at, e.first_at
        from intake i
        left join lateral (
             select min(p.processed_at) as first_at
               from processed_event p
              where p.intake_id = i.id and p.event_type = 'clinic.education.assigned.v1') e on true
       where i.submitted_at >= ?
      """;

  private EndToEnd() {}

  static List<Intake> since(Connection intake, Instant start) throws SQLException {
    List<Intake> intakes = new ArrayList<>();
    try (PreparedStatement query = intake.prepareStatement(RUN)) {
      query.setTimestamp(1, Timestamp.from(start));
      try (ResultSet rows = query.executeQuery()) {
        while (rows.next()) {
          Timestamp education = rows.getTimestamp(2);
          intakes.add(
              new Intake(
                  rows.getTimestamp(1).toInstant(),
                  education == null ? null : education.toInstant()));
        }
      }
    }
    return intakes;
  }

  /**
   * Waits until every intake of the run has its education assigned, or the timeout passes; returns
   * what it found last.
   */
  static List<Intake> drained(Connection intake, Instant start, Duration timeout)
      throws SQLException, InterruptedException {
    Instant giveUp = Instant.now().plus(timeout);
    List<Intake> intakes = since(intake, start);
    while (intakes.stream().anyMatch(i -> !i.done()) && Instant.now().isBefore(giveUp)) {
      Thread.sleep(1000);
      intakes = since(intake, start);
    }
    return intakes;
  }
}
