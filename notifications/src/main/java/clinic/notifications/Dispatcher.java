package clinic.notifications;

import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;

/**
 * Drains the delivery log: claims due notifications (several dispatchers, in one process or many,
 * share the work through {@code FOR UPDATE SKIP LOCKED} and leases), sends them outside any
 * transaction, records each attempt and schedules the next one with back-off, or gives up.
 *
 * <p>Logs carry ids, statuses and error classes only.
 */
final class Dispatcher implements SmartLifecycle {

  private static final Logger log = LoggerFactory.getLogger(Dispatcher.class);

  private final DeliveryLog deliveryLog;
  private final Map<Channel, DeliveryChannel> channels = new EnumMap<>(Channel.class);
  private final NotificationsProperties.Dispatcher settings;
  private final int maxAttempts;
  private final BackOff backOff;
  private final NotificationMetrics metrics;
  private final TraceContext trace;

  private @Nullable ScheduledExecutorService poller;
  private @Nullable ExecutorService senders;
  private volatile boolean running;

  Dispatcher(
      DeliveryLog deliveryLog,
      List<DeliveryChannel> channels,
      NotificationsProperties.Dispatcher settings,
      NotificationsProperties.Retry retry,
      NotificationMetrics metrics,
      TraceContext trace) {
    this.deliveryLog = deliveryLog;
    channels.forEach(c -> this.channels.put(c.channel(), c));
    this.settings = settings;
    this.maxAttempts = retry.maxAttempts();
    this.backOff = BackOff.of(retry);
    this.metrics = metrics;
    this.trace = trace;
  }

  @Override
  public synchronized void start() {
    if (running) {
      return;
    }
    senders =
        Executors.newThreadPerTaskExecutor(
            Thread.ofVirtual().name("clinic-notifications-send-", 0).factory());
    poller =
        Executors.newSingleThreadScheduledExecutor(
            Thread.ofPlatform().name("clinic-notifications-dispatcher").daemon().factory());
    running = true;
    poller.scheduleWithFixedDelay(
        this::poll, 0, settings.interval().toMillis(), TimeUnit.MILLISECONDS);
  }

  /**
   * Stops polling and waits for the sends in flight to be recorded. A send that outlives the wait
   * keeps its claim until the lease ends; then another dispatcher delivers it again.
   */
  @Override
  public synchronized void stop() {
    running = false;
    if (poller != null) {
      poller.shutdown();
      awaitQuietly(poller, min(settings.lease(), Duration.ofSeconds(30)));
    }
    if (senders != null) {
      senders.shutdown();
      awaitQuietly(senders, Duration.ofSeconds(5));
    }
  }

  @Override
  public boolean isRunning() {
    return running;
  }

  private void poll() {
    try {
      // A full batch suggests more is due: keep going without waiting for the next interval.
      while (running && dispatchOnce() == settings.batchSize()) {
        // drain
      }
    } catch (RuntimeException e) {
      // Caught so that the schedule survives, e.g., a database restart.
      log.warn("Notification dispatch poll failed: {}", DeliveryResult.describe(e));
    }
  }

  /** One poll: claim a batch, send it in parallel, record every outcome. Returns how many. */
  int dispatchOnce() {
    DeliveryLog.ClaimBatch batch =
        deliveryLog.claim(settings.batchSize(), settings.lease(), maxAttempts);
    batch
        .leasesExpired()
        .forEach(
            n -> {
              log.warn("Notification {} lease expired; its sender stopped mid-attempt", n.id());
              metrics.failed(n);
            });
    batch
        .gaveUp()
        .forEach(
            n -> {
              log.warn("Notification {} ({}, {}) gave up", n.id(), n.channel(), n.topic());
              metrics.gaveUp(n);
            });
    ExecutorService executor = senders;
    if (executor == null) {
      batch.claims().forEach(this::deliver);
      return batch.claims().size();
    }
    List<Future<?>> sends = new ArrayList<>();
    for (Claim claim : batch.claims()) {
      sends.add(executor.submit(() -> deliver(claim)));
    }
    // Bounded: a send that hangs past its lease (an SMTP server without timeouts configured) must
    // not stall the dispatcher. It is fenced by its claim token and redelivered after the lease.
    long deadline = System.nanoTime() + settings.lease().toNanos();
    for (Future<?> send : sends) {
      try {
        send.get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
      } catch (ExecutionException e) {
        log.warn("Notification send task failed: {}", DeliveryResult.describe(e));
      } catch (TimeoutException e) {
        log.warn("A notification send is still running after its lease; moving on");
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        break;
      }
    }
    return batch.claims().size();
  }

  private void deliver(Claim claim) {
    trace.send(claim.notification(), claim.traceparent(), () -> attempt(claim));
  }

  private void attempt(Claim claim) {
    Notification n = claim.notification();
    DeliveryResult result;
    try {
      DeliveryChannel channel = channels.get(n.channel());
      result =
          channel == null
              ? DeliveryResult.rejected(null, "no channel for " + n.channel())
              : channel.send(n);
    } catch (RuntimeException e) {
      result = DeliveryResult.failed(null, DeliveryResult.describe(e));
    }
    record(claim, result);
  }

  private void record(Claim claim, DeliveryResult result) {
    Notification n = claim.notification();
    Status next;
    Duration ceiling = null;
    Duration delay = null;
    if (result.outcome() == Outcome.DELIVERED) {
      next = Status.DELIVERED;
    } else if (result.outcome() == Outcome.REJECTED || claim.attemptsSinceRetry() >= maxAttempts) {
      next = Status.GAVE_UP;
    } else {
      next = Status.FAILED;
      ceiling = backOff.ceiling(claim.attemptsSinceRetry());
      delay = backOff.delay(ceiling, ThreadLocalRandom.current());
      if (result.retryAfter() != null) {
        // Never sooner than the receiver asked nor than our own back-off, and never later than
        // the longest pause the back-off itself would make: a receiver cannot park a notification.
        delay = max(delay, min(result.retryAfter(), backOff.maxDelay()));
      }
    }
    boolean current = deliveryLog.record(claim, result, next, delay, ceiling);
    if (!current) {
      log.warn(
          "Notification {} attempt {} finished ({}) after its lease had passed to another sender",
          n.id(),
          claim.attempt(),
          result.outcome());
    }
    if (result.outcome() != Outcome.DELIVERED) {
      metrics.failed(n);
    }
    if (!current) {
      return;
    }
    switch (next) {
      case DELIVERED -> {
        metrics.delivered(n);
        log.debug("Notification {} delivered on attempt {}", n.id(), claim.attempt());
      }
      case FAILED ->
          log.info(
              "Notification {} attempt {} failed ({}: {}); next in {} ms",
              n.id(),
              claim.attempt(),
              result.outcome(),
              result.error(),
              delay == null ? 0 : delay.toMillis());
      case GAVE_UP -> {
        metrics.gaveUp(n);
        log.warn(
            "Notification {} ({}, {}) gave up after attempt {}: {} {}",
            n.id(),
            n.channel(),
            n.topic(),
            claim.attempt(),
            result.outcome(),
            result.error());
      }
      default -> {}
    }
  }

  private static Duration min(Duration a, Duration b) {
    return a.compareTo(b) <= 0 ? a : b;
  }

  private static Duration max(Duration a, Duration b) {
    return a.compareTo(b) >= 0 ? a : b;
  }

  private static void awaitQuietly(ExecutorService executor, Duration timeout) {
    try {
      if (!executor.awaitTermination(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
        executor.shutdownNow();
      }
    } catch (InterruptedException e) {
      executor.shutdownNow();
      Thread.currentThread().interrupt();
    }
  }
}
