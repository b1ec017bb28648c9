package clinic.intake.intake;

import clinic.events.Actor;
import clinic.events.IntakeWithdrawn;
import clinic.intake.progress.IntakeProgress;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

@Repository
class IntakeRepository {

  private static final TypeReference<Map<String, Object>> ANSWERS = new TypeReference<>() {};

  private static final String SELECT =
      """
      select id, patient_name, date_of_birth, email, phone, consent_to_contact,
             preferred_language, age_years, questionnaire_version, answers::text as answers,
             amendment, status, submitted_at, withdrawn_at, withdrawal_reason, idempotency_key,
             request_fingerprint, entered_by_subject, entered_by_name, withdrawn_by_subject,
             withdrawn_by_name
      from intake
      """;

  private final JdbcClient jdbc;
  private final JsonMapper json;

  IntakeRepository(JdbcClient jdbc, JsonMapper json) {
    this.jdbc = jdbc;
    this.json = json;
  }

  /**
   * Stores a new intake; false when another intake already holds its idempotency key (a concurrent
   * request with the same key waits here until the first one commits).
   */
  boolean insert(Intake intake) {
    var patient = intake.patient();
    return jdbc.sql(
                """
                insert into intake (id, patient_name, date_of_birth, email, phone,
                                    consent_to_contact, preferred_language, age_years,
                                    questionnaire_version, answers, status, idempotency_key,
                                    request_fingerprint, submitted_at, updated_at,
                                    entered_by_subject, entered_by_name)
                values (:id, :patientName, :dateOfBirth, :email, :phone, :consentToContact,
                        :preferredLanguage, :ageYears, :questionnaireVersion,
                        cast(:answers as jsonb), 'SUBMITTED', :idempotencyKey, :fingerprint,
                        :submittedAt, :submittedAt, :enteredBySubject, :enteredByName)
                on conflict (idempotency_key) do nothing
                """)
            .param("id", intake.id())
            .param("patientName", patient.name())
            .param("dateOfBirth", patient.dateOfBirth())
            .param("email", patient.email())
            .param("phone", patient.phone())
            .param("consentToContact", patient.consentToContact())
            .param("preferredLanguage", patient.preferredLanguage())
            .param("ageYears", intake.ageYears())
            .param("questionnaireVersion", intake.questionnaireVersion())
            .param("answers", json.writeValueAsString(intake.answers()))
            .param("idempotencyKey", intake.idempotencyKey())
            .param("fingerprint", intake.fingerprint())
            .param("submittedAt", utc(intake.submittedAt()))
            .param("enteredBySubject", intake.enteredBy().subject())
            .param("enteredByName", intake.enteredBy().name())
            .update()
        == 1;
  }

  Optional<Intake> find(UUID id) {
    return jdbc.sql(SELECT + " where id = :id")
        .param("id", id)
        .query((rs, row) -> map(rs))
        .optional();
  }

  Optional<Intake> findByIdempotencyKey(String key) {
    return jdbc.sql(SELECT + " where idempotency_key = :key")
        .param("key", key)
        .query((rs, row) -> map(rs))
        .optional();
  }

  /** Locks the row: amendments, withdrawal and progress events for one intake go one at a time. */
  Optional<Intake> lock(UUID id) {
    return jdbc.sql(SELECT + " where id = :id for update")
        .param("id", id)
        .query((rs, row) -> map(rs))
        .optional();
  }

  void amend(Intake.Amendment amendment) {
    jdbc.sql(
            """
            insert into intake_amendment (amendment_id, intake_id, amendment,
                                          questionnaire_version, answers, previous_answers,
                                          amended_at, amended_by_subject, amended_by_name,
                                          reason)
            values (:amendmentId, :intakeId, :number, :questionnaireVersion,
                    cast(:answers as jsonb), cast(:previousAnswers as jsonb), :amendedAt,
                    :amendedBySubject, :amendedByName, :reason)
            """)
        .param("amendmentId", amendment.amendmentId())
        .param("intakeId", amendment.intakeId())
        .param("number", amendment.number())
        .param("questionnaireVersion", amendment.questionnaireVersion())
        .param("answers", json.writeValueAsString(amendment.answers()))
        .param("previousAnswers", json.writeValueAsString(amendment.previousAnswers()))
        .param("amendedAt", utc(amendment.amendedAt()))
        .param("amendedBySubject", amendment.amendedBy().subject())
        .param("amendedByName", amendment.amendedBy().name())
        .param("reason", amendment.reason() == null ? null : amendment.reason().name())
        .update();
    jdbc.sql(
            """
            update intake set answers = cast(:answers as jsonb), amendment = :number,
                   questionnaire_version = :questionnaireVersion, updated_at = :amendedAt
            where id = :intakeId
            """)
        .param("intakeId", amendment.intakeId())
        .param("number", amendment.number())
        .param("questionnaireVersion", amendment.questionnaireVersion())
        .param("answers", json.writeValueAsString(amendment.answers()))
        .param("amendedAt", utc(amendment.amendedAt()))
        .update();
  }

  List<Intake.Amendment> amendments(UUID intakeId) {
    return jdbc.sql(
            """
            select amendment_id, intake_id, amendment, questionnaire_version, answers::text as a,
                   previous_answers::text as p, amended_at, amended_by_subject, amended_by_name,
                   reason
            from intake_amendment where intake_id = :intakeId order by amendment
            """)
        .param("intakeId", intakeId)
        .query(
            (rs, row) ->
                new Intake.Amendment(
                    rs.getObject("amendment_id", UUID.class),
                    rs.getObject("intake_id", UUID.class),
                    rs.getInt("amendment"),
                    rs.getString("questionnaire_version"),
                    json.readValue(rs.getString("a"), ANSWERS),
                    json.readValue(rs.getString("p"), ANSWERS),
                    rs.getObject("amended_at", OffsetDateTime.class).toInstant(),
                    actor(rs, "amended_by"),
                    rs.getString("reason") == null
                        ? null
                        : Intake.AmendmentReason.valueOf(rs.getString("reason"))))
        .list();
  }

  void withdraw(IntakeWithdrawn withdrawn) {
    jdbc.sql(
            """
            update intake set status = 'WITHDRAWN', withdrawn_at = :at, withdrawal_reason = :reason,
                   withdrawn_by_subject = :bySubject, withdrawn_by_name = :byName, updated_at = :at
            where id = :id
            """)
        .param("id", withdrawn.intakeId())
        .param("at", utc(withdrawn.withdrawnAt()))
        .param("reason", withdrawn.reason().name())
        .param("bySubject", withdrawn.withdrawnBy().subject())
        .param("byName", withdrawn.withdrawnBy().name())
        .update();
  }

  /** One line of the front desk's list of the day. */
  record DayEntry(UUID id, Instant submittedAt, String patientName, IntakeProgress.Status status) {

    String reference() {
      return Intake.reference(id);
    }
  }

  /** The intakes submitted from the start of {@code from} on, newest first. */
  List<DayEntry> submittedSince(Instant from) {
    return jdbc.sql(
            """
            select id, submitted_at, patient_name, status from intake
            where submitted_at >= :from order by submitted_at desc
            """)
        .param("from", utc(from))
        .query(
            (rs, row) ->
                new DayEntry(
                    rs.getObject("id", UUID.class),
                    rs.getObject("submitted_at", OffsetDateTime.class).toInstant(),
                    rs.getString("patient_name"),
                    IntakeProgress.Status.valueOf(rs.getString("status"))))
        .list();
  }

  private Intake map(ResultSet rs) throws SQLException {
    var withdrawnAt = rs.getObject("withdrawn_at", OffsetDateTime.class);
    return new Intake(
        rs.getObject("id", UUID.class),
        new Patient(
            rs.getString("patient_name"),
            rs.getObject("date_of_birth", LocalDate.class),
            rs.getString("email"),
            rs.getString("phone"),
            rs.getBoolean("consent_to_contact"),
            rs.getString("preferred_language")),
        rs.getInt("age_years"),
        rs.getString("questionnaire_version"),
        json.readValue(rs.getString("answers"), ANSWERS),
        rs.getInt("amendment"),
        IntakeProgress.Status.valueOf(rs.getString("status")),
        rs.getObject("submitted_at", OffsetDateTime.class).toInstant(),
        actor(rs, "entered_by"),
        withdrawnAt == null
            ? null
            : new Intake.Withdrawal(
                IntakeWithdrawn.Reason.valueOf(rs.getString("withdrawal_reason")),
                withdrawnAt.toInstant(),
                actor(rs, "withdrawn_by")),
        rs.getString("idempotency_key"),
        rs.getString("request_fingerprint"));
  }

  /** The actor in the columns {@code <prefix>_subject} and {@code <prefix>_name}, if any. */
  private static Actor actor(ResultSet rs, String prefix) throws SQLException {
    var subject = rs.getString(prefix + "_subject");
    return subject == null ? null : new Actor(subject, rs.getString(prefix + "_name"));
  }

  private static OffsetDateTime utc(Instant instant) {
    return OffsetDateTime.ofInstant(instant, ZoneOffset.UTC);
  }
}
