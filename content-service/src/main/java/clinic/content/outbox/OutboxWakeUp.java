package clinic.content.outbox;

import io.micronaut.context.annotation.Requires;
import io.micronaut.transaction.annotation.TransactionalEventListener;
import jakarta.annotation.PreDestroy;
import jakarta.inject.Singleton;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs the relay as soon as a transaction that wrote an outbox message commits, instead of on its
 * next tick (up to {@code relay-interval} later). Wake-ups that arrive while a run is waiting are
 * one run; one that arrives during a run asks for one more after it. The scheduled run stays, for
 * messages this instance was not woken for (a crash before the wake-up, another instance). {@code
 * content.outbox.relay-on-commit: false} leaves only the scheduled run.
 */
@Singleton
@Requires(property = "content.outbox.relay-on-commit", notEquals = "false")
class OutboxWakeUp {

  private static final Logger LOG = LoggerFactory.getLogger(OutboxWakeUp.class);

  private final OutboxRelay relay;
  private final AtomicBoolean queued = new AtomicBoolean();
  private final ExecutorService runner =
      Executors.newSingleThreadExecutor(
          Thread.ofPlatform().name("outbox-wake-up").daemon().factory());

  OutboxWakeUp(OutboxRelay relay) {
    this.relay = relay;
  }

  @TransactionalEventListener(TransactionalEventListener.TransactionPhase.AFTER_COMMIT)
  void onWritten(OutboxWritten written) {
    if (!queued.compareAndSet(false, true)) {
      return;
    }
    try {
      runner.execute(
          () -> {
            queued.set(false);
            try {
              relay.relay();
            } catch (RuntimeException e) {
              LOG.warn("Outbox relay after a commit failed; the scheduled run will retry", e);
            }
          });
    } catch (RejectedExecutionException stopping) {
      queued.set(false);
    }
  }

  @PreDestroy
  void stop() {
    runner.shutdownNow();
  }
}
