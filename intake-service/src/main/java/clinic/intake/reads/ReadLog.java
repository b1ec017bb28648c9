package clinic.intake.reads;

import clinic.events.Actor;
import jakarta.servlet.http.HttpServletRequest;
import java.sql.Array;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.UUID;
import java.util.stream.Collectors;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * The audit of reads ({@code intake_read}, append-only in the database). A controller records the
 * read before it answers, in the same request: if the row cannot be written the exception ends the
 * request and nothing of the record is served.
 */
@Repository
public class ReadLog {

  private final JdbcClient jdbc;

  ReadLog(JdbcClient jdbc) {
    this.jdbc = jdbc;
  }

  /**
   * Records that {@code by} was shown these intakes through {@code view}. Nothing is recorded for
   * an empty list: it showed no one.
   *
   * <p>The address is the request's remote address. The gateway sends no {@code X-Forwarded-For}
   * (Spring Cloud Gateway adds it only with {@code trusted-proxies} set, and the gateway sets
   * none), so behind it this is the gateway's address; a forwarded header is not trusted, since
   * anyone reaching the service directly could write one.
   */
  public void record(Actor by, ReadView view, List<UUID> intakeIds, HttpServletRequest request) {
    if (intakeIds.isEmpty()) {
      return;
    }
    jdbc.sql(
            """
            insert into intake_read (subject, name, view, intake_ids, client_address)
            values (:subject, :name, :view, cast(:intakeIds as uuid[]), :address)
            """)
        .param("subject", by.subject())
        .param("name", by.name())
        .param("view", view.name())
        .param(
            "intakeIds",
            intakeIds.stream().map(UUID::toString).collect(Collectors.joining(",", "{", "}")))
        .param("address", request.getRemoteAddr())
        .update();
  }

  /** Newest first, filtered by intake and/or subject (null: any). */
  ReadsPage find(UUID intakeId, String subject, int page, int size) {
    var where = new ArrayList<String>();
    var params = new LinkedHashMap<String, Object>();
    if (intakeId != null) {
      where.add("cast(:intakeId as uuid) = any(intake_ids)");
      params.put("intakeId", intakeId.toString());
    }
    if (subject != null) {
      where.add("subject = :subject");
      params.put("subject", subject);
    }
    params.put("limit", size + 1);
    params.put("offset", (long) page * size);
    var rows =
        jdbc.sql(
                "select id, read_at, subject, name, view, intake_ids, client_address"
                    + " from intake_read"
                    + (where.isEmpty() ? "" : " where " + String.join(" and ", where))
                    + " order by read_at desc, id desc limit :limit offset :offset")
            .params(params)
            .query(ReadLog::read)
            .list();
    var hasNext = rows.size() > size;
    return new ReadsPage(hasNext ? rows.subList(0, size) : rows, page, size, hasNext);
  }

  private static Read read(ResultSet rs, int row) throws SQLException {
    return new Read(
        rs.getLong("id"),
        rs.getTimestamp("read_at").toInstant(),
        rs.getString("subject"),
        rs.getString("name"),
        ReadView.valueOf(rs.getString("view")),
        uuids(rs.getArray("intake_ids")),
        rs.getString("client_address"));
  }

  private static List<UUID> uuids(Array array) throws SQLException {
    return Arrays.stream((Object[]) array.getArray()).map(UUID.class::cast).toList();
  }
}
