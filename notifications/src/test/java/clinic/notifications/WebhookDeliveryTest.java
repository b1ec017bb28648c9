package clinic.notifications;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.observation.ObservationRegistry;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.transaction.support.TransactionTemplate;

@SpringBootTest(
    classes = TestApplication.class,
    properties = {
      "clinic.notifications.dispatcher.interval=50ms",
      "clinic.notifications.dispatcher.lease=1500ms",
      "clinic.notifications.retry.max-attempts=4",
      "clinic.notifications.retry.initial-delay=100ms",
      "clinic.notifications.retry.multiplier=3",
      "clinic.notifications.retry.max-delay=2s",
      "clinic.notifications.http.connect-timeout=200ms",
      "clinic.notifications.http.request-timeout=500ms",
      // The circuit breaker has its own test; here it must never open.
      "clinic.notifications.circuit-breaker.sliding-window-size=1000",
      "clinic.notifications.circuit-breaker.minimum-number-of-calls=1000",
    })
@DirtiesContext
class WebhookDeliveryTest {

  static final Receiver receiver = Receiver.start();
  static final List<String> TARGETS =
      List.of(
          "physical-therapy",
          "pharmacy",
          "surgical-clinic",
          "steady",
          "crash",
          "crash-after-send",
          "burst",
          "slow",
          "announced",
          "refusing",
          "busy",
          "busy-until",
          "busy-since-long-ago",
          "busy-for-a-year",
          "busy-garbled");

  @DynamicPropertySource
  static void webhookTargets(DynamicPropertyRegistry registry) {
    for (String target : TARGETS) {
      registry.add(
          "clinic.notifications.webhooks." + target + ".url", () -> receiver.url("/" + target));
      registry.add("clinic.notifications.webhooks." + target + ".secret", () -> secret(target));
    }
  }

  static String secret(String target) {
    return "test-secret-for-" + target;
  }

  @AfterAll
  static void stopReceiver() {
    receiver.close();
  }

  @Autowired Notifications notifications;
  @Autowired DeliveryLog deliveryLog;
  @Autowired WebhookChannel webhookChannel;
  @Autowired NotificationMetrics metrics;
  @Autowired MeterRegistry meters;
  @Autowired TransactionTemplate transactions;
  @Autowired NotificationsProperties properties;
  @Autowired Announcements announcements;

  static Notification referralTo(String target, String referral) {
    String payload =
        """
        {"referralId":"%s","route":"PHYSICAL_THERAPY","urgency":"ROUTINE","reasons":["Dolor lumbar"]}"""
            .formatted(referral);
    return Notification.webhook("event-" + referral, "referral-to-team", referral, target, payload);
  }

  Delivery awaitStatus(UUID id, Status status) {
    return await()
        .atMost(Duration.ofSeconds(15))
        .until(() -> notifications.find(id).orElseThrow(), d -> d.status() == status);
  }

  @Test
  void receiverFailingTwiceGetsExactlyOneSignedDeliveryAfterGrowingBackOff() {
    receiver.script("/physical-therapy", 200, 503, 503);
    Notification notification = referralTo("physical-therapy", "referral-flaky");

    assertThat(notifications.enqueue(notification)).isTrue();
    Delivery delivery = awaitStatus(notification.id(), Status.DELIVERED);

    List<Receiver.Request> requests = receiver.requests("/physical-therapy");
    assertThat(requests).extracting(Receiver.Request::status).containsExactly(503, 503, 200);
    assertThat(receiver.successes("/physical-therapy")).hasSize(1);
    for (Receiver.Request request : requests) {
      assertThat(request.header("Idempotency-Key")).isEqualTo(notification.id().toString());
      assertThat(request.body()).isEqualTo(notification.payload());
      assertThat(request.header("Content-Type")).startsWith("application/json");
      assertThat(
              WebhookSignature.verify(
                  secret("physical-therapy"),
                  request.header("X-Clinic-Timestamp"),
                  request.body(),
                  request.header("X-Clinic-Signature")))
          .isTrue();
      assertThat(
              WebhookSignature.verify(
                  "some-other-secret",
                  request.header("X-Clinic-Timestamp"),
                  request.body(),
                  request.header("X-Clinic-Signature")))
          .isFalse();
    }

    List<Delivery.Attempt> attempts = delivery.attemptLog();
    assertThat(delivery.attempts()).isEqualTo(3);
    assertThat(attempts)
        .extracting(Delivery.Attempt::outcome)
        .containsExactly(Outcome.FAILED, Outcome.FAILED, Outcome.DELIVERED);
    assertThat(attempts).extracting(Delivery.Attempt::statusCode).containsExactly(503, 503, 200);
    // Exponential ceilings (100 ms, then x3), each delay drawn under its ceiling (full jitter),
    // and no attempt started before the time its predecessor scheduled.
    assertThat(attempts.get(0).backOffCeiling()).isEqualTo(Duration.ofMillis(100));
    assertThat(attempts.get(1).backOffCeiling()).isEqualTo(Duration.ofMillis(300));
    for (int i = 0; i < 2; i++) {
      Delivery.Attempt failed = attempts.get(i);
      Duration delay = Duration.between(failed.finishedAt(), failed.nextAttemptAt());
      assertThat(delay).isBetween(Duration.ZERO, failed.backOffCeiling());
      assertThat(attempts.get(i + 1).startedAt()).isAfterOrEqualTo(failed.nextAttemptAt());
    }
    assertThat(attempts.get(2).nextAttemptAt()).isNull();
    assertThat(delivery.deliveredAt()).isNotNull();
    assertThat(delivery.lastError()).isNull();
    assertThat(notifications.forReference("referral-flaky"))
        .extracting(Delivery::id)
        .containsExactly(notification.id());
  }

  @Test
  void retryAfterSecondsHoldsTheNextAttemptBackThatLongAfterAShorterBackOff() {
    receiver.script("/busy", 200, 503);
    receiver.retryAfterNext("/busy", "2");
    Notification notification = referralTo("busy", "referral-busy");

    notifications.enqueue(notification);
    Delivery delivery = awaitStatus(notification.id(), Status.DELIVERED);

    Delivery.Attempt busy = delivery.attemptLog().getFirst();
    assertThat(busy.statusCode()).isEqualTo(503);
    assertThat(busy.error()).isEqualTo("HTTP 503, Retry-After 2s");
    // The back-off alone would have waited at most 100 ms.
    assertThat(busy.backOffCeiling()).isEqualTo(Duration.ofMillis(100));
    assertThat(delay(busy)).isEqualTo(Duration.ofSeconds(2));
    assertThat(delivery.attemptLog().get(1).startedAt()).isAfterOrEqualTo(busy.nextAttemptAt());
    List<Receiver.Request> requests = receiver.requests("/busy");
    assertThat(requests).extracting(Receiver.Request::status).containsExactly(503, 200);
    assertThat(Duration.between(requests.get(0).at(), requests.get(1).at()))
        .isGreaterThanOrEqualTo(Duration.ofSeconds(2));
  }

  @Test
  void retryAfterHttpDateHoldsTheNextAttemptBackUntilThen() {
    Instant until = Instant.now().plusSeconds(2).truncatedTo(ChronoUnit.SECONDS);
    receiver.script("/busy-until", 200, 429);
    receiver.retryAfterNext(
        "/busy-until", DateTimeFormatter.RFC_1123_DATE_TIME.format(until.atZone(ZoneOffset.UTC)));
    Notification notification = referralTo("busy-until", "referral-busy-until");

    notifications.enqueue(notification);
    Delivery delivery = awaitStatus(notification.id(), Status.DELIVERED);

    Delivery.Attempt busy = delivery.attemptLog().getFirst();
    assertThat(busy.statusCode()).isEqualTo(429);
    assertThat(busy.nextAttemptAt()).isAfterOrEqualTo(until);
    assertThat(receiver.requests("/busy-until"))
        .extracting(Receiver.Request::status)
        .containsExactly(429, 200);
    assertThat(receiver.requests("/busy-until").get(1).at()).isAfterOrEqualTo(until);
  }

  @Test
  void retryAfterInThePastOrUnreadableLeavesTheBackOffAlone() {
    receiver.script("/busy-since-long-ago", 200, 503);
    receiver.retryAfterNext("/busy-since-long-ago", "Sun, 06 Nov 1994 08:49:37 GMT");
    receiver.script("/busy-garbled", 200, 503);
    receiver.retryAfterNext("/busy-garbled", "in a little while");
    Notification past = referralTo("busy-since-long-ago", "referral-busy-past");
    Notification garbled = referralTo("busy-garbled", "referral-busy-garbled");

    notifications.enqueue(past);
    notifications.enqueue(garbled);
    Delivery pastDelivery = awaitStatus(past.id(), Status.DELIVERED);
    Delivery garbledDelivery = awaitStatus(garbled.id(), Status.DELIVERED);

    Delivery.Attempt sincePast = pastDelivery.attemptLog().getFirst();
    assertThat(sincePast.error()).isEqualTo("HTTP 503, Retry-After 0s");
    assertThat(delay(sincePast)).isBetween(Duration.ZERO, sincePast.backOffCeiling());
    Delivery.Attempt unreadable = garbledDelivery.attemptLog().getFirst();
    assertThat(unreadable.error()).isEqualTo("HTTP 503");
    assertThat(delay(unreadable)).isBetween(Duration.ZERO, unreadable.backOffCeiling());
  }

  @Test
  void retryAfterLongerThanTheMaxDelayIsCappedAtIt() {
    receiver.script("/busy-for-a-year", 200, 429);
    receiver.retryAfterNext("/busy-for-a-year", "31536000");
    Notification notification = referralTo("busy-for-a-year", "referral-busy-for-a-year");

    notifications.enqueue(notification);
    Delivery delivery = awaitStatus(notification.id(), Status.DELIVERED);

    Delivery.Attempt busy = delivery.attemptLog().getFirst();
    assertThat(busy.error()).isEqualTo("HTTP 429, Retry-After 31536000s");
    assertThat(delay(busy))
        .isEqualTo(properties.retry().maxDelay())
        .isEqualTo(Duration.ofSeconds(2));
    assertThat(delivery.attemptLog().get(1).startedAt()).isAfterOrEqualTo(busy.nextAttemptAt());
  }

  /** How long after a failed attempt its successor was scheduled. */
  static Duration delay(Delivery.Attempt failed) {
    return Duration.between(failed.finishedAt(), failed.nextAttemptAt());
  }

  @Test
  void receiverSlowerThanTheRequestTimeoutIsRetried() {
    receiver.script("/slow", 200);
    receiver.delayNext("/slow", Duration.ofSeconds(2));
    Notification notification = referralTo("slow", "referral-slow");

    notifications.enqueue(notification);
    Delivery delivery = awaitStatus(notification.id(), Status.DELIVERED);

    Delivery.Attempt timedOut = delivery.attemptLog().getFirst();
    assertThat(timedOut.outcome()).isEqualTo(Outcome.FAILED);
    assertThat(timedOut.error()).contains("Timeout");
    // Given up after the 500 ms request timeout, long before the receiver's 2 s.
    assertThat(Duration.between(timedOut.startedAt(), timedOut.finishedAt()))
        .isLessThan(Duration.ofMillis(1500));
    assertThat(delivery.attemptLog().getLast().outcome()).isEqualTo(Outcome.DELIVERED);
  }

  @Test
  void clientErrorGivesUpAtOnce() {
    receiver.script("/pharmacy", 400);
    Notification notification = referralTo("pharmacy", "referral-rejected");
    double gaveUpBefore = count("clinic.notifications.gave.up");

    notifications.enqueue(notification);
    Delivery delivery = awaitStatus(notification.id(), Status.GAVE_UP);

    assertThat(receiver.requests("/pharmacy")).hasSize(1);
    assertThat(delivery.attemptLog())
        .singleElement()
        .satisfies(
            a -> {
              assertThat(a.outcome()).isEqualTo(Outcome.REJECTED);
              assertThat(a.statusCode()).isEqualTo(400);
              assertThat(a.nextAttemptAt()).isNull();
            });
    assertThat(delivery.lastError()).isEqualTo("HTTP 400");
    assertThat(count("clinic.notifications.gave.up")).isEqualTo(gaveUpBefore + 1);
  }

  @Test
  void exhaustedRetriesGiveUpRaiseTheMetricsAndAManualRetryDelivers() {
    receiver.script("/surgical-clinic", 503);
    Notification notification = referralTo("surgical-clinic", "referral-unreachable");
    double undeliverableBefore = undeliverable();
    double failedBefore = count("clinic.notifications.failed");
    double gaveUpBefore = count("clinic.notifications.gave.up");

    notifications.enqueue(notification);
    Delivery gaveUp = awaitStatus(notification.id(), Status.GAVE_UP);

    assertThat(receiver.requests("/surgical-clinic")).hasSize(4);
    assertThat(gaveUp.attemptLog())
        .extracting(Delivery.Attempt::outcome)
        .containsOnly(Outcome.FAILED)
        .hasSize(4);
    assertThat(gaveUp.lastError()).isEqualTo("HTTP 503");
    assertThat(gaveUp.retryable()).isTrue();
    assertThat(undeliverable()).isEqualTo(undeliverableBefore + 1);
    assertThat(notifications.countUndeliverable()).isEqualTo((long) undeliverable());
    assertThat(notifications.undeliverable(100))
        .extracting(Delivery::id)
        .contains(notification.id());
    assertThat(count("clinic.notifications.gave.up")).isEqualTo(gaveUpBefore + 1);
    assertThat(count("clinic.notifications.failed")).isEqualTo(failedBefore + 4);

    receiver.script("/surgical-clinic", 200);
    assertThat(notifications.retry(notification.id(), "dr.ruiz")).isTrue();
    Delivery delivered = awaitStatus(notification.id(), Status.DELIVERED);

    assertThat(delivered.attempts()).isEqualTo(5);
    assertThat(delivered.retries())
        .singleElement()
        .satisfies(
            r -> {
              assertThat(r.requestedBy()).isEqualTo("dr.ruiz");
              assertThat(r.statusBefore()).isEqualTo(Status.GAVE_UP);
              assertThat(r.attemptsBefore()).isEqualTo(4);
            });
    assertThat(receiver.successes("/surgical-clinic")).hasSize(1);
    assertThat(undeliverable()).isEqualTo(undeliverableBefore);
    assertThat(notifications.undeliverable(100))
        .extracting(Delivery::id)
        .doesNotContain(notification.id());
    assertThat(notifications.retry(notification.id(), "dr.ruiz")).isFalse();
  }

  @Test
  void deliveryAndGiveUpAreAnnouncedOnceEachAfterTheirRecordCommits() {
    receiver.script("/announced", 200, 503);
    receiver.script("/refusing", 410);
    Notification delivered = referralTo("announced", "referral-announced");
    Notification refused = referralTo("refusing", "referral-refused");

    enqueueInTransaction(delivered);
    enqueueInTransaction(refused);
    awaitStatus(delivered.id(), Status.DELIVERED);
    awaitStatus(refused.id(), Status.GAVE_UP);

    // The failed first attempt is not announced; the delivery on the second is, once.
    await()
        .atMost(Duration.ofSeconds(5))
        .until(() -> !announcements.about(delivered.id()).isEmpty());
    assertThat(announcements.about(delivered.id()))
        .containsExactly(
            new NotificationDelivered(
                delivered.id(), Channel.WEBHOOK, "referral-to-team", "referral-announced", 2));
    await().atMost(Duration.ofSeconds(5)).until(() -> !announcements.about(refused.id()).isEmpty());
    assertThat(announcements.about(refused.id()))
        .containsExactly(
            new NotificationGaveUp(
                refused.id(),
                Channel.WEBHOOK,
                "referral-to-team",
                "referral-refused",
                1,
                "HTTP 410"));

    // A person retries the undeliverable one: its delivery is announced like any other.
    receiver.script("/refusing", 200);
    assertThat(notifications.retry(refused.id(), "dr.ruiz")).isTrue();
    await()
        .atMost(Duration.ofSeconds(5))
        .until(() -> announcements.about(refused.id()).size() == 2);
    assertThat(announcements.about(refused.id()).getLast())
        .isEqualTo(
            new NotificationDelivered(
                refused.id(), Channel.WEBHOOK, "referral-to-team", "referral-refused", 2));
  }

  @Test
  void redeliveredEventEnqueuesOneNotificationAndDeliversItOnce() {
    receiver.script("/steady", 200);
    Notification first = referralTo("steady", "referral-redelivered");
    Notification redelivered = referralTo("steady", "referral-redelivered");
    assertThat(redelivered.id()).isEqualTo(first.id());

    assertThat(enqueueInTransaction(first)).isTrue();
    assertThat(enqueueInTransaction(redelivered)).isFalse();
    awaitStatus(first.id(), Status.DELIVERED);
    // A copy of the event that comes after delivery changes nothing either.
    assertThat(enqueueInTransaction(redelivered)).isFalse();

    await()
        .during(Duration.ofMillis(500))
        .atMost(Duration.ofSeconds(2))
        .until(() -> receiver.requests("/steady").size() == 1);
    assertThat(notifications.forReference("referral-redelivered")).hasSize(1);
  }

  @Test
  void rolledBackCauseLeavesNothingToSend() {
    Notification notification = referralTo("steady", "referral-rolled-back");

    transactions.executeWithoutResult(
        tx -> {
          assertThat(notifications.enqueue(notification)).isTrue();
          tx.setRollbackOnly();
        });

    await()
        .during(Duration.ofMillis(300))
        .atMost(Duration.ofSeconds(1))
        .until(() -> notifications.find(notification.id()).isEmpty());
    assertThat(receiver.requests("/steady"))
        .noneMatch(r -> r.header("Idempotency-Key").equals(notification.id().toString()));
  }

  @Test
  void claimOfADeadDispatcherIsDeliveredByAnotherOnceItsLeaseExpires() {
    receiver.script("/crash", 200);
    Notification notification = referralTo("crash", "referral-crash");
    Duration lease = properties.dispatcher().lease();

    // The dying dispatcher enqueues and claims in one transaction, so the running one cannot
    // claim first; then it "dies": it never sends and never records an outcome.
    DeliveryLog.ClaimBatch dead =
        transactions.execute(
            tx -> {
              notifications.enqueue(notification);
              return deliveryLog.claim(10, lease, 4);
            });
    assertThat(dead.claims())
        .extracting(c -> c.notification().id())
        .containsExactly(notification.id());

    await()
        .during(lease.dividedBy(2))
        .atMost(lease)
        .until(() -> receiver.requests("/crash").isEmpty());
    Delivery delivery = awaitStatus(notification.id(), Status.DELIVERED);

    assertThat(receiver.requests("/crash")).hasSize(1);
    assertThat(delivery.attemptLog())
        .extracting(Delivery.Attempt::outcome)
        .containsExactly(Outcome.LEASE_EXPIRED, Outcome.DELIVERED);
    Delivery.Attempt lost = delivery.attemptLog().get(0);
    assertThat(delivery.attemptLog().get(1).startedAt())
        .isAfterOrEqualTo(lost.startedAt().plus(lease));
  }

  @Test
  void dispatcherDyingAfterSendingCausesOneCopyWithTheSameIdempotencyKey() {
    receiver.script("/crash-after-send", 200);
    Notification notification = referralTo("crash-after-send", "referral-crash-after-send");
    Duration lease = properties.dispatcher().lease();

    DeliveryLog.ClaimBatch dead =
        transactions.execute(
            tx -> {
              notifications.enqueue(notification);
              return deliveryLog.claim(10, lease, 4);
            });
    // It sends, then dies before recording the outcome.
    assertThat(webhookChannel.send(dead.claims().getFirst().notification()).outcome())
        .isEqualTo(Outcome.DELIVERED);

    Delivery delivery = awaitStatus(notification.id(), Status.DELIVERED);

    List<Receiver.Request> copies =
        receiver.requests("/crash-after-send").stream()
            .filter(r -> r.header("Idempotency-Key").equals(notification.id().toString()))
            .toList();
    assertThat(copies).hasSize(2);
    assertThat(delivery.attemptLog())
        .extracting(Delivery.Attempt::outcome)
        .containsExactly(Outcome.LEASE_EXPIRED, Outcome.DELIVERED);
  }

  @Test
  void twoDispatchersShareABurstAndDeliverEachNotificationOnce() throws Exception {
    receiver.script("/burst", 200);
    Dispatcher second =
        new Dispatcher(
            deliveryLog,
            List.of(webhookChannel),
            properties.dispatcher(),
            properties.retry(),
            metrics,
            new TraceContext(ObservationRegistry.NOOP));
    List<Notification> burst = new ArrayList<>();
    for (int i = 0; i < 40; i++) {
      burst.add(referralTo("burst", "referral-burst-" + i));
    }

    AtomicBoolean enqueued = new AtomicBoolean();
    CompletableFuture<Integer> secondDispatcher =
        CompletableFuture.supplyAsync(
            () -> {
              int sent = 0;
              while (!enqueued.get() || sent == 0) {
                sent += second.dispatchOnce();
              }
              for (int idle = 0; idle < 20; idle++) {
                sent += second.dispatchOnce();
              }
              return sent;
            });
    for (Notification n : burst) {
      transactions.execute(tx -> notifications.enqueue(n));
    }
    enqueued.set(true);

    await()
        .atMost(Duration.ofSeconds(20))
        .until(() -> receiver.successes("/burst").size() >= burst.size());
    int sentBySecond = secondDispatcher.get();

    Set<String> keys = new HashSet<>();
    for (Receiver.Request request : receiver.requests("/burst")) {
      assertThat(keys.add(request.header("Idempotency-Key")))
          .as("each notification reaches the receiver once")
          .isTrue();
    }
    assertThat(keys).hasSize(burst.size());
    assertThat(sentBySecond).isPositive().isLessThanOrEqualTo(burst.size());
    for (Notification n : burst) {
      assertThat(notifications.find(n.id()).orElseThrow().status()).isEqualTo(Status.DELIVERED);
    }
  }

  boolean enqueueInTransaction(Notification notification) {
    Boolean created = transactions.execute(tx -> notifications.enqueue(notification));
    return Boolean.TRUE.equals(created);
  }

  double count(String name) {
    return meters.find(name).counters().stream().mapToDouble(c -> c.count()).sum();
  }

  double undeliverable() {
    return meters.get("clinic.notifications.undeliverable").gauge().value();
  }
}
