package clinic.events.spring;

import clinic.events.ClinicEvent;
import clinic.events.EventType;
import io.micrometer.context.ContextSnapshotFactory;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.kafka.core.KafkaOperations;
import org.springframework.kafka.support.KafkaHeaders;
import org.springframework.messaging.support.MessageBuilder;
import org.springframework.transaction.event.TransactionalEventListener;
import tools.jackson.databind.json.JsonMapper;

/**
 * The outbox's sender: hands every {@link ClinicEvent} to the Kafka producer once its transaction
 * committed, in commit order, without waiting for the broker between one event and the next.
 *
 * <p>Spring Modulith's event publication registry stores a publication for this listener in the
 * publishing transaction (it is an after-commit {@link TransactionalEventListener}), and marks it
 * complete when the future returned here completes: only after the broker acknowledged the record
 * ({@code acks=all}). A failed send completes it exceptionally: the publication stays incomplete
 * and is sent again ({@link FailedPublicationsRetry}, and on restart).
 *
 * <p>Why not Modulith's own Kafka externalizer: it runs as an {@code @Async} listener, and Spring's
 * async interceptor waits on the returned future inside the task, so with the single thread that
 * keeps events in order every event waited for its acknowledgement and its completion update before
 * the next was handed over: about 29 ms each, a ceiling of ~35 events/s (the JFR profile in
 * BENCHMARKS.md, "The pipeline under load"). Here one thread only <em>hands over</em> records
 * ({@code send} appends to the producer's buffer and returns), in the order the after-commit
 * callbacks ran; the idempotent producer keeps that order on each partition (up to five requests in
 * flight) and the key is the intake id, so one intake's events stay in order. Completions are
 * recorded by a small pool of their own, off the producer's network thread.
 *
 * <p>The trace context of the committing thread is carried to the hand-over thread, so the
 * producer's observation continues the request's (or record's) trace in the record's {@code
 * traceparent} header.
 */
public class OutboxSender implements DisposableBean {

  /** The listener id the publication registry stores with each publication (see migrations). */
  public static final String LISTENER_ID = "clinic.events.spring.OutboxSender";

  private static final Duration SHUTDOWN_WAIT = Duration.ofSeconds(5);
  private static final ContextSnapshotFactory CONTEXT = ContextSnapshotFactory.builder().build();

  private final KafkaOperations<Object, Object> kafka;
  private final JsonMapper json;
  private final ExecutorService handOver =
      Executors.newSingleThreadExecutor(Thread.ofPlatform().name("outbox-send").factory());
  private final ExecutorService completions;

  OutboxSender(KafkaOperations<Object, Object> kafka, JsonMapper json, int completionThreads) {
    this.kafka = kafka;
    this.json = json;
    this.completions =
        Executors.newFixedThreadPool(
            completionThreads, Thread.ofPlatform().name("outbox-complete-", 0).factory());
  }

  /**
   * Runs in the thread whose transaction published the event, right after it committed (or in the
   * registry's resubmission): takes no time beyond queueing the record.
   */
  @TransactionalEventListener(id = LISTENER_ID)
  public CompletableFuture<?> send(ClinicEvent event) {
    var message =
        MessageBuilder.fromMessage(ClinicEventsConfiguration.toMessage(event, json))
            .setHeader(KafkaHeaders.TOPIC, EventType.forData(event.getClass()).topic())
            .setHeader(KafkaHeaders.KEY, event.intakeId().toString())
            .build();
    var acknowledged = new CompletableFuture<Void>();
    Runnable handOverTask =
        () -> {
          try {
            kafka
                .send(message)
                .whenCompleteAsync(
                    (result, failure) -> {
                      if (failure == null) {
                        // No value: Spring would publish a listener's non-null result as an event.
                        acknowledged.complete(null);
                      } else {
                        acknowledged.completeExceptionally(failure);
                      }
                    },
                    this::complete);
          } catch (RuntimeException e) {
            // The producer refused the record at once (no metadata within max.block.ms, a closed
            // producer): the publication stays incomplete and is resubmitted later.
            complete(() -> acknowledged.completeExceptionally(e));
          }
        };
    handOver.execute(CONTEXT.captureAll().wrap(handOverTask));
    return acknowledged;
  }

  /**
   * Records an outcome on the completion pool. While the service stops, an acknowledgement that
   * arrives after the pool has closed is not recorded: the publication stays incomplete and is sent
   * again on the next start (consumers discard a duplicate).
   */
  private void complete(Runnable outcome) {
    try {
      completions.execute(outcome);
    } catch (RejectedExecutionException stopping) {
      // See above.
    }
  }

  /**
   * Hands over what is queued and records the acknowledgements that arrive within a few seconds;
   * anything later stays incomplete and is sent again on the next start.
   */
  @Override
  public void destroy() throws InterruptedException {
    handOver.shutdown();
    handOver.awaitTermination(SHUTDOWN_WAIT.toSeconds(), TimeUnit.SECONDS);
    completions.shutdown();
    completions.awaitTermination(SHUTDOWN_WAIT.toSeconds(), TimeUnit.SECONDS);
  }
}
