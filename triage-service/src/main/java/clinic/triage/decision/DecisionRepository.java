package clinic.triage.decision;

import clinic.events.Escalation;
import clinic.events.Route;
import clinic.events.TriageDecided.RedFlag;
import clinic.events.TriageDecided.SuspectedCause;
import clinic.events.Urgency;
import clinic.events.questionnaire.Questionnaire;
import clinic.triage.rules.Answers;
import clinic.triage.ruleset.FiredRule;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
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
 * Decisions, one row per decision version; lists and maps are stored as jsonb. Other features read
 * the latest decision and the history of an intake through it.
 */
@Repository
public class DecisionRepository {

  private final JdbcClient jdbc;
  private final JsonMapper json;

  DecisionRepository(JdbcClient jdbc, JsonMapper json) {
    this.jdbc = jdbc;
    this.json = json;
  }

  int nextVersion(UUID intakeId) {
    return jdbc.sql(
            "select coalesce(max(decision_version), 0) + 1 from decision where intake_id = ?")
        .param(intakeId)
        .query(Integer.class)
        .single();
  }

  void insert(Decision d) {
    jdbc.sql(
            """
            insert into decision (decision_id, intake_id, decision_version, ruleset_version,
                route, secondary_routes, urgency, escalation, causes, red_flags, needs_clinician_review,
                missing_answers, explanation, preferred_language, decided_at, fired_rules,
                undecided_rules, answers_used, answers, age_years, amendment)
            values (:decisionId, :intakeId, :decisionVersion, :rulesetVersion,
                :route, cast(:secondaryRoutes as jsonb), :urgency, :escalation, cast(:causes as jsonb),
                cast(:redFlags as jsonb), :needsClinicianReview, cast(:missingAnswers as jsonb),
                :explanation, :preferredLanguage, :decidedAt, cast(:firedRules as jsonb),
                cast(:undecidedRules as jsonb), cast(:answersUsed as jsonb), cast(:answers as jsonb), :ageYears, :amendment)
            """)
        .param("decisionId", d.decisionId())
        .param("intakeId", d.intakeId())
        .param("decisionVersion", d.decisionVersion())
        .param("rulesetVersion", d.rulesetVersion())
        .param("route", d.route().name())
        .param("secondaryRoutes", json.writeValueAsString(d.secondaryRoutes()))
        .param("urgency", d.urgency().name())
        .param("escalation", d.escalation() == null ? null : d.escalation().name())
        .param("causes", json.writeValueAsString(d.causes()))
        .param("redFlags", json.writeValueAsString(d.redFlags()))
        .param("needsClinicianReview", d.needsClinicianReview())
        .param("missingAnswers", json.writeValueAsString(d.missingAnswers()))
        .param("explanation", d.explanation())
        .param("preferredLanguage", d.preferredLanguage())
        .param("decidedAt", OffsetDateTime.ofInstant(d.decidedAt(), ZoneOffset.UTC))
        .param("firedRules", json.writeValueAsString(d.firedRules()))
        .param("undecidedRules", json.writeValueAsString(d.undecidedRules()))
        .param("answersUsed", json.writeValueAsString(d.answersUsed()))
        .param("answers", json.writeValueAsString(d.answers()))
        .param("ageYears", d.ageYears())
        .param("amendment", d.amendment())
        .update();
  }

  /** The highest amendment decided for the intake: 0 for the submission, -1 if never decided. */
  int latestAmendment(UUID intakeId) {
    return jdbc.sql("select coalesce(max(amendment), -1) from decision where intake_id = ?")
        .param(intakeId)
        .query(Integer.class)
        .single();
  }

  /** Every decision of the intake, oldest first. */
  public List<Decision> historyFor(UUID intakeId) {
    return jdbc.sql("select * from decision where intake_id = ? order by decision_version")
        .param(intakeId)
        .query(this::toDecision)
        .list();
  }

  public Optional<Decision> latestFor(UUID intakeId) {
    return jdbc.sql(
            "select * from decision where intake_id = ? order by decision_version desc limit 1")
        .param(intakeId)
        .query(this::toDecision)
        .optional();
  }

  /**
   * What a candidate ruleset is replayed on: the whole answer set and the age of each intake's
   * latest decision, keyed by intake id, in the order the intakes were first decided. Decisions
   * stored before the age was recorded cannot be decided again and are left out.
   */
  Map<UUID, Answers> latestAnswers() {
    Map<UUID, Answers> latest = new LinkedHashMap<>();
    jdbc.sql(
            """
            select intake_id, age_years, answers from (
                select intake_id, age_years, answers, decision_version,
                       max(decision_version) over (partition by intake_id) as latest_version,
                       min(decided_at) over (partition by intake_id) as first_decided_at
                from decision) d
            where decision_version = latest_version and age_years is not null
            order by first_decided_at, intake_id
            """)
        .query(
            rs -> {
              Map<String, Object> answers =
                  read(rs, "answers", new TypeReference<Map<String, Object>>() {});
              // Decisions do not record the questionnaire version: read it off the answers, so
              // that an intake answered before 2026-12.1 is not replayed as missing its questions.
              latest.put(
                  rs.getObject("intake_id", UUID.class),
                  new Answers(
                      rs.getInt("age_years"), answers, Questionnaire.answering(answers).version()));
            });
    return latest;
  }

  static Escalation escalation(String stored) {
    return stored == null ? null : Escalation.valueOf(stored);
  }

  private Decision toDecision(ResultSet rs, int row) throws SQLException {
    return new Decision(
        rs.getObject("intake_id", UUID.class),
        rs.getObject("decision_id", UUID.class),
        rs.getInt("decision_version"),
        rs.getString("ruleset_version"),
        Route.valueOf(rs.getString("route")),
        read(rs, "secondary_routes", new TypeReference<List<Route>>() {}),
        Urgency.valueOf(rs.getString("urgency")),
        escalation(rs.getString("escalation")),
        read(rs, "causes", new TypeReference<List<SuspectedCause>>() {}),
        read(rs, "red_flags", new TypeReference<List<RedFlag>>() {}),
        rs.getBoolean("needs_clinician_review"),
        read(rs, "missing_answers", new TypeReference<List<String>>() {}),
        rs.getString("explanation"),
        rs.getString("preferred_language"),
        rs.getObject("decided_at", OffsetDateTime.class).toInstant(),
        read(rs, "fired_rules", new TypeReference<List<FiredRule>>() {}),
        read(rs, "undecided_rules", new TypeReference<List<String>>() {}),
        read(rs, "answers_used", new TypeReference<Map<String, Object>>() {}),
        read(rs, "answers", new TypeReference<Map<String, Object>>() {}),
        rs.getObject("age_years", Integer.class),
        rs.getObject("amendment", Integer.class));
  }

  private <T> T read(ResultSet rs, String column, TypeReference<T> type) throws SQLException {
    return json.readValue(rs.getString(column), type);
  }
}
