package clinic.intake.progress;

import clinic.events.Escalation;
import clinic.events.Route;
import clinic.events.Urgency;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Optional;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** The progress columns of the {@code intake} table; the intake feature owns the rest. */
@Repository
public class ProgressRepository {

  private static final String COLUMNS =
      """
      select triage_decision_id, triage_decision_version, triage_route, triage_urgency,
             triage_escalation, triage_decided_at, education_packet_id, education_packet_version,
             education_decision_id, education_packet_url, education_assigned_at,
             referral_id, referral_route, referral_urgency, referral_escalation,
             referral_overridden,
             referral_decided_at, referral_status
      from intake where id = :id
      """;

  private final JdbcClient jdbc;
  private final ContentLinks links;

  ProgressRepository(JdbcClient jdbc, ContentLinks links) {
    this.jdbc = jdbc;
    this.links = links;
  }

  /**
   * The progress as people see it (pages and API): a packet link outside the content service is
   * left out (see {@link ContentLinks}).
   */
  public Optional<IntakeProgress> find(UUID intakeId) {
    return jdbc.sql(COLUMNS)
        .param("id", intakeId)
        .query((rs, row) -> map(rs))
        .optional()
        .map(links::shown);
  }

  /** Locks the intake row, so two events for one intake are applied one after the other. */
  Optional<IntakeProgress> lock(UUID intakeId) {
    return jdbc.sql(COLUMNS + " for update")
        .param("id", intakeId)
        .query((rs, row) -> map(rs))
        .optional();
  }

  Optional<Instant> submittedAt(UUID intakeId) {
    return jdbc.sql("select submitted_at from intake where id = :id")
        .param("id", intakeId)
        .query((rs, row) -> rs.getObject("submitted_at", OffsetDateTime.class).toInstant())
        .optional();
  }

  void save(UUID intakeId, IntakeProgress progress, Instant now) {
    var triage = progress.triage();
    var education = progress.education();
    var referral = progress.referral();
    jdbc.sql(
            """
            update intake set status = case when status = 'WITHDRAWN' then status else :status end,
                   triage_decision_id = :decisionId, triage_decision_version = :decisionVersion,
                   triage_route = :route, triage_urgency = :urgency,
                   triage_escalation = :escalation, triage_decided_at = :decidedAt,
                   education_packet_id = :packetId, education_packet_version = :packetVersion,
                   education_decision_id = :packetDecisionId, education_packet_url = :packetUrl,
                   education_assigned_at = :assignedAt, referral_id = :referralId,
                   referral_route = :referralRoute, referral_urgency = :referralUrgency,
                   referral_escalation = :referralEscalation,
                   referral_overridden = :referralOverridden,
                   referral_decided_at = :referralDecidedAt, referral_status = :referralStatus,
                   updated_at = :now
            where id = :id
            """)
        .param("id", intakeId)
        .param("status", progress.status().name())
        .param("decisionId", triage == null ? null : triage.decisionId())
        .param("decisionVersion", triage == null ? null : triage.decisionVersion())
        .param("route", triage == null ? null : triage.route().name())
        .param("urgency", triage == null ? null : triage.urgency().name())
        .param("escalation", triage == null ? null : name(triage.escalation()))
        .param("decidedAt", triage == null ? null : utc(triage.decidedAt()))
        .param("packetId", education == null ? null : education.packetId())
        .param("packetVersion", education == null ? null : education.packetVersion())
        .param("packetDecisionId", education == null ? null : education.decisionId())
        .param("packetUrl", education == null ? null : education.packetUrl())
        .param("assignedAt", education == null ? null : utc(education.assignedAt()))
        .param("referralId", referral == null ? null : referral.referralId())
        .param("referralRoute", referral == null ? null : referral.route().name())
        .param("referralUrgency", referral == null ? null : referral.urgency().name())
        .param("referralEscalation", referral == null ? null : name(referral.escalation()))
        .param("referralOverridden", referral == null ? null : referral.overridden())
        .param("referralDecidedAt", referral == null ? null : utc(referral.decidedAt()))
        .param("referralStatus", referral == null ? null : referral.status().name())
        .param("now", utc(now))
        .update();
  }

  private static IntakeProgress map(ResultSet rs) throws SQLException {
    IntakeProgress.Triage triage = null;
    if (rs.getObject("triage_decision_id") != null) {
      triage =
          new IntakeProgress.Triage(
              rs.getObject("triage_decision_id", UUID.class),
              rs.getInt("triage_decision_version"),
              Route.valueOf(rs.getString("triage_route")),
              Urgency.valueOf(rs.getString("triage_urgency")),
              escalation(rs, "triage_escalation"),
              rs.getObject("triage_decided_at", OffsetDateTime.class).toInstant());
    }
    IntakeProgress.Education education = null;
    if (rs.getObject("education_packet_id") != null) {
      education =
          new IntakeProgress.Education(
              rs.getObject("education_packet_id", UUID.class),
              rs.getInt("education_packet_version"),
              rs.getObject("education_decision_id", UUID.class),
              rs.getString("education_packet_url"),
              rs.getObject("education_assigned_at", OffsetDateTime.class).toInstant());
    }
    IntakeProgress.Referral referral = null;
    if (rs.getObject("referral_id") != null) {
      referral =
          new IntakeProgress.Referral(
              rs.getObject("referral_id", UUID.class),
              Route.valueOf(rs.getString("referral_route")),
              Urgency.valueOf(rs.getString("referral_urgency")),
              escalation(rs, "referral_escalation"),
              rs.getBoolean("referral_overridden"),
              rs.getObject("referral_decided_at", OffsetDateTime.class).toInstant(),
              IntakeProgress.Referral.Status.valueOf(rs.getString("referral_status")));
    }
    return new IntakeProgress(triage, education, referral);
  }

  private static Escalation escalation(ResultSet rs, String column) throws SQLException {
    String name = rs.getString(column);
    return name == null ? null : Escalation.valueOf(name);
  }

  private static String name(Escalation escalation) {
    return escalation == null ? null : escalation.name();
  }

  private static OffsetDateTime utc(Instant instant) {
    return OffsetDateTime.ofInstant(instant, ZoneOffset.UTC);
  }
}
