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
 * Nothing here polls the API. The query joins a grouped scan rather than looking up each intake's
 * events: {@code processed_event} has no index on the intake (the services never need one), and the
 * per-intake lookup took 10 s of the database's CPU per report, inside the run's accounting.
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

  /**
   * Each intake of the run (submitted since the parameter): its id, when it was submitted, and when
   * its education was first assigned (null if not yet). Also {@link Hops}'s first and last times.
   */
  static final String RUN =
      """
      with run as (select ?::timestamptz as start)
      select i.id::text, i.submitted_at, e.first_at
        from run, intake i
        left join (select p.intake_id, min(p.processed_at) as first_at
                     from run, processed_event p
                    where p.event_type = 'clinic.education.assigned.v1'
                      and p.processed_at >= run.start
                    group by p.intake_id) e on e.intake_id = i.id
       where i.submitted_at >= run.start
      """;

  private EndToEnd() {}

  static List<Intake> since(Connection intake, Instant start) throws SQLException {
    List<Intake> intakes = new ArrayList<>();
    try (PreparedStatement query = intake.prepareStatement(RUN)) {
      query.setTimestamp(1, Timestamp.from(start));
      try (ResultSet rows = query.executeQuery()) {
        while (rows.next()) {
          Timestamp education = rows.getTimestamp(3);
          intakes.add(
              new Intake(
                  rows.getTimestamp(2).toInstant(),
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
