package clinic.stack;

import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.ReentrantLock;

/**
 * One command runs the whole system: embedded PostgreSQL, a real Kafka broker, the three packaged
 * services, the gateway people use, a demo identity provider and a catcher for the mail and
 * webhooks the services send, on loopback, with their output prefixed by name. Ctrl-C or SIGTERM
 * stops the services, then the catcher, the broker and PostgreSQL, and leaves no process behind.
 */
public final class LocalStack {

  private static final Duration STEP_WAIT = Duration.ofSeconds(120);
  private static final String LOCK_FILE = "launcher.lock";

  /**
   * The example intake the ready message points at and the end-to-end tests submit: the README's
   * example, {@code examples/back-and-leg-intake.json}, packaged into this jar.
   */
  static final String EXAMPLE_INTAKE = exampleIntake();

  private final Options options;
  private final Path repositoryRoot;
  private final PrintStream out;
  private final long startedAt = System.nanoTime();

  /** Held while one component starts, so a stop waits for it and then stops it too. */
  private final ReentrantLock starting = new ReentrantLock();

  private final CountDownLatch stopped = new CountDownLatch(1);
  private final AtomicBoolean stopping = new AtomicBoolean();

  /** Referenced so that the channel, and with it the lock, is never garbage-collected. */
  @SuppressWarnings("unused")
  private FileLock homeLock;

  private volatile Postgres postgres;
  private volatile KafkaBroker kafka;
  private NotificationCatcher notifications;
  private final List<ServiceProcess> services = new ArrayList<>();
  private Wiring wiring;

  LocalStack(Options options, Path repositoryRoot, PrintStream out) {
    this.options = options;
    this.repositoryRoot = repositoryRoot;
    this.out = out;
  }

  public static void main(String[] args) {
    Path root = repositoryRoot();
    Options options;
    try {
      options = Options.parse(args, root.resolve(".local-stack"));
    } catch (IllegalArgumentException e) {
      System.err.println(e.getMessage());
      System.err.print(Options.USAGE);
      System.exit(2);
      return;
    }
    if (options.help()) {
      System.out.print(Options.USAGE);
      return;
    }
    LocalStack stack = new LocalStack(options, root, System.out);
    // Ctrl-C, SIGTERM and SIGHUP all end here; the children are in their own sessions, so the
    // terminal's signal reaches only this process and the stop order below holds.
    Runtime.getRuntime().addShutdownHook(new Thread(stack::stop, "local-stack-stop"));
    try {
      stack.start();
    } catch (Exception e) {
      if (stack.stopping.get()) {
        return; // Interrupted by Ctrl-C: the shutdown hook is already stopping everything.
      }
      if (e instanceof StackException) {
        System.err.println("[stack] " + e.getMessage());
      } else {
        System.err.println("[stack] Start-up failed:");
        e.printStackTrace();
      }
      stack.stop();
      System.exit(1);
    }
    stack.printReady();
    stack.watchForCrashes();
    stack.awaitStop();
  }

  void start() throws Exception {
    for (ClinicService service : ClinicService.values()) {
      Path jar = service.jar(repositoryRoot);
      if (!Files.isRegularFile(jar)) {
        throw new StackException(
            "Missing %s. Build everything first: ./run does, or `./mvnw -DskipTests package` at %s."
                .formatted(jar, repositoryRoot));
      }
    }
    Path home = options.home();
    Files.createDirectories(home);
    lockHome(home);
    // Holding the lock, any process marked with this home belongs to a launcher that is gone.
    Leftovers.stop(home, home.resolve("postgres"), out);
    if (options.fresh()) {
      say("--fresh: deleting the databases, topics and logs in " + home);
      Directories.deleteContents(home, home.resolve(LOCK_FILE));
    }
    Ports.requireFree(options.postgresPort(), "PostgreSQL", "--postgres-port");
    Ports.requireFree(options.kafkaPort(), "Kafka", "--kafka-port");
    Ports.requireFree(
        options.kafkaControllerPort(), "the Kafka controller", "--kafka-controller-port");
    Ports.requireFree(options.smtpPort(), "the mail catcher's SMTP server", "--smtp-port");
    Ports.requireFree(options.mailPort(), "the mail viewer", "--mail-port");
    for (ClinicService service : ClinicService.values()) {
      int instances = service.isClinicService() ? options.instances() : 1;
      for (int instance = 0; instance < instances; instance++) {
        Ports.requireFree(
            Wiring.instancePort(options.port(service), instance),
            instance == 0 ? service.module() : service.module() + " instance " + (instance + 1),
            "--" + service.shortName() + "-port");
      }
    }

    step(
        () -> {
          say(
              "starting the mail catcher: SMTP on 127.0.0.1:%d, viewer on 127.0.0.1:%d"
                  .formatted(options.smtpPort(), options.mailPort()));
          notifications = NotificationCatcher.start(options.smtpPort(), options.mailPort());
        });
    step(
        () -> {
          say("starting PostgreSQL 17 on 127.0.0.1:" + options.postgresPort());
          postgres =
              Postgres.start(
                  home.resolve("postgres"),
                  options.postgresPort(),
                  true,
                  home.resolve("logs").resolve("postgres.log"));
          postgres.createClinicDatabases();
        });
    step(
        () -> {
          say("starting Kafka (KRaft) on 127.0.0.1:" + options.kafkaPort());
          kafka =
              KafkaBroker.start(
                  home.resolve("kafka"),
                  options.kafkaPort(),
                  options.kafkaControllerPort(),
                  options.jvm(),
                  Duration.ofSeconds(90),
                  out);
        });
    wiring =
        new Wiring(postgres, kafka, notifications, options.servicePorts(), options.instances());
    for (ClinicService service : ClinicService.values()) {
      for (int i = 0; i < wiring.instances(service); i++) {
        int instance = i;
        step(
            () -> {
              say(
                  "starting %s on 127.0.0.1:%d"
                      .formatted(
                          wiring.instances(service) == 1
                              ? service.module()
                              : service.module()
                                  + " instance "
                                  + (instance + 1)
                                  + " ("
                                  + ServiceProcess.name(service, instance, wiring)
                                  + ")",
                          wiring.port(service, instance)));
              services.add(
                  ServiceProcess.start(
                      service, instance, wiring, options.jvm(), repositoryRoot, home, out));
            });
      }
      if (service == ClinicService.IDENTITY) {
        // The gateway reads the provider's discovery document when it starts.
        ServiceProcess.awaitAllReady(List.copyOf(services), options.timeout());
      }
    }
    ServiceProcess.awaitAllReady(List.copyOf(services), options.timeout());
  }

  /**
   * One launcher per working directory: a second one would otherwise take the first one's children
   * for leftovers. The lock is held until this JVM ends and the OS releases it, even after SIGKILL,
   * so a stale lock file never blocks a restart.
   */
  private void lockHome(Path home) throws IOException {
    Path file = home.resolve(LOCK_FILE);
    FileChannel channel =
        FileChannel.open(
            file, StandardOpenOption.CREATE, StandardOpenOption.READ, StandardOpenOption.WRITE);
    FileLock lock;
    try {
      lock = channel.tryLock();
    } catch (OverlappingFileLockException e) {
      lock = null;
    }
    if (lock == null) {
      ByteBuffer content = ByteBuffer.allocate(32);
      channel.read(content, 0);
      channel.close();
      String owner = new String(content.array(), 0, content.position(), StandardCharsets.UTF_8);
      throw new StackException(
          "Another local stack is already running from %s (launcher pid %s). Stop it first (Ctrl-C in its terminal, or kill %s), or use --home for a second one."
              .formatted(home, owner.strip(), owner.strip()));
    }
    channel.truncate(0);
    channel.write(
        ByteBuffer.wrap(
            Long.toString(ProcessHandle.current().pid()).getBytes(StandardCharsets.UTF_8)));
    homeLock = lock;
  }

  /**
   * Stops the services, then the mail catcher (the services may still send while they shut down),
   * the broker and PostgreSQL. Safe to call more than once.
   */
  void stop() {
    if (!stopping.compareAndSet(false, true)) {
      awaitStop();
      return;
    }
    long begin = System.nanoTime();
    try {
      // A component that is starting right now is waited for, so that it is stopped too.
      if (!starting.tryLock(STEP_WAIT.toSeconds(), TimeUnit.SECONDS)) {
        say("a component is still starting after " + STEP_WAIT.toSeconds() + " s; stopping anyway");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    boolean anyStarted =
        !services.isEmpty() || notifications != null || kafka != null || postgres != null;
    if (anyStarted) {
      say("stopping");
    }
    List<Thread> stoppers = new ArrayList<>();
    for (ServiceProcess service : services) {
      stoppers.add(Thread.ofPlatform().start(service::close));
    }
    for (Thread stopper : stoppers) {
      try {
        stopper.join();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    if (!services.isEmpty()) {
      say("services stopped");
    }
    if (notifications != null) {
      notifications.close();
      say("mail catcher stopped");
    }
    if (kafka != null) {
      kafka.close();
      say("Kafka stopped");
    }
    if (postgres != null) {
      try {
        postgres.close();
        say("PostgreSQL stopped");
      } catch (Exception e) {
        say("PostgreSQL did not stop cleanly: " + e.getMessage());
      }
    }
    if (anyStarted) {
      say(String.format(Locale.ROOT, "stopped in %.1f s", (System.nanoTime() - begin) / 1e9));
    }
    stopped.countDown();
  }

  void awaitStop() {
    try {
      stopped.await();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private interface Step {
    void run() throws Exception;
  }

  private void step(Step step) throws Exception {
    starting.lock();
    try {
      if (stopping.get()) {
        throw new StackException("stopping");
      }
      step.run();
    } finally {
      starting.unlock();
    }
  }

  /**
   * A service instance that exits unexpectedly is started again, on its own {@link
   * RestartSchedule}; the broker dying is only reported. The rest keeps running either way.
   */
  void watchForCrashes() {
    for (int i = 0; i < services.size(); i++) {
      int index = i;
      Thread.ofPlatform()
          .daemon()
          .name(services.get(i).process().name() + "-restarts")
          .start(() -> keepRunning(index));
    }
    ChildProcess broker = kafka.process();
    broker
        .onExit()
        .thenRun(
            () -> {
              if (!stopping.get() && !broker.stopRequested()) {
                say(
                    "%s exited unexpectedly with code %d; see %s. The rest keeps running; Ctrl-C stops the stack."
                        .formatted(
                            broker.name(),
                            broker.exitValue(),
                            options.home().resolve("kafka").resolve("kafka.log")));
              }
            });
  }

  /**
   * Restarts the instance at {@code index} of {@link #services} each time it exits, until the stack
   * stops or the schedule gives up. A start goes through {@link #step}, so a stop that begins
   * meanwhile waits for it and stops the new process too, and no start begins after a stop.
   */
  private void keepRunning(int index) {
    RestartSchedule schedule = new RestartSchedule();
    ServiceProcess instance = services.get(index);
    long readySince = System.nanoTime();
    boolean ready = true;
    try {
      while (true) {
        ChildProcess process = instance.process();
        process.onExit().join();
        long exitedAt = System.nanoTime();
        if (stopping.get() || process.stopRequested()) {
          return;
        }
        Optional<Duration> delay =
            schedule.afterExit(ready ? Duration.ofNanos(exitedAt - readySince) : null);
        if (delay.isEmpty()) {
          say(
              "%s exited with code %d; it died %d times in a row before it was ready, so it is not started again; see %s. The rest keeps running; Ctrl-C stops the stack."
                  .formatted(
                      process.name(),
                      process.exitValue(),
                      schedule.failedStarts(),
                      instance.logFile()));
          return;
        }
        say(
            "%s exited unexpectedly with code %d; restart %d in %d s; log %s"
                .formatted(
                    process.name(),
                    process.exitValue(),
                    schedule.attempt(),
                    delay.get().toSeconds(),
                    instance.logFile()));
        Thread.sleep(delay.get());
        ServiceProcess exited = instance;
        step(() -> services.set(index, exited.startAgain()));
        instance = services.get(index);
        ready = instance.awaitReady();
        if (ready) {
          readySince = System.nanoTime();
          say(
              String.format(
                  Locale.ROOT,
                  "%s is ready again, %.1f s after it exited (restart %d)",
                  process.name(),
                  (readySince - exitedAt) / 1e9,
                  schedule.attempt()));
        }
      }
    } catch (StackException e) {
      // The stack began to stop before the restart: nothing to restart any more.
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (Exception e) {
      say(
          "%s could not be started again (%s); the rest keeps running."
              .formatted(instance.process().name(), e));
    }
  }

  /** Every instance of every clinic service and the gateway running now, for the chaos run. */
  List<ServiceProcess> instances() {
    return List.copyOf(services);
  }

  /**
   * Kills the Kafka broker (no controlled shutdown), waits {@code down}, and starts it again on the
   * same ports and data directory: for the chaos run. Not watched for crashes afterwards.
   */
  void restartBroker(Duration down) throws Exception {
    step(
        () -> {
          kafka.process().stop(Duration.ZERO);
          Thread.sleep(down);
          kafka =
              KafkaBroker.start(
                  options.home().resolve("kafka"),
                  options.kafkaPort(),
                  options.kafkaControllerPort(),
                  options.jvm(),
                  Duration.ofSeconds(90),
                  out);
        });
  }

  /**
   * Stops PostgreSQL in immediate mode (as a crash: recovery from the WAL at the next start), waits
   * {@code down}, and starts it again on the same port and data directory: for the chaos run.
   */
  void restartPostgres(Duration down) throws Exception {
    step(
        () -> {
          postgres.crash();
          Thread.sleep(down);
          postgres =
              Postgres.start(
                  options.home().resolve("postgres"),
                  options.postgresPort(),
                  true,
                  options.home().resolve("logs").resolve("postgres.log"));
        });
  }

  Wiring wiring() {
    return wiring;
  }

  /**
   * The demo provider's accounts, one per role ({@code identity}'s local profile defines them; the
   * password is the user name followed by {@code -demo}).
   */
  static final List<String[]> DEMO_ACCOUNTS =
      List.of(
          new String[] {"frontdesk", "front desk: the questionnaire, today's intakes"},
          new String[] {"clinician", "clinician: the referral dashboard"},
          new String[] {"receiving", "receiving team: referrals sent to it"},
          new String[] {"editor", "content editor: the education library"},
          new String[] {"admin", "administrator"});

  private void printReady() {
    URI site = wiring.publicUrl();
    URI issuer = wiring.issuer();
    StringBuilder text = new StringBuilder();
    text.append(
        String.format(
            Locale.ROOT, "%n[stack] ready in %.1f s%n%n", (System.nanoTime() - startedAt) / 1e9));
    text.append(
        String.format(
            Locale.ROOT, "  Open %s and sign in with a demo account (user / password):%n", site));
    for (String[] account : DEMO_ACCOUNTS) {
      text.append(
          String.format(
              Locale.ROOT, "    %-10s / %-15s %s%n", account[0], account[0] + "-demo", account[1]));
    }
    text.append(
        String.format(
            Locale.ROOT,
            """

              From the command line, take a token from the demo provider (clients demo-front-desk,
              demo-clinician, demo-receiving-team, demo-content-editor, demo-admin; secret demo-secret):
                TOKEN=$(curl -s -u demo-front-desk:demo-secret -d grant_type=client_credentials %2$s/oauth2/token | sed -E 's/.*"access_token":"([^"]+)".*/\\1/')
                curl -s -X POST %1$s/api/intakes -H "Authorization: Bearer $TOKEN" -H 'Content-Type: application/json' -d @examples/back-and-leg-intake.json
                curl -s %1$s/api/intakes/<id from the answer> -H "Authorization: Bearer $TOKEN"

              patient pages    %1$s/education/{token}  (no sign-in; the intake's education.packetUrl)
              identity         %2$s  (demo OpenID Connect provider)
              services         %3$s
              metrics          %13$s
                               (Prometheus text; a token of clinic-prometheus / demo-secret, role METRICS)
              mail viewer      %4$s  (what the services sent; SMTP 127.0.0.1:%5$d)
              team webhooks    %4$swebhooks  (POST .../webhooks/{%6$s}, signed with "%7$s")
              PostgreSQL       jdbc:postgresql://127.0.0.1:%8$d/{intake,triage,content}  user %9$s / %10$s
              Kafka            127.0.0.1:%11$d
              logs             %12$s

            Press Ctrl-C to stop.
            """,
            site,
            issuer,
            services.stream()
                    .filter(s -> s.service().isClinicService())
                    .map(s -> label(s) + " " + s.baseUri())
                    .reduce((x, y) -> x + ", " + y)
                    .orElse("")
                + (wiring.instances() == 1
                    ? ""
                    : System.lineSeparator()
                        + "                   (%d instances of each service, instance k on the base port + %d*(k-1); the gateway balances them)"
                            .formatted(wiring.instances(), Wiring.INSTANCE_PORT_STEP)),
            notifications.viewerUri(),
            notifications.smtpPort(),
            String.join(",", NotificationCatcher.TEAMS),
            NotificationCatcher.WEBHOOK_SECRET,
            postgres.port(),
            Postgres.USER,
            Postgres.PASSWORD,
            options.kafkaPort(),
            options.home().resolve("logs"),
            services.stream()
                .filter(s -> s.service().isClinicService())
                .map(s -> s.process().name() + " " + s.metricsUri())
                .reduce((x, y) -> x + ", " + y)
                .orElse("")));
    out.print(text);
    out.flush();
  }

  /** A service's module name, or with several instances the instance's ({@code intake-2}). */
  private String label(ServiceProcess service) {
    return wiring.instances(service.service()) == 1
        ? service.service().module()
        : service.process().name();
  }

  private void say(String message) {
    out.println("[stack] " + message);
  }

  /**
   * The repository root: {@code -Dclinic.repository.root}, else two levels above the directory
   * holding this code ({@code <root>/local-stack/target/local-stack.jar}), else the working
   * directory.
   */
  static Path repositoryRoot() {
    String configured = System.getProperty("clinic.repository.root");
    if (configured != null) {
      return Path.of(configured).toAbsolutePath().normalize();
    }
    try {
      Path code =
          Path.of(LocalStack.class.getProtectionDomain().getCodeSource().getLocation().toURI());
      Path root = code.getParent().getParent().getParent();
      if (root != null && Files.exists(root.resolve("pom.xml"))) {
        return root.toAbsolutePath().normalize();
      }
    } catch (URISyntaxException | RuntimeException e) {
      // Fall through to the working directory.
    }
    return Path.of("").toAbsolutePath();
  }

  private static String exampleIntake() {
    try (var in = LocalStack.class.getResourceAsStream("/back-and-leg-intake.json")) {
      if (in == null) {
        throw new IllegalStateException("back-and-leg-intake.json is missing from the jar");
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }
}
