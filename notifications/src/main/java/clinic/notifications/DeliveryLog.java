package clinic.notifications;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.stream.Collectors;
import javax.sql.DataSource;
import org.jspecify.annotations.Nullable;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.support.JdbcTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The delivery log in PostgreSQL: the outbox the dispatcher drains, and the record of every
 * attempt. All SQL of the module lives here.
 *
 * <p>Statements run on the application's {@link DataSource} through Spring's transaction-bound
 * connections, so {@link #insert} joins the caller's transaction. The dispatcher's short
 * transactions (claim, record an outcome) run through a transaction manager of its own on the same
 * DataSource; they are never open while a message is on the wire.
 *
 * <p>The transaction that records a delivery or a give-up also publishes it as an application event
 * ({@link NotificationDelivered}, {@link NotificationGaveUp}): the callback for the service, which
 * listens after the commit instead of polling this log.
 */
final class DeliveryLog {

  private static final String COLUMNS =
      """
      id, channel, recipient, topic, reference, subject, body, html_body, payload, status, attempts,
      attempts_before_retry, next_attempt_at, last_error, created_at, delivered_at, traceparent""";

  private static final int MAX_ERROR_LENGTH = 500;

  private final JdbcClient jdbc;
  private final TransactionTemplate transactions;
  private final ApplicationEventPublisher events;

  DeliveryLog(DataSource dataSource, ApplicationEventPublisher events) {
    this.jdbc = JdbcClient.create(dataSource);
    this.transactions = new TransactionTemplate(new JdbcTransactionManager(dataSource));
    this.events = events;
  }

  /**
   * Stores the notification, due now, unless one with its id exists, with the trace it was enqueued
   * in. True if it was new.
   */
  boolean insert(Notification n, @Nullable String traceparent) {
    return jdbc.sql(
                """
                INSERT INTO notifications.notification
                    (id, channel, recipient, topic, reference, subject, body, html_body, payload,
                     status, next_attempt_at, traceparent)
                VALUES (:id, :channel, :recipient, :topic, :reference, :subject, :body, :html, :payload,
                        'PENDING', now(), :traceparent)
                ON CONFLICT (id) DO NOTHING""")
            .param("id", n.id())
            .param("channel", n.channel().name())
            .param("recipient", n.recipient())
            .param("topic", n.topic())
            .param("reference", n.reference())
            .param("subject", n.subject())
            .param("body", n.body())
            .param("html", n.htmlBody())
            .param("payload", n.payload())
            .param("traceparent", traceparent)
            .update()
        == 1;
  }

  /** What one poll claimed, and what it found behind expired leases. */
  record ClaimBatch(
      List<Claim> claims, List<Notification> leasesExpired, List<Notification> gaveUp) {}

  /**
   * Claims up to {@code limit} due notifications for one attempt each. Rows locked by another
   * dispatcher's claim transaction are skipped; a row stays claimed after commit through its lease
   * ({@code next_attempt_at} moves to the end of the lease).
   *
   * <p>A row still SENDING after its lease belonged to a dispatcher that stopped before recording
   * an outcome: that attempt is closed as LEASE_EXPIRED (it counts), and the row is claimed again
   * or, if that was its last attempt, given up.
   */
  ClaimBatch claim(int limit, Duration lease, int maxAttempts) {
    return transactions.execute(
        status -> {
          List<Row> due =
              jdbc.sql(
                      "SELECT "
                          + COLUMNS
                          + """
                           FROM notifications.notification
                          WHERE status IN ('PENDING', 'FAILED', 'SENDING') AND next_attempt_at <= now()
                          ORDER BY next_attempt_at
                          LIMIT :limit
                          FOR UPDATE SKIP LOCKED""")
                  .param("limit", limit)
                  .query(DeliveryLog::row)
                  .list();
          List<Claim> claims = new ArrayList<>();
          List<Notification> expired = new ArrayList<>();
          List<Notification> gaveUp = new ArrayList<>();
          for (Row row : due) {
            if (row.status() == Status.SENDING) {
              jdbc.sql(
                      """
                      UPDATE notifications.notification_attempt
                         SET finished_at = now(), outcome = 'LEASE_EXPIRED',
                             error = 'lease expired before an outcome was recorded'
                       WHERE notification_id = :id AND attempt = :attempt AND outcome IS NULL""")
                  .param("id", row.notification().id())
                  .param("attempt", row.attempts())
                  .update();
              expired.add(row.notification());
              if (row.attempts() - row.attemptsBeforeRetry() >= maxAttempts) {
                jdbc.sql(
                        """
                        UPDATE notifications.notification
                           SET status = 'GAVE_UP', claim_token = NULL,
                               last_error = 'lease expired on the last attempt'
                         WHERE id = :id""")
                    .param("id", row.notification().id())
                    .update();
                gaveUp.add(row.notification());
                events.publishEvent(
                    gaveUp(
                        row.notification(), row.attempts(), "lease expired on the last attempt"));
                continue;
              }
            }
            int attempt = row.attempts() + 1;
            UUID token = UUID.randomUUID();
            jdbc.sql(
                    """
                    UPDATE notifications.notification
                       SET status = 'SENDING', attempts = :attempt, claim_token = :token,
                           next_attempt_at = now() + CAST(:leaseMillis AS bigint) * interval '1 millisecond'
                     WHERE id = :id""")
                .param("attempt", attempt)
                .param("token", token)
                .param("leaseMillis", lease.toMillis())
                .param("id", row.notification().id())
                .update();
            jdbc.sql(
                    """
                    INSERT INTO notifications.notification_attempt (notification_id, attempt, started_at)
                    VALUES (:id, :attempt, now())""")
                .param("id", row.notification().id())
                .param("attempt", attempt)
                .update();
            claims.add(
                new Claim(
                    row.notification(),
                    attempt,
                    attempt - row.attemptsBeforeRetry(),
                    token,
                    row.traceparent()));
          }
          return new ClaimBatch(claims, expired, gaveUp);
        });
  }

  /**
   * Records the attempt's outcome and moves the notification to {@code next}. The attempt row is
   * always written (it is what happened); the notification only changes while {@code claim} is
   * still its current claim. Returns false when the claim had been lost to an expired lease.
   *
   * @param retryIn for FAILED: the delay until the next attempt
   * @param ceiling for FAILED: the back-off ceiling the delay was drawn under
   */
  boolean record(
      Claim claim,
      DeliveryResult result,
      Status next,
      @Nullable Duration retryIn,
      @Nullable Duration ceiling) {
    UUID id = claim.notification().id();
    String error = truncate(result.error());
    return transactions.execute(
        status -> {
          jdbc.sql(
                  """
                  UPDATE notifications.notification_attempt
                     SET finished_at = now(), outcome = :outcome, status_code = :statusCode, error = :error,
                         next_attempt_at = now() + CAST(:retryMillis AS bigint) * interval '1 millisecond',
                         backoff_ceiling_ms = CAST(:ceilingMillis AS bigint)
                   WHERE notification_id = :id AND attempt = :attempt""")
              .param("outcome", result.outcome().name())
              .param("statusCode", result.statusCode())
              .param("error", error)
              .param("retryMillis", retryIn == null ? null : retryIn.toMillis())
              .param("ceilingMillis", ceiling == null ? null : ceiling.toMillis())
              .param("id", id)
              .param("attempt", claim.attempt())
              .update();
          boolean current =
              jdbc.sql(
                          """
                          UPDATE notifications.notification
                             SET status = :status, claim_token = NULL, last_error = :error,
                                 next_attempt_at = coalesce(
                                     now() + CAST(:retryMillis AS bigint) * interval '1 millisecond', now()),
                                 delivered_at = CASE WHEN CAST(:status AS varchar) = 'DELIVERED' THEN now() END
                           WHERE id = :id AND claim_token = :token""")
                      .param("status", next.name())
                      .param("error", next == Status.DELIVERED ? null : error)
                      .param("retryMillis", retryIn == null ? null : retryIn.toMillis())
                      .param("id", id)
                      .param("token", claim.token())
                      .update()
                  == 1;
          // Only the sender holding the current claim announces an outcome: a late sender whose
          // lease had passed records its attempt, but the notification is no longer its to settle.
          if (current && next == Status.DELIVERED) {
            Notification n = claim.notification();
            events.publishEvent(
                new NotificationDelivered(
                    n.id(), n.channel(), n.topic(), n.reference(), claim.attempt()));
          } else if (current && next == Status.GAVE_UP) {
            events.publishEvent(gaveUp(claim.notification(), claim.attempt(), error));
          }
          return current;
        });
  }

  private static NotificationGaveUp gaveUp(
      Notification n, int attempts, @Nullable String lastError) {
    return new NotificationGaveUp(
        n.id(), n.channel(), n.topic(), n.reference(), attempts, lastError);
  }

  /**
   * Deletes the notifications delivered longer than {@code age} ago, with their attempts and manual
   * retries (ON DELETE CASCADE). Only DELIVERED rows: nothing pending, sending, failed or given up.
   * Idempotent, so several instances may run it at once; measured against the database's clock, the
   * one that wrote {@code delivered_at}.
   *
   * @return how many notifications were deleted
   */
  int deleteDeliveredBefore(Duration age) {
    return jdbc.sql(
            """
            DELETE FROM notifications.notification
             WHERE status = 'DELIVERED'
               AND delivered_at < now() - CAST(:ageMillis AS bigint) * interval '1 millisecond'""")
        .param("ageMillis", age.toMillis())
        .update();
  }

  /**
   * Makes a GAVE_UP or FAILED notification due now with a fresh attempt budget, and records who
   * asked. Returns the status it had, or empty if it was in no state to retry.
   */
  Optional<Status> retry(UUID id, String requestedBy) {
    return transactions.execute(
        status -> {
          Optional<Row> row =
              jdbc.sql(
                      "SELECT "
                          + COLUMNS
                          + " FROM notifications.notification WHERE id = :id FOR UPDATE")
                  .param("id", id)
                  .query(DeliveryLog::row)
                  .optional();
          if (row.isEmpty()
              || !(row.get().status() == Status.GAVE_UP || row.get().status() == Status.FAILED)) {
            return Optional.<Status>empty();
          }
          jdbc.sql(
                  """
                  INSERT INTO notifications.notification_retry
                      (notification_id, requested_by, status_before, attempts_before)
                  VALUES (:id, :by, :statusBefore, :attempts)""")
              .param("id", id)
              .param("by", requestedBy)
              .param("statusBefore", row.get().status().name())
              .param("attempts", row.get().attempts())
              .update();
          jdbc.sql(
                  """
                  UPDATE notifications.notification
                     SET status = 'PENDING', next_attempt_at = now(), attempts_before_retry = attempts
                   WHERE id = :id""")
              .param("id", id)
              .update();
          return Optional.of(row.get().status());
        });
  }

  Optional<Delivery> find(UUID id) {
    List<Row> rows =
        jdbc.sql("SELECT " + COLUMNS + " FROM notifications.notification WHERE id = :id")
            .param("id", id)
            .query(DeliveryLog::row)
            .list();
    return deliveries(rows).stream().findFirst();
  }

  List<Delivery> byReference(String reference) {
    List<Row> rows =
        jdbc.sql(
                "SELECT "
                    + COLUMNS
                    + " FROM notifications.notification WHERE reference = :reference"
                    + " ORDER BY created_at, id")
            .param("reference", reference)
            .query(DeliveryLog::row)
            .list();
    return deliveries(rows);
  }

  List<Delivery> gaveUp(int limit) {
    List<Row> rows =
        jdbc.sql(
                "SELECT "
                    + COLUMNS
                    + " FROM notifications.notification WHERE status = 'GAVE_UP'"
                    + " ORDER BY created_at, id LIMIT :limit")
            .param("limit", limit)
            .query(DeliveryLog::row)
            .list();
    return deliveries(rows);
  }

  long countGaveUp() {
    return jdbc.sql("SELECT count(*) FROM notifications.notification WHERE status = 'GAVE_UP'")
        .query(Long.class)
        .single();
  }

  private List<Delivery> deliveries(List<Row> rows) {
    if (rows.isEmpty()) {
      return List.of();
    }
    List<UUID> ids = rows.stream().map(r -> r.notification().id()).toList();
    Map<UUID, List<Delivery.Attempt>> attempts = attemptsOf(ids);
    Map<UUID, List<Delivery.ManualRetry>> retries = retriesOf(ids);
    return rows.stream()
        .map(
            r -> {
              Notification n = r.notification();
              return new Delivery(
                  n.id(),
                  n.channel(),
                  n.recipient(),
                  n.topic(),
                  n.reference(),
                  r.status(),
                  r.attempts(),
                  r.nextAttemptAt(),
                  r.lastError(),
                  r.createdAt(),
                  r.deliveredAt(),
                  attempts.getOrDefault(n.id(), List.of()),
                  retries.getOrDefault(n.id(), List.of()));
            })
        .toList();
  }

  private Map<UUID, List<Delivery.Attempt>> attemptsOf(Collection<UUID> ids) {
    record Keyed(UUID id, Delivery.Attempt attempt) {}
    return jdbc
        .sql(
            """
            SELECT notification_id, attempt, started_at, finished_at, outcome, status_code, error,
                   next_attempt_at, backoff_ceiling_ms
              FROM notifications.notification_attempt
             WHERE notification_id IN (:ids)
             ORDER BY notification_id, attempt""")
        .param("ids", ids)
        .query(
            (rs, i) ->
                new Keyed(
                    rs.getObject("notification_id", UUID.class),
                    new Delivery.Attempt(
                        rs.getInt("attempt"),
                        instant(rs, "started_at"),
                        instant(rs, "finished_at"),
                        rs.getString("outcome") == null
                            ? null
                            : Outcome.valueOf(rs.getString("outcome")),
                        rs.getObject("status_code", Integer.class),
                        rs.getString("error"),
                        instant(rs, "next_attempt_at"),
                        rs.getObject("backoff_ceiling_ms") == null
                            ? null
                            : Duration.ofMillis(rs.getLong("backoff_ceiling_ms")))))
        .list()
        .stream()
        .collect(
            Collectors.groupingBy(
                Keyed::id, Collectors.mapping(Keyed::attempt, Collectors.toList())));
  }

  private Map<UUID, List<Delivery.ManualRetry>> retriesOf(Collection<UUID> ids) {
    record Keyed(UUID id, Delivery.ManualRetry retry) {}
    return jdbc
        .sql(
            """
            SELECT notification_id, requested_at, requested_by, status_before, attempts_before
              FROM notifications.notification_retry
             WHERE notification_id IN (:ids)
             ORDER BY requested_at""")
        .param("ids", ids)
        .query(
            (rs, i) ->
                new Keyed(
                    rs.getObject("notification_id", UUID.class),
                    new Delivery.ManualRetry(
                        instant(rs, "requested_at"),
                        rs.getString("requested_by"),
                        Status.valueOf(rs.getString("status_before")),
                        rs.getInt("attempts_before"))))
        .list()
        .stream()
        .collect(
            Collectors.groupingBy(
                Keyed::id, Collectors.mapping(Keyed::retry, Collectors.toList())));
  }

  private record Row(
      Notification notification,
      Status status,
      int attempts,
      int attemptsBeforeRetry,
      Instant nextAttemptAt,
      @Nullable String lastError,
      Instant createdAt,
      @Nullable Instant deliveredAt,
      @Nullable String traceparent) {}

  private static Row row(ResultSet rs, int rowNum) throws SQLException {
    Notification notification =
        new Notification(
            rs.getObject("id", UUID.class),
            Channel.valueOf(rs.getString("channel")),
            rs.getString("recipient"),
            rs.getString("topic"),
            rs.getString("reference"),
            rs.getString("subject"),
            rs.getString("body"),
            rs.getString("html_body"),
            rs.getString("payload"));
    return new Row(
        notification,
        Status.valueOf(rs.getString("status")),
        rs.getInt("attempts"),
        rs.getInt("attempts_before_retry"),
        instant(rs, "next_attempt_at"),
        rs.getString("last_error"),
        instant(rs, "created_at"),
        instant(rs, "delivered_at"),
        rs.getString("traceparent"));
  }

  private static @Nullable Instant instant(ResultSet rs, String column) throws SQLException {
    OffsetDateTime value = rs.getObject(column, OffsetDateTime.class);
    return value == null ? null : value.toInstant();
  }

  private static @Nullable String truncate(@Nullable String error) {
    return error == null || error.length() <= MAX_ERROR_LENGTH
        ? error
        : error.substring(0, MAX_ERROR_LENGTH);
  }
}
