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
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.ReentrantLock;

/**
 * One command runs the whole system: embedded PostgreSQL, a real Kafka broker, the three packaged
 * services and a catcher for the mail and webhooks they send, on loopback, with their output
 * prefixed by name. Ctrl-C or SIGTERM stops the services, then the catcher, the broker and
 * PostgreSQL, and leaves no process behind.
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

  private Postgres postgres;
  private KafkaBroker kafka;
  private NotificationCatcher notifications;
  private final List<ServiceProcess> services = new ArrayList<>();

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
      Ports.requireFree(
          options.port(service), service.module(), "--" + service.shortName() + "-port");
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
                  Duration.ofSeconds(90),
                  out);
        });
    URI contentUrl = ClinicService.CONTENT.baseUri(options.port(ClinicService.CONTENT));
    for (ClinicService service : ClinicService.values()) {
      step(
          () -> {
            int port = options.port(service);
            say("starting " + service.module() + " on 127.0.0.1:" + port);
            services.add(
                ServiceProcess.start(
                    service,
                    port,
                    repositoryRoot,
                    ServiceProcess.environment(
                        service, port, postgres, kafka, contentUrl, notifications),
                    home,
                    out));
          });
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

  /** A service or the broker dying later is reported; the rest keeps running for inspection. */
  private void watchForCrashes() {
    List<ChildProcess> children = new ArrayList<>();
    services.forEach(s -> children.add(s.process()));
    children.add(kafka.process());
    for (ChildProcess child : children) {
      child
          .onExit()
          .thenRun(
              () -> {
                if (!stopping.get() && !child.stopRequested()) {
                  Path log =
                      child == kafka.process()
                          ? options.home().resolve("kafka").resolve("kafka.log")
                          : options.home().resolve("logs").resolve(child.name() + ".log");
                  say(
                      "%s exited unexpectedly with code %d; see %s. The rest keeps running; Ctrl-C stops the stack."
                          .formatted(child.name(), child.exitValue(), log));
                }
              });
    }
  }

  private void printReady() {
    ServiceProcess intake = service(ClinicService.INTAKE);
    ServiceProcess triage = service(ClinicService.TRIAGE);
    ServiceProcess content = service(ClinicService.CONTENT);
    String api = intake.baseUri() + "/api/intakes";
    StringBuilder text = new StringBuilder();
    text.append(
        String.format(
            Locale.ROOT, "%n[stack] ready in %.1f s%n", (System.nanoTime() - startedAt) / 1e9));
    for (ServiceProcess service : List.of(intake, triage, content)) {
      text.append(
          String.format(
              Locale.ROOT,
              "  %-16s %-24s health %s%n",
              service.service().module(),
              service.baseUri(),
              service.readinessUri()));
    }
    text.append(
        String.format(
            Locale.ROOT,
            """
              submit an intake POST %1$s
              follow it        GET  %1$s/{id}
              triage decision  GET  %2$s/api/decisions/{intakeId}
              education packet GET  %3$s/api/packets/{packetId}
              patient pages    GET  %3$s/education/{token}  (the intake's education.packetUrl)
              mail viewer      %9$s  (what the services sent; SMTP 127.0.0.1:%10$d)
              team webhooks    %9$swebhooks  (POST .../webhooks/{%11$s}, signed with "%12$s")
              PostgreSQL       jdbc:postgresql://127.0.0.1:%4$d/{intake,triage,content}  user %5$s / %6$s
              Kafka            127.0.0.1:%7$d
              logs             %8$s

              try it:
                curl -s -X POST %1$s -H 'Content-Type: application/json' -d @examples/back-and-leg-intake.json
                curl -s %1$s/<id from the answer>

            Press Ctrl-C to stop.
            """,
            api,
            triage.baseUri(),
            content.baseUri(),
            postgres.port(),
            Postgres.USER,
            Postgres.PASSWORD,
            options.kafkaPort(),
            options.home().resolve("logs"),
            notifications.viewerUri(),
            notifications.smtpPort(),
            String.join(",", NotificationCatcher.TEAMS),
            NotificationCatcher.WEBHOOK_SECRET));
    out.print(text);
    out.flush();
  }

  private ServiceProcess service(ClinicService which) {
    return services.stream().filter(s -> s.service() == which).findFirst().orElseThrow();
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
