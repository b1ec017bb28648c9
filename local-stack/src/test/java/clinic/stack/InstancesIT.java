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
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.awaitility.core.ConditionTimeoutException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * {@code ./run --instances 2}, as a person starts it: two instances of intake, triage and content
 * behind one gateway, on the same broker and databases. Intakes submitted through the gateway are
 * decided and educated, both intake instances take submissions, and while one intake instance is
 * killed (and restarted by the launcher) every submission through the gateway is still accepted: no
 * 5xx. One launcher serves every check.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class InstancesIT {

  private static final Duration READY = Duration.ofSeconds(300);
  private static final Duration PIPELINE = Duration.ofSeconds(120);
  private static final Duration RESTART = Duration.ofSeconds(150);
  private static final JsonMapper JSON = JsonMapper.builder().build();
  private static final Pattern SUBMITTED =
      Pattern.compile("(?m)^clinic_intakes_submitted_total(?:\\{[^}]*})? (\\S+)$");
  private static final HttpClient HTTP =
      HttpClient.newBuilder()
          .version(HttpClient.Version.HTTP_1_1)
          .connectTimeout(Duration.ofSeconds(2))
          .build();

  @TempDir static Path work;
  private static final Map<String, Integer> PORTS = new LinkedHashMap<>();
  private static Process launcher;
  private static StringBuffer output;
  private static String site;

  @BeforeAll
  static void startTwoInstancesOfEachService() throws Exception {
    Path repository = work.resolve("repository");
    RunningStack.snapshotJars(LocalStack.repositoryRoot(), repository);
    for (String option :
        List.of(
            "--postgres-port",
            "--kafka-port",
            "--kafka-controller-port",
            "--gateway-port",
            "--identity-port",
            "--smtp-port",
            "--mail-port")) {
      PORTS.put(option, Ports.free());
    }
    for (String option : List.of("--intake-port", "--triage-port", "--content-port")) {
      PORTS.put(option, freeWithSecondInstance());
    }
    Path jar = LocalStack.repositoryRoot().resolve("local-stack/target/local-stack.jar");
    assertThat(jar).as("the launcher is packaged before the ITs run").isRegularFile();
    List<String> command = new ArrayList<>();
    command.add(ChildProcess.currentJava());
    command.add("-Dclinic.repository.root=" + repository);
    command.add("-jar");
    command.add(jar.toString());
    command.addAll(List.of("--home", work.resolve("home").toString()));
    command.addAll(List.of("--instances", "2", "--timeout", Long.toString(READY.toSeconds())));
    PORTS.forEach(
        (option, port) -> {
          command.add(option);
          command.add(Integer.toString(port));
        });
    launcher = new ProcessBuilder(command).redirectErrorStream(true).start();
    launcher.getOutputStream().close();
    output = new StringBuffer();
    Thread.ofPlatform()
        .daemon()
        .start(
            () -> {
              try (BufferedReader lines =
                  new BufferedReader(
                      new InputStreamReader(launcher.getInputStream(), StandardCharsets.UTF_8))) {
                String line;
                while ((line = lines.readLine()) != null) {
                  output.append(line).append('\n');
                  System.out.println("[launcher] " + line);
                }
              } catch (IOException e) {
                // The launcher ended.
              }
            });
    try {
      await("the launcher's ready message")
          .atMost(READY.plusSeconds(30))
          .pollInterval(Duration.ofMillis(500))
          .until(
              () -> {
                assertThat(launcher.isAlive())
                    .as("the launcher runs; output:%n%s", output)
                    .isTrue();
                return output.toString().contains("[stack] ready in");
              });
    } catch (ConditionTimeoutException e) {
      throw new AssertionError("not ready within " + READY + "; output:\n" + output, e);
    }
    site = "http://localhost:" + PORTS.get("--gateway-port");
  }

  /** SIGTERM, as Ctrl-C does: everything stops, the restarted instance included. */
  @AfterAll
  static void stopTheLauncher() throws Exception {
    if (launcher == null) {
      return;
    }
    List<ProcessHandle> children = launcher.descendants().toList();
    launcher.destroy();
    boolean stopped = launcher.waitFor(120, TimeUnit.SECONDS);
    if (!stopped) {
      launcher.descendants().forEach(ProcessHandle::destroyForcibly);
      launcher.destroyForcibly();
    }
    assertThat(stopped).as("the launcher stops").isTrue();
    assertThat(children).as("the launcher's children").noneMatch(ProcessHandle::isAlive);
  }

  @Test
  @Order(1)
  void eachInstanceHasItsPortAndLogAndTheGatewayKnowsThemAll() throws Exception {
    int intake = PORTS.get("--intake-port");
    assertThat(output.toString())
        .contains("intake-1 http://127.0.0.1:" + intake)
        .contains("intake-2 http://127.0.0.1:" + (intake + 10))
        .contains("content-2 http://127.0.0.1:" + (PORTS.get("--content-port") + 10))
        .contains("2 instances of each service")
        .containsPattern("\\[intake-2\\] .*Started");
    Path logs = work.resolve("home").resolve("logs");
    for (String name :
        List.of("intake-1", "intake-2", "triage-1", "triage-2", "content-1", "content-2")) {
      assertThat(logs.resolve(name + ".log")).as(name).isNotEmptyFile();
    }
    assertThat(childOnPort(intake + 10).info().arguments().map(Arrays::asList).orElseThrow())
        .anyMatch(argument -> argument.endsWith("intake-service.jar"));
    Map<String, String> gateway = environment(childRunning("gateway.jar"));
    assertThat(gateway)
        .containsEntry(
            "INTAKE_URLS",
            "http://127.0.0.1:%d,http://127.0.0.1:%d".formatted(intake, intake + 10));
    assertThat(gateway.get("TRIAGE_URLS").split(",")).hasSize(2);
    assertThat(gateway.get("CONTENT_URLS").split(",")).hasSize(2);
  }

  @Test
  @Order(2)
  void intakesAreDecidedAndEducatedAndBothIntakeInstancesTakeThem() throws Exception {
    String frontDesk = token("demo-front-desk");
    List<String> intakes = new ArrayList<>();
    for (int i = 0; i < 8; i++) {
      HttpResponse<String> submitted = submit(frontDesk);
      assertThat(submitted.statusCode()).as(submitted.body()).isEqualTo(201);
      intakes.add(JSON.readTree(submitted.body()).path("intakeId").asString());
    }

    for (String intakeId : intakes) {
      JsonNode intake = awaitEducated(frontDesk, intakeId);
      assertThat(intake.at("/triage/route").asString()).isNotBlank();
    }
    int intake = PORTS.get("--intake-port");
    String metrics = token("clinic-prometheus");
    double first = submittedOn(intake, metrics);
    double second = submittedOn(intake + 10, metrics);
    System.out.printf(
        Locale.ROOT,
        "[measure] intakes stored by intake-1: %.0f, by intake-2: %.0f%n",
        first,
        second);
    assertThat(first).as("intakes stored by intake-1").isPositive();
    assertThat(second).as("intakes stored by intake-2").isPositive();
  }

  /**
   * kill -9 of intake-1: submissions through the gateway keep being accepted (by intake-2) while it
   * is down and while the launcher starts it again, and all of them are decided and educated.
   */
  @Test
  @Order(3)
  void whileOneIntakeInstanceIsKilledEverySubmissionIsAccepted() throws Exception {
    String frontDesk = token("demo-front-desk");
    ProcessHandle killed = childOnPort(PORTS.get("--intake-port"));
    long killedAt = System.nanoTime();
    assertThat(killed.destroyForcibly()).as("SIGKILL sent").isTrue();
    killed.onExit().get(10, TimeUnit.SECONDS);

    List<String> intakes = new ArrayList<>();
    List<String> refused = new ArrayList<>();
    try {
      await("intake-1 ready again, submitting all the while")
          .atMost(RESTART)
          // Two submissions a second: enough to hit the dead instance often, little load besides.
          .pollInterval(Duration.ofMillis(500))
          .until(
              () -> {
                HttpResponse<String> submitted = submit(frontDesk);
                if (submitted.statusCode() == 201) {
                  intakes.add(JSON.readTree(submitted.body()).path("intakeId").asString());
                } else {
                  refused.add(submitted.statusCode() + " " + submitted.body());
                }
                return output.toString().contains("[stack] intake-1 is ready again");
              });
    } catch (ConditionTimeoutException e) {
      throw new AssertionError("intake-1 did not come back; output:\n" + output, e);
    }
    System.out.printf(
        Locale.ROOT,
        "[measure] intake-1 killed: %d submissions accepted, %d refused, ready again in %.1f s%n",
        intakes.size(),
        refused.size(),
        (System.nanoTime() - killedAt) / 1e9);
    assertThat(refused).as("submissions not accepted while intake-1 was down").isEmpty();
    assertThat(intakes).hasSizeGreaterThan(5);
    assertThat(output.toString())
        .contains("[stack] intake-1 exited unexpectedly with code 137; restart 1 in 1 s; log ")
        .contains(work.resolve("home").resolve("logs").resolve("intake-1.log").toString());

    for (String intakeId : intakes) {
      awaitEducated(frontDesk, intakeId);
    }
  }

  private static HttpResponse<String> submit(String token) throws Exception {
    return HTTP.send(
        HttpRequest.newBuilder(URI.create(site + "/api/intakes"))
            .timeout(Duration.ofSeconds(20))
            .header("Authorization", "Bearer " + token)
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(LocalStack.EXAMPLE_INTAKE))
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }

  private static JsonNode awaitEducated(String token, String intakeId) {
    return await("intake " + intakeId + " decided and educated")
        .atMost(PIPELINE)
        .pollInterval(Duration.ofMillis(250))
        .until(
            () ->
                JSON.readTree(
                    HTTP.send(
                            HttpRequest.newBuilder(URI.create(site + "/api/intakes/" + intakeId))
                                .timeout(Duration.ofSeconds(20))
                                .header("Authorization", "Bearer " + token)
                                .build(),
                            HttpResponse.BodyHandlers.ofString())
                        .body()),
            body -> "EDUCATION_ASSIGNED".equals(body.path("status").asString()));
  }

  /** What one intake instance counted (intakes it stored), from its Prometheus scrape. */
  private static double submittedOn(int port, String metricsToken) throws Exception {
    HttpResponse<String> scrape =
        HTTP.send(
            HttpRequest.newBuilder(ClinicService.INTAKE.metricsUri(port))
                .timeout(Duration.ofSeconds(10))
                .header("Authorization", "Bearer " + metricsToken)
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(scrape.statusCode()).isEqualTo(200);
    Matcher matcher = SUBMITTED.matcher(scrape.body());
    assertThat(matcher.find()).as("clinic_intakes_submitted_total on port %d", port).isTrue();
    return Double.parseDouble(matcher.group(1));
  }

  /** A token from the demo provider for one of its command-line clients. */
  private static String token(String client) throws Exception {
    String basic =
        Base64.getEncoder()
            .encodeToString((client + ":demo-secret").getBytes(StandardCharsets.UTF_8));
    HttpResponse<String> response =
        HTTP.send(
            HttpRequest.newBuilder(
                    URI.create(
                        "http://localhost:" + PORTS.get("--identity-port") + "/oauth2/token"))
                .header("Authorization", "Basic " + basic)
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString("grant_type=client_credentials"))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
    return JSON.readTree(response.body()).path("access_token").asString();
  }

  /** A free port whose second instance's port (+10) is free too. */
  private static int freeWithSecondInstance() {
    while (true) {
      int port = Ports.free();
      if (port + Wiring.INSTANCE_PORT_STEP <= 65535 && free(port + Wiring.INSTANCE_PORT_STEP)) {
        return port;
      }
    }
  }

  private static boolean free(int port) {
    try (ServerSocket socket = new ServerSocket(port, 1, InetAddress.getLoopbackAddress())) {
      return true;
    } catch (IOException e) {
      return false;
    }
  }

  private static ProcessHandle childRunning(String jar) {
    return launcher
        .descendants()
        .filter(
            p ->
                p.info().arguments().map(Arrays::asList).orElse(List.of()).stream()
                    .anyMatch(argument -> argument.endsWith(jar)))
        .findFirst()
        .orElseThrow(() -> new AssertionError("no child process runs " + jar));
  }

  /** The service JVM started with {@code SERVER_PORT=port}. */
  private static ProcessHandle childOnPort(int port) {
    return launcher
        .descendants()
        .filter(
            p -> {
              try {
                return Integer.toString(port).equals(environment(p).get("SERVER_PORT"));
              } catch (IOException e) {
                return false; // Gone meanwhile.
              }
            })
        .findFirst()
        .orElseThrow(() -> new AssertionError("no child process listens on " + port));
  }

  /** The environment a process was started with (Linux). */
  private static Map<String, String> environment(ProcessHandle process) throws IOException {
    String environ = Files.readString(Path.of("/proc", Long.toString(process.pid()), "environ"));
    Map<String, String> environment = new LinkedHashMap<>();
    for (String entry : environ.split("\0")) {
      int equals = entry.indexOf('=');
      if (equals > 0) {
        environment.put(entry.substring(0, equals), entry.substring(equals + 1));
      }
    }
    return environment;
  }
}
