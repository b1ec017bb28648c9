package clinic.stack;

import java.io.PrintStream;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/**
 * The chaos run: a constant arrival rate of intakes through the gateway while, in turn, every
 * instance of each service is killed (SIGKILL), the Kafka broker is killed and started again, and
 * PostgreSQL crashes and starts again, each only once the system recovered from the one before;
 * then it waits for the pipeline to drain and checks from the databases that nothing accepted was
 * lost or duplicated ({@link ChaosChecks}).
 */
final class Chaos {

  /** What happens to the stack. */
  sealed interface Fault {
    String describe();
  }

  /** SIGKILL of every instance of {@code service}, one after the other. */
  record Kill(ClinicService service) implements Fault {
    @Override
    public String describe() {
      return "SIGKILL " + service.module();
    }
  }

  record BrokerRestart() implements Fault {
    @Override
    public String describe() {
      return "Kafka broker killed and started again";
    }
  }

  record PostgresRestart() implements Fault {
    @Override
    public String describe() {
      return "PostgreSQL crashed (immediate stop) and started again";
    }
  }

  /**
   * @param rate intakes a second
   * @param duration how long intakes arrive
   * @param faults in order, spread evenly over the duration
   * @param down how long the broker and PostgreSQL stay down
   * @param confirmEvery every how many accepted intakes a clinician confirms the referral (0: none)
   * @param recoveryTimeout how long to wait for the system to recover from one fault
   * @param drainTimeout how long to wait, after the load, for the pipeline to finish
   */
  record Plan(
      double rate,
      Duration duration,
      List<Fault> faults,
      Duration down,
      int confirmEvery,
      Duration recoveryTimeout,
      Duration drainTimeout) {

    /** Every service instance (the gateway included), then the broker, then PostgreSQL. */
    static final List<Fault> ALL =
        List.of(
            new Kill(ClinicService.INTAKE),
            new Kill(ClinicService.TRIAGE),
            new Kill(ClinicService.CONTENT),
            new Kill(ClinicService.GATEWAY),
            new BrokerRestart(),
            new PostgresRestart());
  }

  /**
   * One fault as it happened, times from the start of the load.
   *
   * @param backAt when the killed instance was ready again (a new process), or the broker or
   *     PostgreSQL answered again; null if not within the recovery timeout
   * @param firstAcceptedAt the first 201 to a request sent after the fault
   * @param pipelineAt when an intake submitted after the fault first reached its education packet
   * @param noIntakeServiceLeft whether the fault left no instance to take intakes (the only
   *     intake-service or gateway): requests failing meanwhile are expected
   */
  record Injected(
      String what,
      Instant at,
      Instant backAt,
      Instant firstAcceptedAt,
      Instant pipelineAt,
      boolean noIntakeServiceLeft,
      boolean databaseDown) {

    /** The longer of the two recoveries, or null if either never came. */
    Duration recovery() {
      if (firstAcceptedAt == null || pipelineAt == null) {
        return null;
      }
      Instant last = firstAcceptedAt.isAfter(pipelineAt) ? firstAcceptedAt : pipelineAt;
      return Duration.between(at, last);
    }
  }

  /** Everything the report says. */
  record Outcome(
      Plan plan,
      Instant start,
      Instant loadEnd,
      Instant drained,
      List<Injected> faults,
      List<ChaosLoad.Sent> answers,
      ChaosChecks.Result checks) {}

  private final ChaosTarget stack;
  private final Plan plan;
  private final PrintStream out;
  private final ChaosChecks checks;

  Chaos(ChaosTarget stack, Plan plan, PrintStream out) {
    this.stack = stack;
    this.plan = plan;
    this.out = out;
    this.checks = new ChaosChecks(stack.wiring());
  }

  Outcome run() throws Exception {
    Wiring wiring = stack.wiring();
    DemoTokens frontDesk = new DemoTokens(wiring.issuer(), "demo-front-desk");
    DemoTokens clinician = new DemoTokens(wiring.issuer(), "demo-clinician");
    frontDesk.bearer();
    clinician.bearer();
    List<Injected> injected = new ArrayList<>();
    Instant start = Instant.now();
    say(
        "load: %.0f intakes/s for %d s through %s; faults: %s"
            .formatted(
                plan.rate(),
                plan.duration().toSeconds(),
                wiring.publicUrl(),
                plan.faults().stream().map(Fault::describe).toList()));
    ChaosLoad load;
    Instant loadEnd;
    try (ChaosConfirmer confirmer = new ChaosConfirmer(wiring, clinician)) {
      load = ChaosLoad.start(wiring.publicUrl(), frontDesk, LocalStack.EXAMPLE_INTAKE, plan.rate());
      ConfirmFeed feed = new ConfirmFeed(load, confirmer, plan.confirmEvery());
      try {
        Duration slot = plan.duration().dividedBy(plan.faults().size() + 1);
        for (int i = 0; i < plan.faults().size(); i++) {
          sleepUntil(start.plus(slot.multipliedBy(i + 1)), feed);
          injected.addAll(inject(plan.faults().get(i), load, feed));
        }
        sleepUntil(start.plus(plan.duration()), feed);
      } finally {
        load.close();
        loadEnd = Instant.now();
      }
      feed.pass();
      say("load stopped; %d requests answered".formatted(load.answers().size()));
      Set<UUID> accepted = accepted(load.answers());
      Instant giveUp = Instant.now().plus(plan.drainTimeout());
      while (Instant.now().isBefore(giveUp) && !drained(accepted, confirmer, start)) {
        Thread.sleep(1000);
      }
      Instant drained = Instant.now();
      say("drained in %.1f s".formatted(seconds(loadEnd, drained)));
      // Late copies of a message (a dispatcher retrying after a kill) would arrive by now.
      Thread.sleep(Duration.ofSeconds(5));
      List<Injected> measured = new ArrayList<>();
      for (Injected fault : injected) {
        measured.add(withPipeline(fault));
      }
      ChaosChecks.Result result = checks.check(accepted, confirmer.confirmed(), start, loadEnd);
      return new Outcome(plan, start, loadEnd, drained, measured, load.answers(), result);
    }
  }

  /** Hands every n-th accepted intake to the confirmer, as the answers come in. */
  private static final class ConfirmFeed {
    private final ChaosLoad load;
    private final ChaosConfirmer confirmer;
    private final int every;
    private int seen;
    private int accepted;

    ConfirmFeed(ChaosLoad load, ChaosConfirmer confirmer, int every) {
      this.load = load;
      this.confirmer = confirmer;
      this.every = every;
    }

    void pass() {
      List<ChaosLoad.Sent> answers = load.answers();
      for (ChaosLoad.Sent sent : answers.subList(seen, answers.size())) {
        if (sent.accepted() && every > 0 && accepted++ % every == 0) {
          confirmer.confirmReferralOf(sent.intakeId());
        }
      }
      seen = answers.size();
    }
  }

  private List<Injected> inject(Fault fault, ChaosLoad load, ConfirmFeed feed) throws Exception {
    List<Injected> done = new ArrayList<>();
    switch (fault) {
      case Kill kill -> {
        List<ServiceProcess> instances =
            stack.instances().stream().filter(s -> s.service() == kill.service()).toList();
        for (int i = 0; i < instances.size(); i++) {
          ServiceProcess instance =
              stack.instances().stream().filter(s -> s.service() == kill.service()).toList().get(i);
          long pid = instance.process().pid();
          boolean last =
              instances.size() == 1
                  && (kill.service() == ClinicService.INTAKE
                      || kill.service() == ClinicService.GATEWAY);
          String what =
              "SIGKILL %s (instance %d of %d, port %d)"
                  .formatted(kill.service().module(), i + 1, instances.size(), instance.port());
          say(what);
          Instant at = Instant.now();
          stack.kill(instance);
          Instant back = awaitBack(kill.service(), pid, instances.size(), at, feed);
          done.add(awaitPipeline(what, at, back, load, feed, last, false));
        }
      }
      case BrokerRestart restart -> {
        say(restart.describe());
        Instant at = Instant.now();
        stack.restartBroker(plan.down());
        done.add(awaitPipeline(restart.describe(), at, Instant.now(), load, feed, false, false));
      }
      case PostgresRestart restart -> {
        say(restart.describe());
        Instant at = Instant.now();
        stack.restartPostgres(plan.down());
        done.add(awaitPipeline(restart.describe(), at, Instant.now(), load, feed, false, true));
      }
    }
    return done;
  }

  /** Until as many instances of the service as before, none of them the killed one, are ready. */
  private Instant awaitBack(
      ClinicService service, long killedPid, int instances, Instant at, ConfirmFeed feed)
      throws InterruptedException {
    Instant giveUp = at.plus(plan.recoveryTimeout());
    while (Instant.now().isBefore(giveUp)) {
      long ready =
          stack.instances().stream()
              .filter(s -> s.service() == service && s.process().pid() != killedPid)
              .filter(ServiceProcess::isReady)
              .count();
      if (ready >= instances) {
        return Instant.now();
      }
      feed.pass();
      Thread.sleep(250);
    }
    return null;
  }

  /**
   * Until an intake sent after the fault is accepted, and an education packet reaches
   * intake-service once the component is back (not one already on its way before the fault).
   */
  private Injected awaitPipeline(
      String what,
      Instant at,
      Instant back,
      ChaosLoad load,
      ConfirmFeed feed,
      boolean noIntakeServiceLeft,
      boolean databaseDown)
      throws InterruptedException {
    Instant giveUp = at.plus(plan.recoveryTimeout());
    Instant accepted = null;
    Instant pipeline = null;
    while ((accepted == null || pipeline == null) && Instant.now().isBefore(giveUp)) {
      feed.pass();
      accepted = firstAccepted(load.answers(), at).orElse(null);
      pipeline = firstEducation(back == null ? at : back).orElse(null);
      if (accepted == null || pipeline == null) {
        Thread.sleep(250);
      }
    }
    Injected fault =
        new Injected(what, at, back, accepted, pipeline, noIntakeServiceLeft, databaseDown);
    Duration recovery = fault.recovery();
    say(
        recovery == null
            ? "%s: not recovered within %d s".formatted(what, plan.recoveryTimeout().toSeconds())
            : String.format(
                Locale.ROOT,
                "%s: back %s, intakes accepted again after %.1f s, pipeline moving after %.1f s",
                what,
                back == null
                    ? "never"
                    : String.format(Locale.ROOT, "after %.1f s", seconds(at, back)),
                seconds(at, accepted),
                seconds(at, pipeline)));
    return fault;
  }

  /**
   * The pipeline recovery measured again once drained (PostgreSQL may have been down while it was
   * waited for): the earliest education once the component was back.
   */
  private Injected withPipeline(Injected fault) {
    Instant from = fault.backAt() == null ? fault.at() : fault.backAt();
    Instant pipeline = firstEducation(from).orElse(fault.pipelineAt());
    return new Injected(
        fault.what(),
        fault.at(),
        fault.backAt(),
        fault.firstAcceptedAt(),
        pipeline,
        fault.noIntakeServiceLeft(),
        fault.databaseDown());
  }

  private static Optional<Instant> firstAccepted(List<ChaosLoad.Sent> answers, Instant after) {
    return answers.stream()
        .filter(ChaosLoad.Sent::accepted)
        .filter(sent -> !sent.sentAt().isBefore(after))
        .map(ChaosLoad.Sent::answeredAt)
        .min(Instant::compareTo);
  }

  /**
   * When intake-service first applied an {@code EducationAssigned} at or after {@code after}: the
   * last step of the pipeline moved. Empty while PostgreSQL is down.
   */
  private Optional<Instant> firstEducation(Instant after) {
    try (Connection intake = checks.connect("intake");
        PreparedStatement query =
            intake.prepareStatement(
                """
                select min(processed_at) from processed_event
                 where processed_at >= ? and event_type = 'clinic.education.assigned.v1'
                """)) {
      query.setTimestamp(1, Timestamp.from(after));
      try (ResultSet row = query.executeQuery()) {
        row.next();
        Timestamp first = row.getTimestamp(1);
        return Optional.ofNullable(first).map(Timestamp::toInstant);
      }
    } catch (SQLException e) {
      return Optional.empty();
    }
  }

  private boolean drained(Set<UUID> accepted, ChaosConfirmer confirmer, Instant start) {
    try {
      return checks.educationAssigned(accepted) == accepted.size()
          && confirmer.done()
          && checks.undelivered(start) == 0;
    } catch (SQLException e) {
      return false;
    }
  }

  private static Set<UUID> accepted(List<ChaosLoad.Sent> answers) {
    Set<UUID> ids = new HashSet<>();
    for (ChaosLoad.Sent sent : answers) {
      if (sent.accepted()) {
        ids.add(sent.intakeId());
      }
    }
    return ids;
  }

  private static void sleepUntil(Instant when, ConfirmFeed feed) throws InterruptedException {
    while (Instant.now().isBefore(when)) {
      feed.pass();
      Thread.sleep(Math.min(250, Math.max(1, Duration.between(Instant.now(), when).toMillis())));
    }
  }

  static double seconds(Instant from, Instant to) {
    return Duration.between(from, to).toNanos() / 1e9;
  }

  private void say(String message) {
    out.println("[chaos] " + message);
    out.flush();
  }
}
