package clinic.stack;

import java.sql.Array;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * What the databases and the mail catcher say after a chaos run: for every accepted intake, its
 * record, decision, referral, packet and status; for every confirmed referral, the patient's e-mail
 * and the team's notifications; and anything that exists twice.
 */
final class ChaosChecks {

  /**
   * @param missing accepted intakes lacking a step, by step (a lost intake counts once per step)
   * @param lostIntakes accepted intakes lacking at least one step
   * @param duplicates copies beyond the first, by what
   * @param storedUnanswered intakes stored during the run whose request got no 201 (the front desk
   *     saw a failure, but the intake exists: not lost)
   * @param patientEmailsDelivered confirmed referrals whose patient e-mail was delivered
   * @param teamNotificationsDelivered team notifications (e-mail and webhook) delivered
   * @param unsettledNotifications the run's notifications not delivered (pending, failed, gave up)
   */
  record Result(
      int accepted,
      Map<String, Integer> missing,
      int lostIntakes,
      int confirmed,
      int lostPatientEmails,
      Map<String, Integer> duplicates,
      int storedUnanswered,
      int patientEmailsDelivered,
      int teamNotificationsDelivered,
      int unsettledNotifications) {

    int lost() {
      return lostIntakes + lostPatientEmails;
    }

    int duplicated() {
      return duplicates.values().stream().mapToInt(Integer::intValue).sum();
    }
  }

  private final Wiring wiring;

  ChaosChecks(Wiring wiring) {
    this.wiring = wiring;
  }

  Connection connect(String database) throws SQLException {
    return DriverManager.getConnection(
        wiring.postgres().jdbcUrl(database), Postgres.USER, Postgres.PASSWORD);
  }

  /** How many of {@code accepted} intake-service shows as EDUCATION_ASSIGNED. */
  int educationAssigned(Set<UUID> accepted) throws SQLException {
    try (Connection intake = connect("intake")) {
      return count(
          intake,
          "select count(*) from intake where id = any(?) and status = 'EDUCATION_ASSIGNED'",
          uuids(intake, accepted));
    }
  }

  /** The run's notifications (created since {@code from}) not yet delivered or given up. */
  int undelivered(Instant from) throws SQLException {
    int total = 0;
    for (String database : new String[] {"intake", "triage"}) {
      try (Connection connection = connect(database);
          PreparedStatement query =
              connection.prepareStatement(
                  "select count(*) from notifications.notification"
                      + " where created_at >= ? and status in ('PENDING', 'SENDING', 'FAILED')")) {
        query.setTimestamp(1, Timestamp.from(from));
        total += single(query);
      }
    }
    return total;
  }

  Result check(Set<UUID> accepted, Set<UUID> confirmed, Instant from, Instant to)
      throws SQLException {
    Map<String, Integer> missing = new HashMap<>();
    Map<String, Integer> duplicates = new HashMap<>();
    Set<UUID> lost = new HashSet<>();
    int storedUnanswered;
    int patientDelivered;
    int lostPatientEmails;
    int teamDelivered;
    int unsettled = 0;
    Map<UUID, UUID> decisionOf = new HashMap<>();
    try (Connection intake = connect("intake")) {
      Array ids = uuids(intake, accepted);
      Set<UUID> stored = new HashSet<>();
      try (PreparedStatement query =
          intake.prepareStatement("select id, status from intake where id = any(?)")) {
        query.setArray(1, ids);
        try (ResultSet rows = query.executeQuery()) {
          while (rows.next()) {
            UUID id = rows.getObject(1, UUID.class);
            stored.add(id);
            if (!"EDUCATION_ASSIGNED".equals(rows.getString(2))) {
              missing.merge("education assigned (intake-service)", 1, Integer::sum);
              lost.add(id);
            }
          }
        }
      }
      for (UUID id : accepted) {
        if (!stored.contains(id)) {
          missing.merge("intake record", 1, Integer::sum);
          lost.add(id);
        }
      }
      try (PreparedStatement query =
          intake.prepareStatement(
              "select count(*) from intake where submitted_at between ? and ? and id <> all(?)")) {
        query.setTimestamp(1, Timestamp.from(from));
        query.setTimestamp(2, Timestamp.from(to));
        query.setArray(3, ids);
        storedUnanswered = single(query);
      }
      duplicates.put(
          "patient e-mails (same intake)",
          count(
              intake,
              """
              select coalesce(sum(n - 1), 0) from (
                select count(*) as n from notifications.notification
                 where topic = 'patient-next-step' and reference = any(?::text[])
                 group by reference) copies
              """,
              texts(intake, accepted)));
      Array referrals = uuids(intake, confirmed);
      patientDelivered =
          count(
              intake,
              """
              select count(*) from patient_notice p
                join notifications.notification n on n.id = p.notification_id
               where p.referral_id = any(?) and n.status = 'DELIVERED'
              """,
              referrals);
      lostPatientEmails = confirmed.size() - patientDelivered;
      unsettled += unsettled(intake, from);
    }
    try (Connection triage = connect("triage")) {
      Array ids = uuids(triage, accepted);
      Map<UUID, Integer> decisions = new HashMap<>();
      try (PreparedStatement query =
          triage.prepareStatement(
              "select intake_id, decision_id from decision where intake_id = any(?)")) {
        query.setArray(1, ids);
        try (ResultSet rows = query.executeQuery()) {
          while (rows.next()) {
            UUID intakeId = rows.getObject(1, UUID.class);
            decisions.merge(intakeId, 1, Integer::sum);
            decisionOf.put(rows.getObject(2, UUID.class), intakeId);
          }
        }
      }
      // No intake of the run is amended: one decision each, a second one is a duplicate.
      for (UUID id : accepted) {
        int n = decisions.getOrDefault(id, 0);
        if (n == 0) {
          missing.merge("decision", 1, Integer::sum);
          lost.add(id);
        }
        duplicates.merge("decisions", Math.max(0, n - 1), Integer::sum);
      }
      Map<UUID, Integer> referrals = perIntake(triage, "referral", ids);
      for (UUID id : accepted) {
        int n = referrals.getOrDefault(id, 0);
        if (n == 0) {
          missing.merge("referral", 1, Integer::sum);
          lost.add(id);
        }
        duplicates.merge("referrals", Math.max(0, n - 1), Integer::sum);
      }
      duplicates.put(
          "team notifications (same referral, channel)",
          count(
              triage,
              """
              select coalesce(sum(n - 1), 0) from (
                select count(*) as n from notifications.notification
                 where topic = 'referral-to-team' and reference = any(?::text[])
                 group by reference, channel) copies
              """,
              texts(triage, confirmed)));
      teamDelivered =
          count(
              triage,
              """
              select count(*) from notifications.notification
               where topic = 'referral-to-team' and reference = any(?::text[])
                 and status = 'DELIVERED'
              """,
              texts(triage, confirmed));
      unsettled += unsettled(triage, from);
    }
    try (Connection content = connect("content")) {
      Map<UUID, Integer> packets = new HashMap<>();
      try (PreparedStatement query =
          content.prepareStatement("select decision_id from packet where intake_id = any(?)")) {
        query.setArray(1, uuids(content, accepted));
        try (ResultSet rows = query.executeQuery()) {
          while (rows.next()) {
            packets.merge(rows.getObject(1, UUID.class), 1, Integer::sum);
          }
        }
      }
      for (Map.Entry<UUID, UUID> decision : decisionOf.entrySet()) {
        int n = packets.getOrDefault(decision.getKey(), 0);
        if (n == 0) {
          missing.merge("education packet", 1, Integer::sum);
          lost.add(decision.getValue());
        }
        duplicates.merge("education packets (same decision)", Math.max(0, n - 1), Integer::sum);
      }
    }
    int wireCopies =
        wiring.notifications().copiesByKey().values().stream()
            .mapToInt(n -> Math.max(0, n - 1))
            .sum();
    duplicates.put("messages received twice (same Message-ID/Idempotency-Key)", wireCopies);
    return new Result(
        accepted.size(),
        missing,
        lost.size(),
        confirmed.size(),
        lostPatientEmails,
        duplicates,
        storedUnanswered,
        patientDelivered,
        teamDelivered,
        unsettled);
  }

  private static int unsettled(Connection connection, Instant from) throws SQLException {
    try (PreparedStatement query =
        connection.prepareStatement(
            "select count(*) from notifications.notification"
                + " where created_at >= ? and status <> 'DELIVERED'")) {
      query.setTimestamp(1, Timestamp.from(from));
      return single(query);
    }
  }

  private static Map<UUID, Integer> perIntake(Connection connection, String table, Array ids)
      throws SQLException {
    Map<UUID, Integer> counts = new HashMap<>();
    try (PreparedStatement query =
        connection.prepareStatement(
            "select intake_id, count(*) from " + table + " where intake_id = any(?) group by 1")) {
      query.setArray(1, ids);
      try (ResultSet rows = query.executeQuery()) {
        while (rows.next()) {
          counts.put(rows.getObject(1, UUID.class), rows.getInt(2));
        }
      }
    }
    return counts;
  }

  private static int count(Connection connection, String sql, Array parameter) throws SQLException {
    try (PreparedStatement query = connection.prepareStatement(sql)) {
      query.setArray(1, parameter);
      return single(query);
    }
  }

  private static int single(PreparedStatement query) throws SQLException {
    try (ResultSet row = query.executeQuery()) {
      row.next();
      return row.getInt(1);
    }
  }

  private static Array uuids(Connection connection, Set<UUID> ids) throws SQLException {
    return connection.createArrayOf("uuid", ids.toArray());
  }

  private static Array texts(Connection connection, Set<UUID> ids) throws SQLException {
    return connection.createArrayOf("text", ids.stream().map(UUID::toString).toArray());
  }
}
