package clinic.triage.referral;

import clinic.events.Escalation;
import clinic.events.Route;
import clinic.events.TriageDecided.RedFlag;
import clinic.events.Urgency;
import clinic.triage.referral.Referral.Proposal;
import clinic.triage.referral.Referral.Triaged;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

/**
 * Referrals and their audit trail. An update names the version the referral was loaded with, so a
 * concurrent change is detected by the database rather than overwritten.
 */
@Repository
class ReferralRepository {

  /** Most urgent first, then the longest waiting; the id only makes the order total. */
  private static final String QUEUE_ORDER =
      """
       order by case queue_urgency when 'EMERGENCY' then 0 when 'URGENT' then 1
                when 'SOON' then 2 else 3 end, waiting_since, referral_id\
      """;

  private final JdbcClient jdbc;
  private final JsonMapper json;

  ReferralRepository(JdbcClient jdbc, JsonMapper json) {
    this.jdbc = jdbc;
    this.json = json;
  }

  Optional<Referral> find(UUID referralId) {
    return jdbc.sql("select * from referral where referral_id = ?")
        .param(referralId)
        .query(this::toReferral)
        .optional();
  }

  Optional<Referral> findByIntake(UUID intakeId) {
    return jdbc.sql("select * from referral where intake_id = ?")
        .param(intakeId)
        .query(this::toReferral)
        .optional();
  }

  /**
   * Stores a new or changed referral and its new transitions.
   *
   * @throws StaleReferral if the row changed since the referral was loaded
   */
  void save(Referral referral) {
    if (referral.storedVersion() == 0) {
      insert(referral);
    } else {
      update(referral);
    }
    for (Transition transition : referral.newTransitions()) {
      insert(referral.id(), transition);
    }
  }

  private void insert(Referral r) {
    jdbc.sql(
            """
            insert into referral (referral_id, intake_id, status, decision_id, decision_version,
                proposed_route, proposed_secondary_routes, proposed_urgency, route,
                secondary_routes, urgency, latest_decision_id, latest_decision_version,
                latest_urgency, queue_urgency, escalation, red_flags, needs_clinician_review,
                missing_answers, review_reason, waiting_since, updated_at, version)
            values (:referralId, :intakeId, :status, :decisionId, :decisionVersion,
                :proposedRoute, cast(:proposedSecondaryRoutes as jsonb), :proposedUrgency, :route,
                cast(:secondaryRoutes as jsonb), :urgency, :latestDecisionId,
                :latestDecisionVersion, :latestUrgency, :queueUrgency, :escalation,
                cast(:redFlags as jsonb),
                :needsClinicianReview, cast(:missingAnswers as jsonb), :reviewReason,
                :waitingSince, :updatedAt, :version)
            """)
        .params(params(r))
        .update();
  }

  private void update(Referral r) {
    Map<String, Object> params = params(r);
    params.put("storedVersion", r.storedVersion());
    int updated =
        jdbc.sql(
                """
                update referral set status = :status, decision_id = :decisionId,
                    decision_version = :decisionVersion, proposed_route = :proposedRoute,
                    proposed_secondary_routes = cast(:proposedSecondaryRoutes as jsonb),
                    proposed_urgency = :proposedUrgency, route = :route,
                    secondary_routes = cast(:secondaryRoutes as jsonb), urgency = :urgency,
                    latest_decision_id = :latestDecisionId,
                    latest_decision_version = :latestDecisionVersion,
                    latest_urgency = :latestUrgency, queue_urgency = :queueUrgency,
                    escalation = :escalation, red_flags = cast(:redFlags as jsonb),
                    needs_clinician_review = :needsClinicianReview,
                    missing_answers = cast(:missingAnswers as jsonb),
                    review_reason = :reviewReason, updated_at = :updatedAt, version = :version
                where referral_id = :referralId and version = :storedVersion
                """)
            .params(params)
            .update();
    if (updated != 1) {
      throw new StaleReferral(r.id(), r.storedVersion(), -1);
    }
  }

  private Map<String, Object> params(Referral r) {
    Map<String, Object> params = new LinkedHashMap<>();
    params.put("referralId", r.id());
    params.put("intakeId", r.intakeId());
    params.put("status", r.status().name());
    params.put("decisionId", r.proposal().decisionId());
    params.put("decisionVersion", r.proposal().decisionVersion());
    params.put("proposedRoute", r.proposal().route().name());
    params.put("proposedSecondaryRoutes", json.writeValueAsString(r.proposal().secondaryRoutes()));
    params.put("proposedUrgency", r.proposal().urgency().name());
    params.put("route", r.route().name());
    params.put("secondaryRoutes", json.writeValueAsString(r.secondaryRoutes()));
    params.put("urgency", r.urgency().name());
    params.put("latestDecisionId", r.latest().decisionId());
    params.put("latestDecisionVersion", r.latest().decisionVersion());
    params.put("latestUrgency", r.latest().urgency().name());
    params.put("queueUrgency", r.queueUrgency().name());
    params.put(
        "escalation", r.latest().escalation() == null ? null : r.latest().escalation().name());
    params.put("redFlags", json.writeValueAsString(r.latest().redFlags()));
    params.put("needsClinicianReview", r.latest().needsClinicianReview());
    params.put("missingAnswers", json.writeValueAsString(r.latest().missingAnswers()));
    params.put("reviewReason", r.reviewReason());
    params.put("waitingSince", time(r.waitingSince()));
    params.put("updatedAt", time(r.updatedAt()));
    params.put("version", r.version());
    return params;
  }

  private void insert(UUID referralId, Transition t) {
    jdbc.sql(
            """
            insert into referral_transition (transition_id, referral_id, sequence, from_status,
                to_status, route, urgency, decision_version, by_whom, by_subject, reason, at)
            values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
            """)
        .params(
            t.transitionId(),
            referralId,
            t.sequence(),
            t.from() == null ? null : t.from().name(),
            t.to().name(),
            t.route().name(),
            t.urgency().name(),
            t.decisionVersion(),
            t.by(),
            t.bySubject(),
            t.reason(),
            time(t.at()))
        .update();
  }

  /** The audit trail, oldest first. */
  List<Transition> transitions(UUID referralId) {
    return jdbc.sql("select * from referral_transition where referral_id = ? order by sequence")
        .param(referralId)
        .query(
            (rs, row) ->
                new Transition(
                    rs.getObject("transition_id", UUID.class),
                    rs.getInt("sequence"),
                    rs.getString("from_status") == null
                        ? null
                        : ReferralStatus.valueOf(rs.getString("from_status")),
                    ReferralStatus.valueOf(rs.getString("to_status")),
                    Route.valueOf(rs.getString("route")),
                    Urgency.valueOf(rs.getString("urgency")),
                    rs.getInt("decision_version"),
                    rs.getString("by_whom"),
                    rs.getString("by_subject"),
                    rs.getString("reason"),
                    instant(rs, "at")))
        .list();
  }

  /** The referrals the filter selects, in queue order. */
  List<Referral> queue(QueueFilter filter) {
    Where where = where(filter, true);
    return jdbc.sql("select * from referral" + where.sql() + QUEUE_ORDER)
        .params(where.params())
        .query(this::toReferral)
        .list();
  }

  /**
   * How many referrals each route has under the filter's urgency and status, whatever its route, so
   * the counts can act as a choice of route.
   */
  Map<Route, Long> countsByRoute(QueueFilter filter) {
    Map<Route, Long> counts = new EnumMap<>(Route.class);
    for (Route route : Route.values()) {
      counts.put(route, 0L);
    }
    Where where = where(filter, false);
    jdbc.sql("select route, count(*) as n from referral" + where.sql() + " group by route")
        .params(where.params())
        .query(
            rs -> {
              counts.put(Route.valueOf(rs.getString("route")), rs.getLong("n"));
            });
    return counts;
  }

  private record Where(String sql, List<Object> params) {}

  private static Where where(QueueFilter filter, boolean byRoute) {
    List<String> conditions = new ArrayList<>();
    List<Object> params = new ArrayList<>();
    if (byRoute && filter.route() != null) {
      conditions.add("route = ?");
      params.add(filter.route().name());
    }
    if (filter.urgency() != null) {
      conditions.add("queue_urgency = ?");
      params.add(filter.urgency().name());
    }
    if (filter.status() != null) {
      conditions.add("status = ?");
      params.add(filter.status().name());
    } else {
      conditions.add(
          "status in ("
              + String.join(
                  ", ", ReferralStatus.OPEN.stream().map(s -> "'" + s.name() + "'").toList())
              + ")");
    }
    return new Where(" where " + String.join(" and ", conditions), params);
  }

  private Referral toReferral(ResultSet rs, int row) throws SQLException {
    return new Referral(
        rs.getObject("referral_id", UUID.class),
        rs.getObject("intake_id", UUID.class),
        ReferralStatus.valueOf(rs.getString("status")),
        new Proposal(
            rs.getObject("decision_id", UUID.class),
            rs.getInt("decision_version"),
            Route.valueOf(rs.getString("proposed_route")),
            read(rs, "proposed_secondary_routes", new TypeReference<List<Route>>() {}),
            Urgency.valueOf(rs.getString("proposed_urgency"))),
        Route.valueOf(rs.getString("route")),
        read(rs, "secondary_routes", new TypeReference<List<Route>>() {}),
        Urgency.valueOf(rs.getString("urgency")),
        new Triaged(
            rs.getObject("latest_decision_id", UUID.class),
            rs.getInt("latest_decision_version"),
            Urgency.valueOf(rs.getString("latest_urgency")),
            rs.getString("escalation") == null
                ? null
                : Escalation.valueOf(rs.getString("escalation")),
            read(rs, "red_flags", new TypeReference<List<RedFlag>>() {}),
            rs.getBoolean("needs_clinician_review"),
            read(rs, "missing_answers", new TypeReference<List<String>>() {})),
        rs.getString("review_reason"),
        instant(rs, "waiting_since"),
        instant(rs, "updated_at"),
        rs.getInt("version"));
  }

  private <T> T read(ResultSet rs, String column, TypeReference<T> type) throws SQLException {
    return json.readValue(rs.getString(column), type);
  }

  private static Instant instant(ResultSet rs, String column) throws SQLException {
    return rs.getObject(column, OffsetDateTime.class).toInstant();
  }

  private static OffsetDateTime time(Instant instant) {
    return OffsetDateTime.ofInstant(instant, ZoneOffset.UTC);
  }
}
