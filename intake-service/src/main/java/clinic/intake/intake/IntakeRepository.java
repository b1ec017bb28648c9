package clinic.intake.intake;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
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

  private final JdbcClient jdbc;
  private final JsonMapper json;

  IntakeRepository(JdbcClient jdbc, JsonMapper json) {
    this.jdbc = jdbc;
    this.json = json;
  }

  void insert(Intake intake) {
    var submittedAt = OffsetDateTime.ofInstant(intake.submittedAt(), ZoneOffset.UTC);
    jdbc.sql(
            """
            insert into intake (id, patient_name, date_of_birth, email, phone, consent_to_contact,
                                preferred_language, age_years, questionnaire_version, answers,
                                status, submitted_at, updated_at)
            values (:id, :patientName, :dateOfBirth, :email, :phone, :consentToContact,
                    :preferredLanguage, :ageYears, :questionnaireVersion, cast(:answers as jsonb),
                    'SUBMITTED', :submittedAt, :submittedAt)
            """)
        .param("id", intake.id())
        .param("patientName", intake.patientName())
        .param("dateOfBirth", intake.dateOfBirth())
        .param("email", intake.email())
        .param("phone", intake.phone())
        .param("consentToContact", intake.consentToContact())
        .param("preferredLanguage", intake.preferredLanguage())
        .param("ageYears", intake.ageYears())
        .param("questionnaireVersion", intake.questionnaireVersion())
        .param("answers", json.writeValueAsString(intake.answers()))
        .param("submittedAt", submittedAt)
        .update();
  }

  Optional<Intake> find(UUID id) {
    return jdbc.sql(
            """
            select id, patient_name, date_of_birth, email, phone, consent_to_contact,
                   preferred_language, age_years, questionnaire_version, answers::text as answers,
                   submitted_at
            from intake where id = :id
            """)
        .param("id", id)
        .query((rs, row) -> map(rs))
        .optional();
  }

  private Intake map(ResultSet rs) throws SQLException {
    return new Intake(
        rs.getObject("id", UUID.class),
        rs.getString("patient_name"),
        rs.getObject("date_of_birth", java.time.LocalDate.class),
        rs.getString("email"),
        rs.getString("phone"),
        rs.getBoolean("consent_to_contact"),
        rs.getString("preferred_language"),
        rs.getInt("age_years"),
        rs.getString("questionnaire_version"),
        json.readValue(rs.getString("answers"), ANSWERS),
        rs.getObject("submitted_at", OffsetDateTime.class).toInstant());
  }
}
