package clinic.notifications;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

@SpringBootTest(
    classes = TestApplication.class,
    properties = {
      // One send at a time, so the number of calls that reach the receiver is exact.
      "clinic.notifications.dispatcher.batch-size=1",
      "clinic.notifications.dispatcher.interval=50ms",
      // Timeouts long enough that every attempt reaches the receiver on a loaded machine (a
      // timed-out attempt counts as a failure without reaching it); the lease must be twice them.
      "clinic.notifications.dispatcher.lease=6s",
      "clinic.notifications.retry.max-attempts=100",
      "clinic.notifications.retry.initial-delay=50ms",
      "clinic.notifications.retry.max-delay=200ms",
      "clinic.notifications.http.connect-timeout=1s",
      "clinic.notifications.http.request-timeout=2s",
      "clinic.notifications.circuit-breaker.sliding-window-size=4",
      "clinic.notifications.circuit-breaker.minimum-number-of-calls=4",
      "clinic.notifications.circuit-breaker.failure-rate-threshold=50",
      "clinic.notifications.circuit-breaker.wait-in-open-state=3s",
      "clinic.notifications.circuit-breaker.permitted-calls-in-half-open-state=2",
    })
@DirtiesContext
class CircuitBreakerTest {

  static final Receiver receiver = Receiver.start();
  static final String TARGET = "surgical-clinic";
  static final String PATH = "/surgical-clinic";

  @DynamicPropertySource
  static void webhookTarget(DynamicPropertyRegistry registry) {
    registry.add("clinic.notifications.webhooks." + TARGET + ".url", () -> receiver.url(PATH));
    registry.add("clinic.notifications.webhooks." + TARGET + ".secret", () -> "s3cret");
  }

  @AfterAll
  static void stopReceiver() {
    receiver.close();
  }

  @Autowired Notifications notifications;
  @Autowired CircuitBreakerRegistry circuitBreakers;

  @Test
  void circuitOpensAfterRepeatedFailuresFailsFastThenClosesWhenTheReceiverRecovers() {
    List<CircuitBreaker.StateTransition> transitions = new CopyOnWriteArrayList<>();
    String circuitId = WebhookChannel.circuitId(TARGET);
    circuitBreakers
        .getEventPublisher()
        .onEntryAdded(
            added -> {
              if (added.getAddedEntry().getName().equals(circuitId)) {
                added
                    .getAddedEntry()
                    .getEventPublisher()
                    .onStateTransition(t -> transitions.add(t.getStateTransition()));
              }
            });
    receiver.script(PATH, 503);

    List<Notification> sent = new ArrayList<>();
    for (int i = 0; i < 6; i++) {
      Notification n =
          Notification.webhook(
              "event-" + i,
              "referral-to-team",
              "referral-cb-" + i,
              TARGET,
              "{\"referralId\":\"referral-cb-" + i + "\",\"urgency\":\"URGENT\"}");
      notifications.enqueue(n);
      sent.add(n);
    }

    await()
        .atMost(Duration.ofSeconds(10))
        .until(() -> state(circuitId) == CircuitBreaker.State.OPEN);
    // Four failures in a window of four: the circuit opened, and nothing more reached the receiver
    // while later attempts were rejected on the spot.
    assertThat(receiver.requests(PATH)).hasSize(4);
    await()
        .atMost(Duration.ofSeconds(2))
        .until(() -> attemptsWith(sent, Outcome.CIRCUIT_OPEN) >= 3);
    assertThat(receiver.requests(PATH)).hasSize(4);
    assertThat(state(circuitId)).isEqualTo(CircuitBreaker.State.OPEN);
    // The first one failed at the receiver and is not delivered; it may be claimed for its next
    // attempt at this very moment, so its status is FAILED or SENDING.
    assertThat(attemptsWith(List.of(sent.getFirst()), Outcome.FAILED)).isPositive();
    assertThat(notifications.find(sent.getFirst().id()).orElseThrow().status())
        .isIn(Status.FAILED, Status.SENDING);

    receiver.script(PATH, 200);

    await()
        .atMost(Duration.ofSeconds(20))
        .until(
            () ->
                sent.stream()
                    .allMatch(
                        n ->
                            notifications.find(n.id()).orElseThrow().status() == Status.DELIVERED));
    assertThat(state(circuitId)).isEqualTo(CircuitBreaker.State.CLOSED);
    assertThat(transitions)
        .startsWith(CircuitBreaker.StateTransition.CLOSED_TO_OPEN)
        .contains(CircuitBreaker.StateTransition.OPEN_TO_HALF_OPEN)
        .endsWith(CircuitBreaker.StateTransition.HALF_OPEN_TO_CLOSED);
    assertThat(receiver.successes(PATH))
        .extracting(r -> r.header("Idempotency-Key"))
        .containsExactlyInAnyOrderElementsOf(sent.stream().map(n -> n.id().toString()).toList());
  }

  CircuitBreaker.State state(String circuitId) {
    return circuitBreakers.find(circuitId).map(CircuitBreaker::getState).orElse(null);
  }

  long attemptsWith(List<Notification> notificationsSent, Outcome outcome) {
    return notificationsSent.stream()
        .flatMap(n -> notifications.find(n.id()).orElseThrow().attemptLog().stream())
        .filter(a -> a.outcome() == outcome)
        .count();
  }
}
