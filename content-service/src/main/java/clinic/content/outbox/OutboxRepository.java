package clinic.content.outbox;

import io.micronaut.data.annotation.Query;
import io.micronaut.data.jdbc.annotation.JdbcRepository;
import io.micronaut.data.model.query.builder.sql.Dialect;
import io.micronaut.data.repository.CrudRepository;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

@JdbcRepository(dialect = Dialect.POSTGRES)
interface OutboxRepository extends CrudRepository<OutboxMessage, Long> {

  /**
   * The oldest unsent messages, locked until the transaction ends. Without SKIP LOCKED a second
   * relay (another instance) waits behind the first instead of overtaking it, so messages leave in
   * the order they were written, and one intake's events stay in order.
   */
  @Query("SELECT * FROM outbox_message WHERE sent_at IS NULL ORDER BY id LIMIT :limit FOR UPDATE")
  List<OutboxMessage> lockPending(int limit);

  /**
   * Marks messages sent and empties their payload: the broker has it now, and an {@code
   * EducationAssigned} carries the patient's link, which this database keeps only as a hash.
   */
  @Query("UPDATE outbox_message SET sent_at = :sentAt, payload = '' WHERE id IN (:ids)")
  void markSent(List<Long> ids, Instant sentAt);

  /** How many messages wait to be sent (the gauge {@code clinic.outbox.backlog}). */
  long countBySentAtIsNull();

  /** When the oldest message still waiting was written; empty when none waits. */
  @Query("SELECT min(created_at) FROM outbox_message WHERE sent_at IS NULL")
  Optional<Instant> oldestPendingCreatedAt();

  /** Deletes the messages sent before {@code cutoff}; unsent ones have no sent_at and stay. */
  int deleteBySentAtLessThan(Instant cutoff);
}
