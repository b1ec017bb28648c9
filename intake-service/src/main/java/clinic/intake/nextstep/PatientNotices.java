package clinic.intake.nextstep;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** The {@code patient_notice} table, and the contact details the decision needs. */
@Repository
class PatientNotices {

  /** Only what deciding and addressing the e-mail needs. */
  record Contact(String email, boolean consentToContact, String language, boolean withdrawn) {}

  /** One row of {@code patient_notice}. */
  record Row(
      UUID referralId,
      PatientNotice.Outcome outcome,
      UUID notificationId,
      String language,
      Instant decidedAt) {}

  private final JdbcClient jdbc;

  PatientNotices(JdbcClient jdbc) {
    this.jdbc = jdbc;
  }

  Optional<Contact> contact(UUID intakeId) {
    return jdbc.sql(
            """
            select email, consent_to_contact, preferred_language, withdrawn_at is not null as withdrawn
            from intake where id = :id
            """)
        .param("id", intakeId)
        .query(
            (rs, n) ->
                new Contact(
                    rs.getString("email"),
                    rs.getBoolean("consent_to_contact"),
                    rs.getString("preferred_language"),
                    rs.getBoolean("withdrawn")))
        .optional();
  }

  /** True if this is the referral's first decision; false if one was recorded before. */
  boolean record(UUID intakeId, Row row) {
    return jdbc.sql(
                """
                insert into patient_notice
                    (referral_id, intake_id, outcome, notification_id, language, decided_at)
                values (:referralId, :intakeId, :outcome, :notificationId, :language, :decidedAt)
                on conflict (referral_id) do nothing
                """)
            .param("referralId", row.referralId())
            .param("intakeId", intakeId)
            .param("outcome", row.outcome().name())
            .param("notificationId", row.notificationId())
            .param("language", row.language())
            .param("decidedAt", OffsetDateTime.ofInstant(row.decidedAt(), ZoneOffset.UTC))
            .update()
        == 1;
  }

  List<Row> forIntake(UUID intakeId) {
    return jdbc.sql(
            """
            select referral_id, outcome, notification_id, language, decided_at
            from patient_notice where intake_id = :id order by decided_at, referral_id
            """)
        .param("id", intakeId)
        .query(
            (rs, n) ->
                new Row(
                    rs.getObject("referral_id", UUID.class),
                    PatientNotice.Outcome.valueOf(rs.getString("outcome")),
                    rs.getObject("notification_id", UUID.class),
                    rs.getString("language"),
                    rs.getObject("decided_at", OffsetDateTime.class).toInstant()))
        .list();
  }

  boolean sentFor(UUID intakeId, UUID notificationId) {
    return jdbc.sql(
                "select count(*) from patient_notice where intake_id = :id and notification_id = :n")
            .param("id", intakeId)
            .param("n", notificationId)
            .query(Long.class)
            .single()
        > 0;
  }
}
