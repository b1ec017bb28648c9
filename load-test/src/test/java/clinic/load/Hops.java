package clinic.load;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Where each intake's end-to-end time went, from the timestamps the services record themselves:
 *
 * <ol>
 *   <li>intake to triage: {@code intake.submitted_at} to triage's first applied IntakeSubmitted
 *       ({@code processed_event.processed_at}): intake's outbox, the broker, triage's consumer;
 *   <li>triage to content: to content's outbox row for the EducationAssigned ({@code
 *       outbox_message.created_at}, written with the packet): triage's decision, its outbox, the
 *       broker, content's consumer;
 *   <li>content's relay: that row's {@code created_at} to its {@code sent_at};
 *   <li>content to intake: {@code sent_at} to intake's first applied EducationAssigned.
 * </ol>
 */
final class Hops {

  static final List<String> NAMES =
      List.of("intake → triage", "triage → content", "content relay", "content → intake");

  private Hops() {}

  /** Each hop's percentiles over the intakes of the run that went all the way. */
  static Map<String, Percentiles> of(
      Connection intake, Connection triage, Connection content, Instant start) throws SQLException {
    Map<String, Instant[]> times = new HashMap<>();
    read(
        intake,
        EndToEnd.RUN,
        start,
        (id, a, b) -> {
          Instant[] t = times.computeIfAbsent(id, k -> new Instant[5]);
          t[0] = a;
          t[4] = b;
        });
    read(
        triage,
        """
        select intake_id::text, min(processed_at), null::timestamptz from processed_event
         where event_type = 'clinic.intake.submitted.v1' and processed_at >= ?
         group by intake_id
        """,
        start,
        (id, a, b) -> {
          Instant[] t = times.get(id);
          if (t != null) {
            t[1] = a;
          }
        });
    read(
        content,
        """
        select message_key, min(created_at), min(sent_at) from outbox_message
         where event_type = 'clinic.education.assigned.v1' and created_at >= ?
         group by message_key
        """,
        start,
        (id, a, b) -> {
          Instant[] t = times.get(id);
          if (t != null) {
            t[2] = a;
            t[3] = b;
          }
        });
    List<List<Double>> hops = new ArrayList<>();
    NAMES.forEach(n -> hops.add(new ArrayList<>()));
    for (Instant[] t : times.values()) {
      if (t[0] == null || t[1] == null || t[2] == null || t[3] == null || t[4] == null) {
        continue;
      }
      for (int hop = 0; hop < NAMES.size(); hop++) {
        hops.get(hop).add(Duration.between(t[hop], t[hop + 1]).toNanos() / 1e6);
      }
    }
    Map<String, Percentiles> result = new LinkedHashMap<>();
    for (int hop = 0; hop < NAMES.size(); hop++) {
      result.put(NAMES.get(hop), Percentiles.of(hops.get(hop)));
    }
    return result;
  }

  private interface Row {
    void accept(String id, Instant a, Instant b);
  }

  private static void read(Connection connection, String sql, Instant start, Row row)
      throws SQLException {
    try (PreparedStatement query = connection.prepareStatement(sql)) {
      query.setTimestamp(1, Timestamp.from(start));
      try (ResultSet rows = query.executeQuery()) {
        while (rows.next()) {
          Timestamp a = rows.getTimestamp(2);
          Timestamp b = rows.getTimestamp(3);
          row.accept(
              rows.getString(1),
              a == null ? null : a.toInstant(),
              b == null ? null : b.toInstant());
        }
      }
    }
  }
}
