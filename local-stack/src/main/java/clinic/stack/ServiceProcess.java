package clinic.stack;

import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/** One service's packaged jar running as a child JVM, configured through environment variables. */
final class ServiceProcess implements AutoCloseable {

  private static final Duration STOP_GRACE = Duration.ofSeconds(20);
  private static final HttpClient HTTP =
      HttpClient.newBuilder()
          .version(HttpClient.Version.HTTP_1_1)
          .connectTimeout(Duration.ofSeconds(1))
          .build();

  private final ClinicService service;
  private final int instance;
  private final int port;
  private final ChildProcess process;
  private final Path logFile;

  private ServiceProcess(
      ClinicService service, int instance, int port, ChildProcess process, Path logFile) {
    this.service = service;
    this.instance = instance;
    this.port = port;
    this.process = process;
    this.logFile = logFile;
  }

  /**
   * The configuration each application reads, plus the bind address: servers listen on loopback
   * only. Every service validates tokens from the identity provider; the gateway signs people in
   * there and routes to the services. intake-service and triage-service send their mail to the
   * catcher's SMTP server (Spring Boot's {@code spring.mail.*}), and triage-service its webhooks to
   * the catcher's endpoint for each receiving team ({@code clinic.notifications.*}).
   */
  static Map<String, String> environment(ClinicService service, int instance, Wiring wiring) {
    Map<String, String> environment = new HashMap<>();
    environment.put("SERVER_PORT", Integer.toString(wiring.port(service, instance)));
    // Spring Boot's server.address and Micronaut's micronaut.server.host, by relaxed binding.
    environment.put("SERVER_ADDRESS", "127.0.0.1");
    environment.put("MICRONAUT_SERVER_HOST", "127.0.0.1");
    environment.put("CLINIC_ISSUER_URI", wiring.issuer().toString());
    switch (service) {
      case IDENTITY -> {
        // The demo accounts exist only under this profile; without it the provider refuses to
        // start.
        environment.put("SPRING_PROFILES_ACTIVE", "local");
        environment.put("GATEWAY_URL", wiring.publicUrl().toString());
        environment.put("CLINIC_GATEWAY_CLIENT_SECRET", Wiring.GATEWAY_CLIENT_SECRET);
      }
      case GATEWAY -> {
        // Every instance of each service; the gateway balances them (Spring Cloud LoadBalancer).
        environment.put("INTAKE_URLS", urls(wiring, ClinicService.INTAKE));
        environment.put("TRIAGE_URLS", urls(wiring, ClinicService.TRIAGE));
        environment.put("CONTENT_URLS", urls(wiring, ClinicService.CONTENT));
        environment.put("CLINIC_GATEWAY_CLIENT_SECRET", Wiring.GATEWAY_CLIENT_SECRET);
        // Plain HTTP on this machine: a Secure cookie would not come back from http://localhost
        // in every client. Production keeps the default (Secure) behind TLS.
        environment.put("CLINIC_SECURE_COOKIES", "false");
      }
      default -> {
        Postgres postgres = wiring.postgres();
        environment.put("DATABASE_URL", postgres.jdbcUrl(service.database()));
        environment.put("DATABASE_USER", Postgres.USER);
        environment.put("DATABASE_PASSWORD", Postgres.PASSWORD);
        environment.put("KAFKA_BOOTSTRAP_SERVERS", wiring.kafka().bootstrapServers());
        // A killed (and restarted) instance's partitions move on after 10 s, not Kafka's 45 s:
        // one machine, no network to wait out.
        environment.put("KAFKA_SESSION_TIMEOUT_MS", "10000");
        // Patients and staff follow links through the gateway.
        environment.put("CONTENT_PUBLIC_URL", wiring.publicUrl().toString());
        environment.put("TRIAGE_PUBLIC_URL", wiring.publicUrl().toString());
        // The FHIR Questionnaire's canonical URL is built on it.
        environment.put("INTAKE_PUBLIC_URL", wiring.publicUrl().toString());
      }
    }
    NotificationCatcher notifications = wiring.notifications();
    if (service == ClinicService.INTAKE || service == ClinicService.TRIAGE) {
      environment.put("SPRING_MAIL_HOST", "127.0.0.1");
      environment.put("SPRING_MAIL_PORT", Integer.toString(notifications.smtpPort()));
      environment.put("CLINIC_NOTIFICATIONS_EMAIL_FROM", NotificationCatcher.SENDER);
    }
    if (service == ClinicService.TRIAGE) {
      for (String team : NotificationCatcher.TEAMS) {
        String prefix =
            "CLINIC_NOTIFICATIONS_WEBHOOKS_" + team.toUpperCase(Locale.ROOT).replace('-', '_');
        environment.put(prefix + "_URL", notifications.webhookUri(team).toString());
        environment.put(prefix + "_SECRET", NotificationCatcher.WEBHOOK_SECRET);
      }
    }
    return environment;
  }

  private static String urls(Wiring wiring, ClinicService service) {
    return String.join(",", wiring.serviceUrls(service).stream().map(URI::toString).toList());
  }

  /** The first (or only) instance of a service; see {@link #start(ClinicService, int, ...)}. */
  static ServiceProcess start(
      ClinicService service,
      Wiring wiring,
      Path repositoryRoot,
      Path stackHome,
      PrintStream console)
      throws IOException {
    return start(service, 0, wiring, repositoryRoot, stackHome, console);
  }

  /**
   * The name of an instance in the console, the restart lines and its log file: the service's short
   * name when it runs once, else {@code intake-1}, {@code intake-2} ...
   */
  static String name(ClinicService service, int instance, Wiring wiring) {
    return wiring.instances(service) == 1
        ? service.shortName()
        : service.shortName() + "-" + (instance + 1);
  }

  /**
   * Starts {@code java -jar} on the service's jar with the launcher's own java binary.
   *
   * @param instance which instance of the service, from 0: it listens on {@link Wiring#port(
   *     ClinicService, int)}
   * @param stackHome the stack's working directory: logs go to {@code logs/<name>.log} in it
   * @param console where the prefixed output lines go; null for the log file only
   */
  static ServiceProcess start(
      ClinicService service,
      int instance,
      Wiring wiring,
      Path repositoryRoot,
      Path stackHome,
      PrintStream console)
      throws IOException {
    return start(service, instance, wiring, JvmProfile.STARTUP, repositoryRoot, stackHome, console);
  }

  /** As above, with the JVM options of {@code jvm}. */
  static ServiceProcess start(
      ClinicService service,
      int instance,
      Wiring wiring,
      JvmProfile jvm,
      Path repositoryRoot,
      Path stackHome,
      PrintStream console)
      throws IOException {
    int port = wiring.port(service, instance);
    Map<String, String> environment = environment(service, instance, wiring);
    Path jar = service.jar(repositoryRoot).toAbsolutePath().normalize();
    if (!Files.isRegularFile(jar)) {
      throw new StackException(
          "Missing %s. Build the services first: `./mvnw -DskipTests package` at the repository root (or use ./run)."
              .formatted(jar));
    }
    List<String> command = new ArrayList<>();
    command.add(ChildProcess.currentJava());
    command.addAll(jvm.options());
    // A JVM out of heap exits, so the launcher starts it afresh, as compose's restart policy does:
    // left running it can lose a thread that matters (seen under overload: Tomcat's acceptor
    // died and intake-service stayed up refusing every request).
    command.add("-XX:+ExitOnOutOfMemoryError");
    command.add("-D" + ChildProcess.HOME_PROPERTY + "=" + stackHome.toAbsolutePath());
    command.add("-jar");
    command.add(jar.toString());
    String name = name(service, instance, wiring);
    Path logFile = stackHome.toAbsolutePath().resolve("logs").resolve(name + ".log");
    ChildProcess process = ChildProcess.start(name, command, environment, logFile, console);
    return new ServiceProcess(service, instance, port, process, logFile);
  }

  /**
   * Waits until every service answers 200 on its readiness endpoint.
   *
   * @throws StackException naming the first service that exited, or the ones still not ready at the
   *     deadline, with the end of their output
   */
  static void awaitAllReady(List<ServiceProcess> services, Duration timeout)
      throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    Set<ServiceProcess> waiting = new LinkedHashSet<>(services);
    while (!waiting.isEmpty()) {
      for (ServiceProcess service : List.copyOf(waiting)) {
        if (!service.process.isAlive()) {
          throw new StackException(
              "%s exited with code %d before it became ready. Last lines of %s:%n%s"
                  .formatted(
                      service.service.module(),
                      service.process.exitValue(),
                      service.logFile,
                      service.tail(40)));
        }
        if (service.isReady()) {
          waiting.remove(service);
        }
      }
      if (!waiting.isEmpty() && System.nanoTime() > deadline) {
        ServiceProcess late = waiting.iterator().next();
        throw new StackException(
            "%s did not become ready within %d s (%s did not answer 200). Last lines of %s:%n%s"
                .formatted(
                    waiting.stream().map(s -> s.service.module()).toList(),
                    timeout.toSeconds(),
                    late.readinessUri(),
                    late.logFile,
                    late.tail(40)));
      }
      if (!waiting.isEmpty()) {
        Thread.sleep(500);
      }
    }
  }

  /** The same instance started again (same port, environment and log file), once it exited. */
  ServiceProcess startAgain() throws IOException {
    return new ServiceProcess(service, instance, port, process.startAgain(), logFile);
  }

  /**
   * Waits until the readiness endpoint answers 200.
   *
   * @return true once it does, false if the process exited first
   */
  boolean awaitReady() throws InterruptedException {
    while (process.isAlive()) {
      if (isReady()) {
        return true;
      }
      Thread.sleep(250);
    }
    return false;
  }

  /** Whether the readiness endpoint answers 200 right now. */
  boolean isReady() {
    HttpRequest request =
        HttpRequest.newBuilder(readinessUri()).timeout(Duration.ofSeconds(2)).GET().build();
    try {
      return HTTP.send(request, HttpResponse.BodyHandlers.discarding()).statusCode() == 200;
    } catch (IOException e) {
      return false;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  ClinicService service() {
    return service;
  }

  /** Which instance of its service, from 0. */
  int instance() {
    return instance;
  }

  int port() {
    return port;
  }

  URI baseUri() {
    return service.baseUri(port);
  }

  URI readinessUri() {
    return service.readinessUri(port);
  }

  URI metricsUri() {
    return service.metricsUri(port);
  }

  ChildProcess process() {
    return process;
  }

  Path logFile() {
    return logFile;
  }

  String tail(int lines) {
    return String.join(System.lineSeparator(), process.tail(lines));
  }

  /** Graceful shutdown (SIGTERM), so the service finishes what it is doing and closes cleanly. */
  @Override
  public void close() {
    process.stop(STOP_GRACE);
  }
}
