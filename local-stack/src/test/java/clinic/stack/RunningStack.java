package clinic.stack;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The whole system for end-to-end tests ({@link SharedStack}), built from the launcher's own parts:
 * PostgreSQL, the broker, the mail catcher, the demo identity provider, the three packaged services
 * and the gateway, on free loopback ports in a temporary directory laid out like {@code
 * .local-stack/}.
 */
final class RunningStack implements AutoCloseable {

  private static final Duration READY_TIMEOUT = Duration.ofSeconds(180);
  private static final Pattern ACCESS_TOKEN =
      Pattern.compile("\"access_token\"\\s*:\\s*\"([^\"]+)\"");
  private static final HttpClient HTTP = HttpClient.newHttpClient();

  private final Path home;
  private int postgresPort;
  private int kafkaPort;
  private int kafkaControllerPort;
  private Postgres postgres;
  private KafkaBroker kafka;
  private NotificationCatcher notifications;
  private final Map<ClinicService, ServiceProcess> services = new EnumMap<>(ClinicService.class);
  private Wiring wiring;

  private RunningStack(Path home) {
    this.home = home;
  }

  static RunningStack start() throws Exception {
    Path root = LocalStack.repositoryRoot();
    List<String> missing = new ArrayList<>();
    for (ClinicService service : ClinicService.values()) {
      if (!Files.isRegularFile(service.jar(root))) {
        missing.add(service.jar(root).toString());
      }
    }
    if (!missing.isEmpty()) {
      throw new IllegalStateException(
          "The end-to-end tests run the packaged services, but "
              + missing
              + " do not exist. Build them first: `./mvnw verify` at the repository root builds every"
              + " module before local-stack.");
    }
    RunningStack stack = new RunningStack(Files.createTempDirectory("clinic-stack-it"));
    try {
      Path jars = stack.home.resolve("jars");
      snapshotJars(root, jars);
      stack.notifications = NotificationCatcher.start(Ports.free(), Ports.free());
      stack.postgresPort = Ports.free();
      stack.kafkaPort = Ports.free();
      stack.kafkaControllerPort = Ports.free();
      stack.postgres =
          Postgres.start(
              stack.home.resolve("postgres"),
              stack.postgresPort,
              false,
              stack.home.resolve("logs").resolve("postgres.log"));
      stack.postgres.createClinicDatabases();
      stack.kafka =
          KafkaBroker.start(
              stack.home.resolve("kafka"),
              stack.kafkaPort,
              stack.kafkaControllerPort,
              Duration.ofSeconds(90),
              System.out);
      Map<ClinicService, Integer> ports = new EnumMap<>(ClinicService.class);
      for (ClinicService service : ClinicService.values()) {
        ports.put(service, Ports.free());
      }
      stack.wiring = new Wiring(stack.postgres, stack.kafka, stack.notifications, ports);
      for (ClinicService service : ClinicService.values()) {
        stack.services.put(
            service, ServiceProcess.start(service, stack.wiring, jars, stack.home, System.out));
        if (service == ClinicService.IDENTITY) {
          ServiceProcess.awaitAllReady(List.copyOf(stack.services.values()), READY_TIMEOUT);
        }
      }
      ServiceProcess.awaitAllReady(List.copyOf(stack.services.values()), READY_TIMEOUT);
      return stack;
    } catch (Exception | Error e) {
      stack.close();
      throw e;
    }
  }

  /**
   * Copies each service's jar (and content-service's {@code lib/}) to {@code into}, laid out like
   * the repository. A JVM reads classes from its jar lazily, so a module rebuilt while the tests
   * run would otherwise break the running service (NoClassDefFoundError).
   */
  static void snapshotJars(Path root, Path into) throws IOException {
    for (ClinicService service : ClinicService.values()) {
      Path source = service.jar(root).getParent();
      Path target = service.jar(into).getParent();
      Files.createDirectories(target);
      Files.copy(service.jar(root), service.jar(into));
      Path lib = source.resolve("lib");
      if (Files.isDirectory(lib)) {
        Files.createDirectories(target.resolve("lib"));
        try (var jars = Files.list(lib)) {
          for (Path jar : jars.toList()) {
            Files.copy(jar, target.resolve("lib").resolve(jar.getFileName()));
          }
        }
      }
    }
  }

  URI uri(ClinicService service, String path) {
    return services.get(service).baseUri().resolve(path);
  }

  /** The address people use, {@code http://localhost:<gateway port>}, with a path. */
  URI site(String path) {
    return wiring.publicUrl().resolve(path);
  }

  Wiring wiring() {
    return wiring;
  }

  /**
   * An access token from the demo identity provider for one of its command-line clients, e.g.
   * {@code token("demo-clinician")} (client credentials, as the README shows with curl).
   */
  String token(String client) throws IOException, InterruptedException {
    String basic =
        Base64.getEncoder()
            .encodeToString((client + ":demo-secret").getBytes(StandardCharsets.UTF_8));
    HttpResponse<String> response =
        HTTP.send(
            HttpRequest.newBuilder(wiring.issuer().resolve("/oauth2/token"))
                .header("Authorization", "Basic " + basic)
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString("grant_type=client_credentials"))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    if (response.statusCode() != 200) {
      throw new IllegalStateException(
          "No token for " + client + ": " + response.statusCode() + " " + response.body());
    }
    Matcher token = ACCESS_TOKEN.matcher(response.body());
    if (!token.find()) {
      throw new IllegalStateException("No access_token in " + response.body());
    }
    return token.group(1);
  }

  KafkaBroker kafka() {
    return kafka;
  }

  /**
   * This stack as the chaos run sees it. It has no launcher to restart a killed service, so a kill
   * here starts the same instance again at once, as the launcher does after its first back-off.
   */
  ChaosTarget chaosTarget() {
    return new ChaosTarget() {
      @Override
      public Wiring wiring() {
        return wiring;
      }

      @Override
      public List<ServiceProcess> instances() {
        synchronized (services) {
          return List.copyOf(services.values());
        }
      }

      @Override
      public void kill(ServiceProcess instance) {
        ChaosTarget.super.kill(instance);
        instance.process().onExit().join();
        try {
          ServiceProcess again = instance.startAgain();
          synchronized (services) {
            services.put(instance.service(), again);
          }
        } catch (IOException e) {
          throw new java.io.UncheckedIOException(e);
        }
      }

      @Override
      public void restartBroker(Duration down) throws Exception {
        kafka.process().stop(Duration.ZERO);
        Thread.sleep(down);
        kafka =
            KafkaBroker.start(
                home.resolve("kafka"),
                kafkaPort,
                kafkaControllerPort,
                Duration.ofSeconds(90),
                null);
      }

      @Override
      public void restartPostgres(Duration down) throws Exception {
        postgres.crash();
        Thread.sleep(down);
        // Kept data: a throw-away start would run initdb over it. The directory goes at close.
        postgres =
            Postgres.start(
                home.resolve("postgres"),
                postgresPort,
                true,
                home.resolve("logs").resolve("postgres.log"));
      }
    };
  }

  /**
   * Stops in the launcher's order (services, mail catcher, broker, PostgreSQL) and deletes the
   * directory.
   */
  @Override
  public void close() throws IOException {
    List<Thread> stoppers = new ArrayList<>();
    for (ServiceProcess service : services.values()) {
      stoppers.add(Thread.ofPlatform().start(service::close));
    }
    for (Thread stopper : stoppers) {
      try {
        stopper.join();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    if (notifications != null) {
      notifications.close();
    }
    if (kafka != null) {
      kafka.close();
    }
    if (postgres != null) {
      postgres.close();
    }
    Directories.delete(home);
  }
}
