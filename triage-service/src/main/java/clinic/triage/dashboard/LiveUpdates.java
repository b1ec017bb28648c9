package clinic.triage.dashboard;

import java.io.IOException;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.event.ContextClosedEvent;
import org.springframework.context.event.EventListener;
import org.springframework.http.MediaType;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter.SseEventBuilder;

/**
 * Server-sent events for open dashboard pages: a {@code referral} event, carrying only the
 * referral's id and version, each time a referral is created or changed on any instance (see {@link
 * ReferralSignals}). The page then fetches what it shows from the server, so filters and order stay
 * the server's. Best effort by design: a page that was disconnected refetches when it reconnects,
 * so nothing here needs the outbox.
 */
@Component
class LiveUpdates {

  private static final Logger log = LoggerFactory.getLogger(LiveUpdates.class);

  /** The browser reconnects by itself when a stream ends; a bounded one frees stale requests. */
  private static final Duration STREAM_TIMEOUT = Duration.ofMinutes(30);

  private static final Duration RECONNECT_AFTER = Duration.ofSeconds(2);

  private final Set<SseEmitter> emitters = ConcurrentHashMap.newKeySet();

  /** One thread sends, so events reach each page in commit order and never block a commit. */
  private final ExecutorService sender =
      Executors.newSingleThreadExecutor(
          Thread.ofPlatform().name("dashboard-live").daemon().factory());

  SseEmitter subscribe() {
    SseEmitter emitter = new SseEmitter(STREAM_TIMEOUT.toMillis());
    emitter.onCompletion(() -> emitters.remove(emitter));
    emitter.onTimeout(
        () -> {
          emitters.remove(emitter);
          emitter.complete();
        });
    emitter.onError(e -> emitters.remove(emitter));
    try {
      // Sent at once so the browser sees the stream open (the page shows it is live).
      emitter.send(
          SseEmitter.event().reconnectTime(RECONNECT_AFTER.toMillis()).comment("connected"));
    } catch (IOException e) {
      emitter.completeWithError(e);
      return emitter;
    }
    emitters.add(emitter);
    return emitter;
  }

  /**
   * A referral changed, on this instance or another ({@link ReferralSignals} hears it once it is
   * committed): {@code referralId/version}.
   */
  void announce(String notice) {
    int slash = notice.indexOf('/');
    if (slash < 0) {
      return;
    }
    String referralId = notice.substring(0, slash);
    String version = notice.substring(slash + 1);
    if (!referralId.matches("[0-9a-f-]{36}") || !version.matches("\\d{1,9}")) {
      return;
    }
    String data = "{\"referralId\":\"" + referralId + "\",\"version\":" + version + "}";
    sendAll(
        () ->
            SseEmitter.event()
                .name("referral")
                .id(referralId + "/" + version)
                .data(data, MediaType.APPLICATION_JSON));
  }

  /** Changes may have been missed (the notices were not heard for a while): pages refetch. */
  void resync() {
    sendAll(() -> SseEmitter.event().name("resync").data("{}", MediaType.APPLICATION_JSON));
  }

  /** Keeps proxies from closing an idle stream and finds pages that went away. */
  @Scheduled(fixedDelayString = "PT20S", initialDelayString = "PT20S")
  void keepAlive() {
    sendAll(() -> SseEmitter.event().comment("keep-alive"));
  }

  /** Ends every stream first, so a graceful shutdown does not wait for open pages. */
  @EventListener(ContextClosedEvent.class)
  void closeAll() {
    sender.shutdown();
    emitters.forEach(SseEmitter::complete);
    emitters.clear();
  }

  /** A new builder per page: a builder is spent once it is sent. */
  private void sendAll(Supplier<SseEventBuilder> event) {
    try {
      sender.execute(
          () -> {
            for (SseEmitter emitter : emitters) {
              try {
                emitter.send(event.get());
              } catch (IOException | IllegalStateException e) {
                // The page went away; its request ends through onError or onCompletion.
                emitters.remove(emitter);
                log.debug("Live page dropped: {}", e.getClass().getSimpleName());
              }
            }
          });
    } catch (RejectedExecutionException e) {
      // Shutting down: the pages reconnect to the next instance and refetch.
    }
  }
}
