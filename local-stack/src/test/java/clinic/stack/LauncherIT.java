package clinic.stack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.awaitility.core.ConditionTimeoutException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The packaged launcher as {@code ./run} starts it, in its own JVM: the ready message points at the
 * mail viewer, the services are started with the mail and webhook settings, a service killed with
 * SIGKILL is started again without anyone acting, a busy mail port is named before anything starts,
 * and Ctrl-C (SIGINT) stops everything, the restarted service and the mail catcher included,
 * leaving no process and no port behind. One launcher serves the whole lifecycle: starting it is
 * most of what the class costs.
 */
class LauncherIT {

  private static final Duration READY = Duration.ofSeconds(240);
  private static final Duration RESTART = Duration.ofSeconds(120);
  private static final Duration PIPELINE = Duration.ofSeconds(90);
  private static final JsonMapper JSON = JsonMapper.builder().build();
  private static final HttpClient HTTP =
      HttpClient.newBuilder()
          .version(HttpClient.Version.HTTP_1_1)
          .connectTimeout(Duration.ofSeconds(2))
          .build();

  @TempDir static Path work;
  private static Path repository;

  private Process launcher;

  /** The service jars as they are now, so a module rebuilt meanwhile cannot break the run. */
  @BeforeAll
  static void snapshotServiceJars() throws IOException {
    repository = work.resolve("repository");
    RunningStack.snapshotJars(LocalStack.repositoryRoot(), repository);
  }

  @AfterEach
  void killLauncherLeftOver() {
    if (launcher != null && launcher.isAlive()) {
      launcher.descendants().forEach(ProcessHandle::destroyForcibly);
      launcher.destroyForcibly();
    }
  }

  @Test
  void readyMessageListsMailViewerAKilledServiceRestartsAndCtrlCStopsEverything() throws Exception {
    Map<String, Integer> ports = freePorts();
    Output output = launch(work.resolve("home"), ports);

    try {
      await("the launcher's ready message")
          .atMost(READY)
          .pollInterval(Duration.ofMillis(500))
          .until(
              () -> {
                assertThat(launcher.isAlive())
                    .as("the launcher runs; its output:%n%s", output)
                    .isTrue();
                return output.text().contains("[stack] ready in");
              });
    } catch (ConditionTimeoutException e) {
      throw new AssertionError("not ready within " + READY + "; output:\n" + output, e);
    }

    String viewer = "http://127.0.0.1:" + ports.get("--mail-port") + "/";
    assertThat(output.text())
        .contains("mail viewer      " + viewer)
        .contains("SMTP 127.0.0.1:" + ports.get("--smtp-port"))
        .contains(viewer + "webhooks")
        .contains(NotificationCatcher.WEBHOOK_SECRET)
        .containsPattern("metrics +intake http://127\\.0\\.0\\.1:\\d+/actuator/prometheus")
        .containsPattern("content http://127\\.0\\.0\\.1:\\d+/prometheus");
    HttpResponse<String> inbox =
        HTTP.send(
            HttpRequest.newBuilder(URI.create(viewer)).timeout(Duration.ofSeconds(5)).build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(inbox.statusCode()).isEqualTo(200);
    assertThat(inbox.body()).contains("Captured mail");

    for (String jar :
        List.of("intake-service.jar", "triage-service.jar", "content-service.jar", "gateway.jar")) {
      assertThat(childRunning(jar).info().arguments().map(List::of).orElse(List.of()))
          .as("%s exits on OutOfMemoryError, so the launcher restarts it", jar)
          .contains("-XX:+ExitOnOutOfMemoryError");
    }
    Map<String, String> intake = environment(childRunning("intake-service.jar"));
    Map<String, String> triage = environment(childRunning("triage-service.jar"));
    Map<String, String> content = environment(childRunning("content-service.jar"));
    for (Map<String, String> sender : List.of(intake, triage)) {
      assertThat(sender)
          .containsEntry("SPRING_MAIL_HOST", "127.0.0.1")
          .containsEntry("SPRING_MAIL_PORT", Integer.toString(ports.get("--smtp-port")))
          .containsEntry("CLINIC_NOTIFICATIONS_EMAIL_FROM", NotificationCatcher.SENDER);
    }
    assertThat(triage)
        .containsEntry(
            "CLINIC_NOTIFICATIONS_WEBHOOKS_PHYSICAL_THERAPY_URL",
            viewer + "webhooks/physical-therapy")
        .containsEntry(
            "CLINIC_NOTIFICATIONS_WEBHOOKS_MEDICATION_REVIEW_URL",
            viewer + "webhooks/medication-review")
        .containsEntry(
            "CLINIC_NOTIFICATIONS_WEBHOOKS_SURGICAL_CONSULT_URL",
            viewer + "webhooks/surgical-consult")
        .containsEntry(
            "CLINIC_NOTIFICATIONS_WEBHOOKS_PHYSICAL_THERAPY_SECRET",
            NotificationCatcher.WEBHOOK_SECRET);
    assertThat(intake).doesNotContainKey("CLINIC_NOTIFICATIONS_WEBHOOKS_PHYSICAL_THERAPY_URL");
    assertThat(content).doesNotContainKey("SPRING_MAIL_HOST");

    // One address for people, the demo accounts, and every service trusting the same issuer.
    String site = "http://localhost:" + ports.get("--gateway-port");
    String issuer = "http://localhost:" + ports.get("--identity-port");
    assertThat(output.text())
        .contains("Open " + site + " and sign in")
        .contains("clinician  / clinician-demo")
        .contains("frontdesk  / frontdesk-demo")
        .contains(issuer + "/oauth2/token");
    for (Map<String, String> service : List.of(intake, triage, content)) {
      assertThat(service).containsEntry("CLINIC_ISSUER_URI", issuer);
    }
    assertThat(content).containsEntry("CONTENT_PUBLIC_URL", site);
    assertThat(environment(childRunning("identity.jar")))
        .containsEntry("SPRING_PROFILES_ACTIVE", "local")
        .containsEntry("GATEWAY_URL", site);
    assertThat(environment(childRunning("gateway.jar")))
        .containsEntry("CLINIC_ISSUER_URI", issuer)
        .containsEntry("INTAKE_URLS", "http://127.0.0.1:" + ports.get("--intake-port"));

    killedServiceComesBackByItselfAndThePipelineGoesOn(ports, output);

    List<ProcessHandle> children = launcher.descendants().toList();
    // What Ctrl-C in the terminal sends to the launcher (the children are in their own sessions).
    new ProcessBuilder("kill", "-" + interruptSignal(), Long.toString(launcher.pid()))
        .start()
        .waitFor();

    assertThat(launcher.waitFor(120, TimeUnit.SECONDS)).as("the launcher exits").isTrue();
    output.drain();
    assertThat(output.text())
        .contains("[stack] services stopped")
        .contains("[stack] mail catcher stopped")
        .contains("[stack] Kafka stopped")
        .contains("[stack] PostgreSQL stopped");
    assertThat(children)
        .as("the launcher's children")
        .isNotEmpty()
        .noneMatch(ProcessHandle::isAlive);
    ports.forEach((option, port) -> Ports.requireFree(port, option, option));
  }

  /**
   * kill -9 of content-service: the launcher says so, starts it again after the first back-off
   * delay, and the new process serves readiness and takes its part of the pipeline again (an intake
   * gets its education packet, and the patient's page opens).
   */
  private void killedServiceComesBackByItselfAndThePipelineGoesOn(
      Map<String, Integer> ports, Output output) throws Exception {
    URI readiness = ClinicService.CONTENT.readinessUri(ports.get("--content-port"));
    ProcessHandle killed = childRunning("content-service.jar");
    long killedAt = System.nanoTime();
    assertThat(killed.destroyForcibly()).as("SIGKILL sent").isTrue();

    ProcessHandle restarted;
    try {
      restarted =
          await("a new content-service process that is ready")
              .atMost(RESTART)
              .pollInterval(Duration.ofMillis(100))
              .until(
                  () -> {
                    assertThat(launcher.isAlive()).as("the launcher runs").isTrue();
                    return launcher
                        .descendants()
                        .filter(p -> runs(p, "content-service.jar") && p.pid() != killed.pid())
                        .findFirst()
                        .filter(p -> answers200(readiness))
                        .orElse(null);
                  },
                  process -> process != null);
    } catch (ConditionTimeoutException e) {
      throw new AssertionError("content-service did not come back; output:\n" + output, e);
    }
    double seconds = (System.nanoTime() - killedAt) / 1e9;
    System.out.printf(
        Locale.ROOT, "[measure] content-service: kill -9 to ready again in %.1f s%n", seconds);
    assertThat(killed.isAlive()).isFalse();
    assertThat(restarted.isAlive()).isTrue();
    await("the launcher's restart lines")
        .atMost(Duration.ofSeconds(5))
        .until(() -> output.text().contains("[stack] content is ready again"));
    assertThat(output.text())
        .contains(
            "[stack] content exited unexpectedly with code 137; restart 1 in 1 s; log "
                + work.resolve("home").resolve("logs").resolve("content.log"))
        .doesNotContain("not started again");

    String frontDesk = token(ports, "demo-front-desk");
    String site = "http://localhost:" + ports.get("--gateway-port");
    HttpResponse<String> submitted =
        HTTP.send(
            HttpRequest.newBuilder(URI.create(site + "/api/intakes"))
                .timeout(Duration.ofSeconds(10))
                .header("Authorization", "Bearer " + frontDesk)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(LocalStack.EXAMPLE_INTAKE))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(submitted.statusCode()).as(submitted.body()).isEqualTo(201);
    String intakeId = JSON.readTree(submitted.body()).path("intakeId").asString();
    JsonNode intake =
        await("intake " + intakeId + " gets its education packet from the new content-service")
            .atMost(PIPELINE)
            .pollInterval(Duration.ofMillis(250))
            .until(
                () ->
                    JSON.readTree(
                        HTTP.send(
                                HttpRequest.newBuilder(
                                        URI.create(site + "/api/intakes/" + intakeId))
                                    .timeout(Duration.ofSeconds(10))
                                    .header("Authorization", "Bearer " + frontDesk)
                                    .build(),
                                HttpResponse.BodyHandlers.ofString())
                            .body()),
                body -> "EDUCATION_ASSIGNED".equals(body.path("status").asString()));
    System.out.printf(
        Locale.ROOT,
        "[measure] content-service: kill -9 to an intake's education packet in %.1f s%n",
        (System.nanoTime() - killedAt) / 1e9);
    HttpResponse<String> page =
        HTTP.send(
            HttpRequest.newBuilder(URI.create(intake.at("/education/packetUrl").asString()))
                .timeout(Duration.ofSeconds(10))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(page.statusCode()).isEqualTo(200);
    assertThat(page.body()).contains("<html");
  }

  @Test
  void busySmtpPortIsNamedBeforeAnythingStarts() throws Exception {
    Map<String, Integer> ports = freePorts();
    try (ServerSocket busy =
        new ServerSocket(ports.get("--smtp-port"), 50, InetAddress.getLoopbackAddress())) {
      Output output = launch(work.resolve("home-busy"), ports);

      assertThat(launcher.waitFor(60, TimeUnit.SECONDS)).as("the launcher exits").isTrue();
      output.drain();
      assertThat(launcher.exitValue()).isEqualTo(1);
      assertThat(output.text())
          .contains(
              "Port %d for the mail catcher's SMTP server is already in use"
                  .formatted(busy.getLocalPort()))
          .contains("--smtp-port")
          .doesNotContain("starting");
    }
  }

  private static Map<String, Integer> freePorts() {
    Map<String, Integer> ports = new LinkedHashMap<>();
    for (String option :
        List.of(
            "--postgres-port",
            "--kafka-port",
            "--kafka-controller-port",
            "--intake-port",
            "--triage-port",
            "--content-port",
            "--gateway-port",
            "--identity-port",
            "--smtp-port",
            "--mail-port")) {
      ports.put(option, Ports.free());
    }
    return ports;
  }

  private Output launch(Path home, Map<String, Integer> ports) throws IOException {
    Path jar = LocalStack.repositoryRoot().resolve("local-stack/target/local-stack.jar");
    assertThat(jar).as("the launcher is packaged before the ITs run").isRegularFile();
    List<String> command = new ArrayList<>();
    command.add(ChildProcess.currentJava());
    command.add("-Dclinic.repository.root=" + repository);
    command.add("-jar");
    command.add(jar.toString());
    command.add("--home");
    command.add(home.toString());
    ports.forEach(
        (option, port) -> {
          command.add(option);
          command.add(Integer.toString(port));
        });
    launcher = new ProcessBuilder(command).redirectErrorStream(true).start();
    launcher.getOutputStream().close();
    return new Output(launcher);
  }

  private ProcessHandle childRunning(String jar) {
    return launcher
        .descendants()
        .filter(p -> runs(p, jar))
        .findFirst()
        .orElseThrow(() -> new AssertionError("no child process runs " + jar));
  }

  private static boolean runs(ProcessHandle process, String jar) {
    return process.info().arguments().map(Arrays::asList).orElse(List.of()).stream()
        .anyMatch(argument -> argument.endsWith(jar));
  }

  private static boolean answers200(URI uri) {
    try {
      return HTTP.send(
                  HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(2)).build(),
                  HttpResponse.BodyHandlers.discarding())
              .statusCode()
          == 200;
    } catch (IOException e) {
      return false;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  /** A token from the demo provider for one of its command-line clients, as the README shows. */
  private static String token(Map<String, Integer> ports, String client) throws Exception {
    String basic =
        Base64.getEncoder()
            .encodeToString((client + ":demo-secret").getBytes(StandardCharsets.UTF_8));
    HttpResponse<String> response =
        HTTP.send(
            HttpRequest.newBuilder(
                    URI.create(
                        "http://localhost:" + ports.get("--identity-port") + "/oauth2/token"))
                .header("Authorization", "Basic " + basic)
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString("grant_type=client_credentials"))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
    return JSON.readTree(response.body()).path("access_token").asString();
  }

  /**
   * SIGINT, unless the build itself was started in the background of a non-interactive shell: its
   * processes then inherit SIGINT as ignored, and the JVM leaves it so. SIGTERM reaches the same
   * shutdown hook.
   */
  private String interruptSignal() throws IOException {
    String ignored =
        Files.readAllLines(Path.of("/proc", Long.toString(launcher.pid()), "status")).stream()
            .filter(line -> line.startsWith("SigIgn:"))
            .map(line -> line.substring("SigIgn:".length()).strip())
            .findFirst()
            .orElse("0");
    boolean sigintIgnored = (Long.parseUnsignedLong(ignored, 16) & 0x2) != 0;
    return sigintIgnored ? "TERM" : "INT";
  }

  /** The environment a process was started with (Linux). */
  private static Map<String, String> environment(ProcessHandle process) throws IOException {
    String environ = Files.readString(Path.of("/proc", Long.toString(process.pid()), "environ"));
    return Arrays.stream(environ.split("\0"))
        .filter(entry -> entry.contains("="))
        .collect(
            Collectors.toMap(
                entry -> entry.substring(0, entry.indexOf('=')),
                entry -> entry.substring(entry.indexOf('=') + 1),
                (first, second) -> second));
  }

  /** The launcher's console, kept for assertions and copied to the test's output file. */
  private static final class Output {
    private final StringBuffer text = new StringBuffer();
    private final Thread reader;

    Output(Process process) {
      reader =
          Thread.ofPlatform()
              .daemon()
              .start(
                  () -> {
                    try (BufferedReader lines =
                        new BufferedReader(
                            new InputStreamReader(
                                process.getInputStream(), StandardCharsets.UTF_8))) {
                      String line;
                      while ((line = lines.readLine()) != null) {
                        text.append(line).append('\n');
                        System.out.println("[launcher] " + line);
                      }
                    } catch (IOException e) {
                      // The process ended.
                    }
                  });
    }

    String text() {
      return text.toString();
    }

    /** Waits for the last lines after the process ended. */
    void drain() throws InterruptedException {
      reader.join(Duration.ofSeconds(5));
    }

    @Override
    public String toString() {
      return text();
    }
  }
}
