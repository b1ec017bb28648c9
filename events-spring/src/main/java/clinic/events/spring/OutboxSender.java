package clinic.events.spring;

import clinic.events.ClinicEvent;
import clinic.events.EventType;
import io.micrometer.context.ContextSnapshotFactory;
import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.ApplicationEvent;
import org.springframework.context.PayloadApplicationEvent;
import org.springframework.context.event.GenericApplicationListener;
import org.springframework.core.ResolvableType;
import org.springframework.kafka.core.KafkaOperations;
import org.springframework.kafka.support.KafkaHeaders;
import org.springframework.messaging.support.MessageBuilder;
import org.springframework.modulith.events.core.EventPublicationRegistry;
import org.springframework.modulith.events.core.PublicationTargetIdentifier;
import org.springframework.transaction.event.TransactionalApplicationListener;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;
import tools.jackson.databind.json.JsonMapper;

/**
 * The outbox's sender: hands every {@link ClinicEvent} to the Kafka producer once its transaction
 * committed, in commit order, without waiting for the broker between one event and the next.
 *
 * <p>It is an after-commit {@link TransactionalApplicationListener}, so Spring Modulith's event
 * publication registry stores a publication for it in the publishing transaction (the outbox row),
 * resubmits it on restart and through {@link FailedPublicationsRetry}, and this class marks it
 * complete only when the broker acknowledged the record ({@code acks=all}), or failed when the send
 * failed (it stays incomplete and is sent again).
 *
 * <p>Why not Modulith's own Kafka externalizer: it is an {@code @Async} listener, and Spring's
 * async interceptor waits on the returned future inside the task, so with the single thread that
 * kept events in order every event waited for its acknowledgement and its completion update before
 * the next was handed over: about 29 ms each, a ceiling of ~35 events/s (the JFR profile in
 * BENCHMARKS.md, "The pipeline under load"). A synchronous annotated listener would not do either:
 * Modulith's completion interceptor marks the publication "processing" in a transaction of its own
 * before the listener runs, in the committing thread, which still holds its connection, so under
 * load every request thread waits for a second connection from a pool they have all drained.
 *
 * <p>So: right after the commit, the committing thread only queues the record (no database, no
 * network); one thread hands the records to the producer ({@code send} appends to its buffer and
 * returns) in the order the commits' callbacks ran; the idempotent producer keeps that order on
 * each partition (up to five requests in flight), and the key is the intake id, so one intake's
 * events stay in order. The registry's completion updates run on a small pool of their own, off the
 * producer's network thread.
 *
 * <p>The trace context of the committing thread is carried to the hand-over thread, so the
 * producer's observation continues the request's (or record's) trace in the record's {@code
 * traceparent} header.
 */
public class OutboxSender
    implements TransactionalApplicationListener<ApplicationEvent>,
        GenericApplicationListener,
        DisposableBean {

  /** The listener id the publication registry stores with each publication (see migrations). */
  public static final String LISTENER_ID = "clinic.events.spring.OutboxSender";

  private static final PublicationTargetIdentifier TARGET =
      PublicationTargetIdentifier.of(LISTENER_ID);
  private static final Duration SHUTDOWN_WAIT = Duration.ofSeconds(5);
  private static final ContextSnapshotFactory CONTEXT = ContextSnapshotFactory.builder().build();

  private final KafkaOperations<Object, Object> kafka;
  private final JsonMapper json;
  private final ObjectProvider<EventPublicationRegistry> registry;
  private final ExecutorService handOver =
      Executors.newSingleThreadExecutor(Thread.ofPlatform().name("outbox-send").factory());
  private final ExecutorService completions;

  OutboxSender(
      KafkaOperations<Object, Object> kafka,
      JsonMapper json,
      ObjectProvider<EventPublicationRegistry> registry,
      int completionThreads) {
    this.kafka = kafka;
    this.json = json;
    this.registry = registry;
    this.completions =
        Executors.newFixedThreadPool(
            completionThreads, Thread.ofPlatform().name("outbox-complete-", 0).factory());
  }

  @Override
  public String getListenerId() {
    return LISTENER_ID;
  }

  @Override
  public int getOrder() {
    return LOWEST_PRECEDENCE;
  }

  @Override
  public boolean supportsEventType(ResolvableType eventType) {
    return PayloadApplicationEvent.class.isAssignableFrom(eventType.toClass())
        && ClinicEvent.class.isAssignableFrom(
            eventType.as(PayloadApplicationEvent.class).getGeneric().toClass());
  }

  /** Published inside a transaction (always, in these services): sent once it has committed. */
  @Override
  public void onApplicationEvent(ApplicationEvent event) {
    if (TransactionSynchronizationManager.isSynchronizationActive()) {
      TransactionSynchronizationManager.registerSynchronization(
          new TransactionSynchronization() {
            @Override
            public void afterCommit() {
              processEvent(event);
            }
          });
    } else {
      processEvent(event);
    }
  }

  /**
   * After the commit, or when the registry resubmits a publication: queues the record for the
   * hand-over thread and returns.
   */
  @Override
  public void processEvent(ApplicationEvent applicationEvent) {
    var event = (ClinicEvent) ((PayloadApplicationEvent<?>) applicationEvent).getPayload();
    var message =
        MessageBuilder.fromMessage(ClinicEventsConfiguration.toMessage(event, json))
            .setHeader(KafkaHeaders.TOPIC, EventType.forData(event.getClass()).topic())
            .setHeader(KafkaHeaders.KEY, event.intakeId().toString())
            .build();
    Runnable send =
        () -> {
          try {
            kafka
                .send(message)
                .whenCompleteAsync(
                    (result, failure) -> {
                      if (failure == null) {
                        registry.getObject().markCompleted(event, TARGET);
                      } else {
                        registry.getObject().markFailed(event, TARGET);
                      }
                    },
                    this::complete);
          } catch (RuntimeException refused) {
            // The producer refused the record at once (no metadata within max.block.ms, closed):
            // the publication stays incomplete and is resubmitted later. The producer listener
            // has logged it, with topic and key only.
            complete(() -> registry.getObject().markFailed(event, TARGET));
          }
        };
    handOver.execute(CONTEXT.captureAll().wrap(send));
  }

  /** Not used: nothing registers synchronization callbacks on this listener. */
  @Override
  public void addCallback(SynchronizationCallback callback) {
    throw new UnsupportedOperationException("OutboxSender takes no synchronization callbacks");
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
