package clinic.load;

import static io.gatling.javaapi.core.CoreDsl.StringBody;
import static io.gatling.javaapi.core.CoreDsl.constantUsersPerSec;
import static io.gatling.javaapi.core.CoreDsl.incrementUsersPerSec;
import static io.gatling.javaapi.core.CoreDsl.responseTimeInMillis;
import static io.gatling.javaapi.core.CoreDsl.scenario;
import static io.gatling.javaapi.http.HttpDsl.http;
import static io.gatling.javaapi.http.HttpDsl.status;

import io.gatling.javaapi.core.OpenInjectionStep;
import io.gatling.javaapi.core.ScenarioBuilder;
import io.gatling.javaapi.core.Simulation;
import io.gatling.javaapi.http.HttpProtocolBuilder;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.sql.Connection;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.UUID;
import java.util.concurrent.ConcurrentLinkedQueue;

/**
 * Front-desk submissions at an open arrival rate (each virtual user submits one intake, as kiosks
 * and API clients do, over a shared connection pool): {@code constant} for a fixed time, or {@code
 * ramp}, rising steps to find the highest rate the pipeline keeps up with. Before: a front-desk
 * token and the backlog sampler. After: waits for the pipeline to drain, reads the end-to-end
 * latency the services recorded, and writes the report (see {@link Report}).
 */
public class IntakeSimulation extends Simulation {

  private final LoadSettings settings = LoadSettings.fromSystemProperties();
  private final Queue<Report.Accepted> accepted = new ConcurrentLinkedQueue<>();
  private final String body;
  private AccessToken token;
  private Backlog backlog;
  private Instant start;
  private String loadBefore;

  public IntakeSimulation() {
    try {
      body = Files.readString(settings.body());
    } catch (IOException e) {
      throw new UncheckedIOException("The intake body " + settings.body().toAbsolutePath(), e);
    }
    HttpProtocolBuilder protocol =
        http.baseUrl(settings.intakeUrl())
            .contentTypeHeader("application/json")
            .acceptHeader("application/json")
            .shareConnections()
            .disableWarmUp();
    ScenarioBuilder submit =
        scenario("submit an intake")
            .exec(
                http("POST /api/intakes")
                    .post("/api/intakes")
                    .header("Authorization", session -> token.bearer())
                    .header("Idempotency-Key", session -> UUID.randomUUID().toString())
                    .body(StringBody(body))
                    .check(status().saveAs("status"))
                    .check(responseTimeInMillis().saveAs("millis"))
                    .check(status().is(201)))
            .exec(
                session -> {
                  if (session.contains("status")) {
                    accepted.add(
                        new Report.Accepted(
                            Instant.now(),
                            session.contains("millis") ? session.getInt("millis") : Double.NaN,
                            session.getInt("status")));
                  }
                  return session;
                });
    setUp(submit.injectOpen(injection())).protocols(protocol);
  }

  private OpenInjectionStep injection() {
    if (settings.profile().equals("ramp")) {
      return incrementUsersPerSec(settings.step())
          .times(settings.steps())
          .eachLevelLasting(settings.stepDuration())
          .startingFrom(settings.rate());
    }
    return constantUsersPerSec(settings.rate()).during(settings.duration());
  }

  @Override
  public void before() {
    System.out.println("[load] " + settings.describe() + " against " + settings.intakeUrl());
    loadBefore = Report.loadAverage();
    token = new AccessToken(settings);
    try {
      backlog = new Backlog(settings);
    } catch (java.sql.SQLException e) {
      throw new IllegalStateException("Cannot read the stack's databases: " + e.getMessage(), e);
    }
    start = Instant.now();
    backlog.start();
  }

  @Override
  public void after() {
    Instant arrivalsEnded = Instant.now();
    try (Connection intake = backlog.connect("intake")) {
      System.out.println("[load] arrivals done; waiting for the pipeline to drain ...");
      List<EndToEnd.Intake> intakes = EndToEnd.drained(intake, start, settings.drainTimeout());
      // A few more seconds of backlog after the last completion, to see it back at zero.
      Thread.sleep(3000);
      String loadAfter = Report.loadAverage();
      Map<String, Percentiles> hops;
      try (Connection triage = backlog.connect("triage");
          Connection content = backlog.connect("content")) {
        hops = Hops.of(intake, triage, content, start);
      }
      backlog.close();
      backlog.write(settings.output().resolve("backlog.csv"));
      var report =
          new Report(
              settings,
              start,
              arrivalsEnded,
              List.copyOf(accepted),
              intakes,
              backlog.samples(),
              loadBefore,
              loadAfter,
              hops);
      report.write(settings.output());
      System.out.println(Files.readString(settings.output().resolve("summary.md")));
    } catch (Exception e) {
      throw new IllegalStateException("The load report failed: " + e, e);
    } finally {
      token.close();
    }
  }
}
