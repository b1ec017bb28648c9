package clinic.triage.ruleset;

import clinic.events.Actor;
import clinic.triage.system.Listening;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import org.springframework.transaction.annotation.Transactional;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

/**
 * The stored ruleset versions (table {@code ruleset_version}), the one every instance decides with
 * ({@code ruleset_active}) and the audit of every step ({@code ruleset_audit}). Activating a
 * version is one row update in a transaction that also notifies every instance ({@link
 * ActiveRuleset} listens).
 */
@Repository
public class RulesetVersions {

  /** The channel a publication is announced on; the payload is the version's id. */
  static final String CHANNEL = "clinic_ruleset_activated";

  /** Serialises concurrent starts seeding the table: {@code pg_advisory_xact_lock} on this key. */
  private static final long SEED_LOCK = 0x7472696167650001L;

  /** Who seeds the clinic's own ruleset at start. */
  static final Actor SERVICE = Actor.system("triage-service");

  private final JdbcClient jdbc;
  private final JsonMapper json;

  RulesetVersions(JdbcClient jdbc, JsonMapper json) {
    this.jdbc = jdbc;
    this.json = json;
  }

  /** Where a version came from and what the safety gate said of it. */
  public enum Status {
    /** Shipped with the service (the class path or TRIAGE_RULESET), stored at start. */
    SEEDED,
    /** Uploaded, and the safety gate passed it: it may be published. */
    PASSED,
    /** Uploaded, and refused (it did not validate or the safety gate refused it). */
    REFUSED
  }

  /** One stored version. */
  public record Version(
      UUID id,
      String version,
      String yaml,
      String vignettes,
      String sha256,
      Status status,
      String location,
      Instant uploadedAt,
      Actor uploadedBy,
      String reason,
      Map<String, String> acknowledgements,
      Map<String, Object> report,
      Instant firstActivatedAt) {}

  /** The version in use now, and who made it so, when and why. */
  public record Active(UUID id, Instant activatedAt, Actor by, String reason) {}

  /** One step of a version's life. */
  public record AuditEntry(
      UUID auditId,
      Instant at,
      UUID rulesetId,
      String version,
      String step,
      Actor by,
      String reason,
      Map<String, Object> detail) {}

  /**
   * Stores the ruleset the service ships with, and makes it active when nothing is, or when its
   * version is new to the database (a deployment of new rules). Its version already stored (another
   * instance, a restart): nothing changes, so a version an administrator published stays active.
   * Concurrent starts take turns on an advisory lock, so only one of them seeds.
   *
   * @param vignettes the vignettes the shipped ruleset is checked against
   * @return the id of the active version
   */
  @Transactional
  UUID seed(TriageRuleset shipped, String vignettes, Instant now) {
    jdbc.sql("select pg_advisory_xact_lock(?)").param(SEED_LOCK).query((rs, row) -> row).list();
    Optional<UUID> stored =
        jdbc.sql("select ruleset_id from ruleset_version where version = ? and status <> 'REFUSED'")
            .param(shipped.version())
            .query(UUID.class)
            .optional();
    Optional<Active> active = active();
    if (stored.isPresent()) {
      if (active.isPresent()) {
        return active.get().id();
      }
      activate(stored.get(), null, SERVICE, "The service's own ruleset: nothing was active", now);
      return stored.get();
    }
    UUID id = UUID.randomUUID();
    store(
        new Version(
            id,
            shipped.version(),
            shipped.yaml(),
            vignettes,
            sha256(shipped.yaml()),
            Status.SEEDED,
            shipped.location(),
            now,
            SERVICE,
            "Shipped with the service",
            Map.of(),
            Map.of(),
            null));
    audit(id, shipped.version(), "SEEDED", SERVICE, "From " + shipped.location(), Map.of(), now);
    activate(
        id,
        null,
        SERVICE,
        active.isPresent()
            ? "A version new to the database was deployed"
            : "The service's own ruleset: nothing was active",
        now);
    return id;
  }

  /**
   * Stores a version (an upload with the gate's verdict).
   *
   * @throws org.springframework.dao.DuplicateKeyException if a version of that name was stored and
   *     not refused
   */
  public void store(Version version) {
    jdbc.sql(
            """
            insert into ruleset_version (ruleset_id, version, yaml, vignettes, sha256, status,
                location, uploaded_at, uploaded_by_subject, uploaded_by_name, reason,
                acknowledgements, report)
            values (:id, :version, :yaml, :vignettes, :sha256, :status, :location, :at,
                :bySubject, :byName, :reason, cast(:acknowledgements as jsonb),
                cast(:report as jsonb))
            """)
        .param("id", version.id())
        .param("version", version.version())
        .param("yaml", version.yaml())
        .param("vignettes", version.vignettes())
        .param("sha256", version.sha256())
        .param("status", version.status().name())
        .param("location", version.location())
        .param("at", utc(version.uploadedAt()))
        .param("bySubject", version.uploadedBy().subject())
        .param("byName", version.uploadedBy().name())
        .param("reason", version.reason())
        .param("acknowledgements", json.writeValueAsString(version.acknowledgements()))
        .param("report", json.writeValueAsString(version.report()))
        .update();
  }

  /** Records the gate's verdict again (a publication re-runs it). */
  public void report(UUID id, Status status, Map<String, Object> report) {
    jdbc.sql(
            "update ruleset_version set status = :status, report = cast(:report as jsonb) where ruleset_id = :id")
        .param("id", id)
        .param("status", status.name())
        .param("report", json.writeValueAsString(report))
        .update();
  }

  /**
   * Makes a version the active one: one row update, and a notice to every instance delivered when
   * the transaction commits.
   *
   * @param expected the version that must be active now (null: any), so that two publications at
   *     once cannot both pass a gate checked against the same active version
   * @return whether it was made active (false: another version became active meanwhile)
   */
  @Transactional
  public boolean activate(UUID id, UUID expected, Actor by, String reason, Instant now) {
    int changed =
        jdbc.sql(
                """
                insert into ruleset_active as a (singleton, ruleset_id, activated_at,
                    activated_by_subject, activated_by_name, reason)
                values (true, :id, :at, :bySubject, :byName, :reason)
                on conflict (singleton) do update set ruleset_id = excluded.ruleset_id,
                    activated_at = excluded.activated_at,
                    activated_by_subject = excluded.activated_by_subject,
                    activated_by_name = excluded.activated_by_name, reason = excluded.reason
                where cast(:expected as uuid) is null or a.ruleset_id = cast(:expected as uuid)
                """)
            .param("id", id)
            .param("expected", expected)
            .param("at", utc(now))
            .param("bySubject", by.subject())
            .param("byName", by.name())
            .param("reason", reason)
            .update();
    if (changed == 0) {
      return false;
    }
    jdbc.sql(
            "update ruleset_version set first_activated_at = :at where ruleset_id = :id"
                + " and first_activated_at is null")
        .param("id", id)
        .param("at", utc(now))
        .update();
    Listening.notify(jdbc, CHANNEL, id.toString());
    return true;
  }

  public Optional<Active> active() {
    return jdbc.sql("select * from ruleset_active")
        .query(
            (rs, row) ->
                new Active(
                    rs.getObject("ruleset_id", UUID.class),
                    instant(rs, "activated_at"),
                    new Actor(
                        rs.getString("activated_by_subject"), rs.getString("activated_by_name")),
                    rs.getString("reason")))
        .optional();
  }

  public Optional<Version> find(UUID id) {
    return jdbc.sql("select * from ruleset_version where ruleset_id = ?")
        .param(id)
        .query(this::version)
        .optional();
  }

  /** Every version, newest upload first. */
  public List<Version> all() {
    return jdbc.sql("select * from ruleset_version order by uploaded_at desc, ruleset_id")
        .query(this::version)
        .list();
  }

  public void audit(
      UUID rulesetId,
      String version,
      String step,
      Actor by,
      String reason,
      Map<String, Object> detail,
      Instant at) {
    jdbc.sql(
            """
            insert into ruleset_audit (audit_id, at, ruleset_id, version, step, by_subject,
                by_name, reason, detail)
            values (:id, :at, :rulesetId, :version, :step, :bySubject, :byName, :reason,
                cast(:detail as jsonb))
            """)
        .param("id", UUID.randomUUID())
        .param("at", utc(at))
        .param("rulesetId", rulesetId)
        .param("version", version)
        .param("step", step)
        .param("bySubject", by.subject())
        .param("byName", by.name())
        .param("reason", reason)
        .param("detail", json.writeValueAsString(detail))
        .update();
  }

  /**
   * The audit of one version, oldest first; all of it (with refused uploads) if {@code id} is null.
   */
  public List<AuditEntry> audit(UUID id) {
    String sql =
        id == null
            ? "select * from ruleset_audit order by seq desc limit 500"
            : "select * from ruleset_audit where ruleset_id = :id order by seq";
    var statement = jdbc.sql(sql);
    if (id != null) {
      statement = statement.param("id", id);
    }
    return statement
        .query(
            (rs, row) ->
                new AuditEntry(
                    rs.getObject("audit_id", UUID.class),
                    instant(rs, "at"),
                    rs.getObject("ruleset_id", UUID.class),
                    rs.getString("version"),
                    rs.getString("step"),
                    new Actor(rs.getString("by_subject"), rs.getString("by_name")),
                    rs.getString("reason"),
                    map(rs.getString("detail"))))
        .list();
  }

  private Version version(ResultSet rs, int row) throws SQLException {
    return new Version(
        rs.getObject("ruleset_id", UUID.class),
        rs.getString("version"),
        rs.getString("yaml"),
        rs.getString("vignettes"),
        rs.getString("sha256"),
        Status.valueOf(rs.getString("status")),
        rs.getString("location"),
        instant(rs, "uploaded_at"),
        new Actor(rs.getString("uploaded_by_subject"), rs.getString("uploaded_by_name")),
        rs.getString("reason"),
        json.readValue(
            rs.getString("acknowledgements"), new TypeReference<Map<String, String>>() {}),
        map(rs.getString("report")),
        rs.getObject("first_activated_at") == null ? null : instant(rs, "first_activated_at"));
  }

  private Map<String, Object> map(String text) {
    return json.readValue(text, new TypeReference<Map<String, Object>>() {});
  }

  private static Instant instant(ResultSet rs, String column) throws SQLException {
    return rs.getObject(column, OffsetDateTime.class).toInstant();
  }

  private static OffsetDateTime utc(Instant instant) {
    return OffsetDateTime.ofInstant(instant, ZoneOffset.UTC);
  }

  public static String sha256(String text) {
    try {
      return HexFormat.of()
          .formatHex(
              MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every Java runtime has SHA-256", e);
    }
  }
}
