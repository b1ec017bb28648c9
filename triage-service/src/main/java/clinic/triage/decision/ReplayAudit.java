package clinic.triage.decision;

import clinic.events.Actor;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

/** The append-only record of every replay (table {@code replay_audit}): counts, never answers. */
@Repository
class ReplayAudit {

  private final JdbcClient jdbc;
  private final JsonMapper json;

  ReplayAudit(JdbcClient jdbc, JsonMapper json) {
    this.jdbc = jdbc;
    this.json = json;
  }

  /**
   * One replay.
   *
   * @param by who ran it, from their token
   * @param candidateSha256 of the candidate's bytes as sent, in hex
   * @param counts the changes counted by kind, as the replay answered them (no intake ids)
   */
  record Entry(
      UUID replayId,
      Instant replayedAt,
      Actor by,
      String currentVersion,
      String candidateVersion,
      String candidateSha256,
      int replayed,
      int changed,
      Map<String, Object> counts) {}

  /** A page of entries, newest first. */
  record Page(int page, int size, long total, List<Entry> replays) {}

  void append(Entry entry) {
    jdbc.sql(
            """
            insert into replay_audit (replay_id, replayed_at, by_subject, by_name, current_version,
                candidate_version, candidate_sha256, replayed, changed, counts)
            values (:replayId, :replayedAt, :bySubject, :byName, :currentVersion,
                :candidateVersion, :candidateSha256, :replayed, :changed, cast(:counts as jsonb))
            """)
        .param("replayId", entry.replayId())
        .param("replayedAt", OffsetDateTime.ofInstant(entry.replayedAt(), ZoneOffset.UTC))
        .param("bySubject", entry.by().subject())
        .param("byName", entry.by().name())
        .param("currentVersion", entry.currentVersion())
        .param("candidateVersion", entry.candidateVersion())
        .param("candidateSha256", entry.candidateSha256())
        .param("replayed", entry.replayed())
        .param("changed", entry.changed())
        .param("counts", json.writeValueAsString(entry.counts()))
        .update();
  }

  Page page(int page, int size) {
    long total = jdbc.sql("select count(*) from replay_audit").query(Long.class).single();
    List<Entry> entries =
        jdbc.sql(
                """
                select * from replay_audit order by replayed_at desc, replay_id
                limit :size offset :offset
                """)
            .param("size", size)
            .param("offset", (long) page * size)
            .query(
                (rs, row) ->
                    new Entry(
                        rs.getObject("replay_id", UUID.class),
                        rs.getObject("replayed_at", OffsetDateTime.class).toInstant(),
                        new Actor(rs.getString("by_subject"), rs.getString("by_name")),
                        rs.getString("current_version"),
                        rs.getString("candidate_version"),
                        rs.getString("candidate_sha256"),
                        rs.getInt("replayed"),
                        rs.getInt("changed"),
                        json.readValue(
                            rs.getString("counts"), new TypeReference<Map<String, Object>>() {})))
            .list();
    return new Page(page, size, total, entries);
  }
}
