package clinic.intake.questionnaire;

import clinic.events.questionnaire.Questionnaire;
import java.time.Clock;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.InitializingBean;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import tools.jackson.databind.json.JsonMapper;

/**
 * The questionnaire versions this service has used, kept in the {@code questionnaire} table. The
 * current one (from the events module) is recorded at start-up, before the web server takes any
 * request, so every intake can point at the exact definition it was answered with, and older
 * versions stay readable after the events module moved on.
 */
@Repository
public class QuestionnaireStore implements InitializingBean {

  private static final Logger log = LoggerFactory.getLogger(QuestionnaireStore.class);

  private final JdbcClient jdbc;
  private final JsonMapper json;
  private final Clock clock;
  private final Map<String, Questionnaire> versions = new ConcurrentHashMap<>();

  QuestionnaireStore(JdbcClient jdbc, JsonMapper json, Clock clock) {
    this.jdbc = jdbc;
    this.json = json;
    this.clock = clock;
  }

  @Override
  public void afterPropertiesSet() {
    record(Questionnaire.CURRENT);
  }

  /** The questionnaire new intakes and amendments are answered with. */
  public Questionnaire current() {
    return Questionnaire.CURRENT;
  }

  /** Every stored version, the oldest first. */
  public List<String> versions() {
    return jdbc.sql("select version from questionnaire order by first_used_at, version")
        .query(String.class)
        .list();
  }

  public Optional<Questionnaire> find(String version) {
    var known = versions.get(version);
    if (known != null) {
      return Optional.of(known);
    }
    return jdbc.sql("select definition::text from questionnaire where version = :version")
        .param("version", version)
        .query(String.class)
        .optional()
        .map(definition -> json.readValue(definition, Questionnaire.class))
        .map(
            questionnaire -> {
              versions.put(version, questionnaire);
              return questionnaire;
            });
  }

  /**
   * Stores the definition under its version, once. A stored definition that differs from this one
   * means the questions changed without a new version: answers already stored would then point at
   * questions they were never asked, so the service refuses to start.
   */
  void record(Questionnaire questionnaire) {
    var definition = json.writeValueAsString(questionnaire);
    int inserted =
        jdbc.sql(
                """
                insert into questionnaire (version, definition, first_used_at)
                values (:version, cast(:definition as jsonb), :now)
                on conflict (version) do nothing
                """)
            .param("version", questionnaire.version())
            .param("definition", definition)
            .param("now", OffsetDateTime.now(clock))
            .update();
    boolean same =
        jdbc.sql(
                "select definition = cast(:definition as jsonb) from questionnaire"
                    + " where version = :version")
            .param("version", questionnaire.version())
            .param("definition", definition)
            .query(Boolean.class)
            .single();
    if (!same) {
      throw new IllegalStateException(
          "Questionnaire "
              + questionnaire.version()
              + " differs from the definition stored under that version: a changed questionnaire"
              + " needs a new version");
    }
    if (inserted == 1) {
      log.info("Questionnaire {} recorded", questionnaire.version());
    }
    versions.put(questionnaire.version(), questionnaire);
  }
}
