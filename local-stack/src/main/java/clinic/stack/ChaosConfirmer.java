package clinic.stack;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * A clinician confirming some of the run's referrals through the gateway, so that patient e-mails
 * and team notifications are sent while the faults happen. An intake handed to it is confirmed as
 * soon as its referral exists; a confirmation that fails (a fault) is tried again a moment later.
 */
final class ChaosConfirmer implements AutoCloseable {

  private static final HttpClient HTTP =
      HttpClient.newBuilder()
          .version(HttpClient.Version.HTTP_1_1)
          .connectTimeout(Duration.ofSeconds(2))
          .build();

  private final Wiring wiring;
  private final DemoTokens clinician;
  private final Set<UUID> waiting = ConcurrentHashMap.newKeySet();
  private final Set<UUID> confirmed = ConcurrentHashMap.newKeySet();
  private final ScheduledExecutorService worker =
      Executors.newSingleThreadScheduledExecutor(r -> new Thread(r, "chaos-confirmer"));

  ChaosConfirmer(Wiring wiring, DemoTokens clinician) {
    this.wiring = wiring;
    this.clinician = clinician;
    worker.scheduleWithFixedDelay(this::confirmWaiting, 1, 1, TimeUnit.SECONDS);
  }

  /** The intake's referral is to be confirmed once it exists. */
  void confirmReferralOf(UUID intakeId) {
    waiting.add(intakeId);
  }

  boolean done() {
    return waiting.isEmpty();
  }

  /** The referrals confirmed (by this run: a referral no longer proposed counts as confirmed). */
  Set<UUID> confirmed() {
    return Set.copyOf(confirmed);
  }

  private void confirmWaiting() {
    if (waiting.isEmpty()) {
      return;
    }
    try (Connection triage =
        DriverManager.getConnection(
            wiring.postgres().jdbcUrl("triage"), Postgres.USER, Postgres.PASSWORD)) {
      for (UUID intakeId : Set.copyOf(waiting)) {
        confirm(triage, intakeId);
      }
    } catch (SQLException e) {
      // PostgreSQL is down (a fault): the next round tries again.
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (Exception e) {
      // The gateway or triage-service is down (a fault): the next round tries again.
    }
  }

  private void confirm(Connection triage, UUID intakeId) throws Exception {
    try (PreparedStatement query =
        triage.prepareStatement(
            "select referral_id, status, version from referral where intake_id = ?")) {
      query.setObject(1, intakeId);
      try (ResultSet row = query.executeQuery()) {
        if (!row.next()) {
          return; // Not triaged yet.
        }
        UUID referralId = row.getObject(1, UUID.class);
        if (!"PROPOSED".equals(row.getString(2))) {
          // Confirmed by an earlier round whose answer was lost to a fault.
          confirmed.add(referralId);
          waiting.remove(intakeId);
          return;
        }
        URI uri = wiring.publicUrl().resolve("/api/referrals/" + referralId + "/confirm");
        HttpResponse<Void> response =
            HTTP.send(
                HttpRequest.newBuilder(uri)
                    .timeout(Duration.ofSeconds(10))
                    .header("Authorization", clinician.bearer())
                    .header("Content-Type", "application/json")
                    .POST(
                        HttpRequest.BodyPublishers.ofString("{\"version\": " + row.getInt(3) + "}"))
                    .build(),
                HttpResponse.BodyHandlers.discarding());
        if (response.statusCode() == 200) {
          confirmed.add(referralId);
          waiting.remove(intakeId);
        }
      }
    }
  }

  @Override
  public void close() throws InterruptedException {
    worker.shutdownNow();
    worker.awaitTermination(15, TimeUnit.SECONDS);
  }
}
