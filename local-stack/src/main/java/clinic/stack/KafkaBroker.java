package clinic.stack;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import kafka.tools.StorageTool;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.DescribeClusterOptions;
import org.apache.kafka.common.Uuid;

/**
 * A real single-node Kafka broker in KRaft mode (one process is both controller and broker), run as
 * a child JVM from the jars in the launcher's {@code lib/} directory. It logs to {@code kafka.log}
 * in its directory, not to the console.
 */
final class KafkaBroker implements AutoCloseable {

  private static final Duration STOP_GRACE = Duration.ofSeconds(30);

  private final ChildProcess process;
  private final Path directory;
  private final int port;

  private KafkaBroker(ChildProcess process, Path directory, int port) {
    this.process = process;
    this.directory = directory;
    this.port = port;
  }

  /**
   * Formats {@code directory} on first use, starts the broker and waits until it answers a
   * describe-cluster request.
   *
   * @param port the client listener on 127.0.0.1
   * @param controllerPort the KRaft controller listener on 127.0.0.1
   * @param console where the child's own output goes (the broker logs to a file); null for none
   */
  static KafkaBroker start(
      Path directory, int port, int controllerPort, Duration timeout, PrintStream console)
      throws IOException, InterruptedException {
    return start(directory, port, controllerPort, JvmProfile.STARTUP, timeout, console);
  }

  /** As {@link #start(Path, int, int, Duration, PrintStream)}, with the JVM of {@code jvm}. */
  static KafkaBroker start(
      Path directory,
      int port,
      int controllerPort,
      JvmProfile jvm,
      Duration timeout,
      PrintStream console)
      throws IOException, InterruptedException {
    Path home = directory.toAbsolutePath();
    Path data = home.resolve("data");
    Files.createDirectories(data);
    Path config = home.resolve("server.properties");
    Files.writeString(config, serverProperties(data, port, controllerPort));
    Path logConfig = home.resolve("log4j2.xml");
    try (InputStream template = KafkaBroker.class.getResourceAsStream("kafka-log4j2.xml")) {
      Files.write(logConfig, template.readAllBytes());
    }
    Path log = home.resolve("kafka.log");
    if (!Files.exists(data.resolve("meta.properties"))) {
      format(home, config, console);
    }
    List<String> command = jvm(jvm, home, logConfig, log);
    command.add("kafka.Kafka");
    command.add(config.toString());
    ChildProcess broker =
        ChildProcess.start("kafka", command, Map.of(), home.resolve("kafka.out"), console);
    KafkaBroker started = new KafkaBroker(broker, home, port);
    try {
      started.awaitReady(timeout);
    } catch (RuntimeException | InterruptedException e) {
      started.close();
      throw e;
    }
    return started;
  }

  String bootstrapServers() {
    return "127.0.0.1:" + port;
  }

  ChildProcess process() {
    return process;
  }

  /** The end of the broker's log file, for error messages. */
  List<String> logTail(int lines) {
    Path log = directory.resolve("kafka.log");
    try {
      List<String> all = Files.readAllLines(log, StandardCharsets.UTF_8);
      return all.subList(Math.max(0, all.size() - lines), all.size());
    } catch (IOException e) {
      return process.tail(lines);
    }
  }

  /** Controlled shutdown (SIGTERM), so the next start needs no log recovery. */
  @Override
  public void close() {
    process.stop(STOP_GRACE);
  }

  /**
   * Static voters rather than a dynamic quorum: the controller's address then comes from this file
   * on every start instead of being written into the metadata log at format time, so a restart on
   * another controller port still works.
   */
  private static String serverProperties(Path data, int port, int controllerPort) {
    return """
        # Written by the local stack on every start; edits are overwritten.
        process.roles=broker,controller
        node.id=1
        controller.quorum.voters=1@127.0.0.1:%2$d
        listeners=PLAINTEXT://127.0.0.1:%1$d,CONTROLLER://127.0.0.1:%2$d
        advertised.listeners=PLAINTEXT://127.0.0.1:%1$d
        controller.listener.names=CONTROLLER
        inter.broker.listener.name=PLAINTEXT
        listener.security.protocol.map=CONTROLLER:PLAINTEXT,PLAINTEXT:PLAINTEXT
        log.dirs=%3$s
        num.partitions=3
        default.replication.factor=1
        min.insync.replicas=1
        offsets.topic.replication.factor=1
        offsets.topic.num.partitions=6
        transaction.state.log.replication.factor=1
        transaction.state.log.min.isr=1
        transaction.state.log.num.partitions=6
        share.coordinator.state.topic.replication.factor=1
        share.coordinator.state.topic.min.isr=1
        group.initial.rebalance.delay.ms=0
        """
        .formatted(port, controllerPort, data);
  }

  /**
   * Runs the storage tool in this JVM ({@code execute} reports failures instead of exiting), which
   * saves a JVM start on a fresh directory.
   */
  private static void format(Path home, Path config, PrintStream console) {
    ByteArrayOutputStream output = new ByteArrayOutputStream();
    int code;
    try (PrintStream print = new PrintStream(output, true, StandardCharsets.UTF_8)) {
      code =
          StorageTool.execute(
              new String[] {
                "format",
                "--cluster-id",
                Uuid.randomUuid().toString(),
                "--config",
                config.toString(),
                "--ignore-formatted"
              },
              print);
    } catch (RuntimeException e) {
      throw new StackException(
          "Formatting the Kafka storage in %s failed: %s%n%s"
              .formatted(home, e.getMessage(), output.toString(StandardCharsets.UTF_8)),
          e);
    }
    if (console != null) {
      output
          .toString(StandardCharsets.UTF_8)
          .lines()
          .forEach(line -> console.println("[kafka] " + line));
    }
    if (code != 0) {
      throw new StackException(
          "Formatting the Kafka storage in %s failed (exit %d):%n%s"
              .formatted(home, code, output.toString(StandardCharsets.UTF_8)));
    }
  }

  private static List<String> jvm(JvmProfile jvm, Path home, Path logConfig, Path log) {
    List<String> command = new ArrayList<>();
    command.add(ChildProcess.currentJava());
    command.addAll(jvm.brokerOptions());
    command.add("-Djava.awt.headless=true");
    if (Runtime.version().feature() >= 23) {
      // Kafka 4.1 unmaps its index files through sun.misc.Unsafe; JDK 23+ warns on stderr.
      command.add("--sun-misc-unsafe-memory-access=allow");
    }
    command.add("-D" + ChildProcess.HOME_PROPERTY + "=" + home.getParent());
    command.add("-Dlog4j2.configurationFile=" + logConfig);
    command.add("-Dclinic.kafka.log=" + log);
    command.add("-cp");
    command.add(libraryDirectory().resolve("*").toString());
    return command;
  }

  /**
   * The jars of the launcher: {@code lib/} beside {@code local-stack.jar}, or beside {@code
   * target/classes} when run from the build (the tests).
   */
  static Path libraryDirectory() {
    try {
      Path code =
          Path.of(KafkaBroker.class.getProtectionDomain().getCodeSource().getLocation().toURI());
      Path lib = code.getParent().resolve("lib");
      if (!Files.isDirectory(lib)) {
        throw new StackException(
            "No "
                + lib
                + ": the Kafka broker runs from the launcher's dependencies. Build with `./mvnw -DskipTests package` first.");
      }
      return lib;
    } catch (URISyntaxException e) {
      throw new IllegalStateException(e);
    }
  }

  private void awaitReady(Duration timeout) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    // Poll the socket first: the admin client logs a warning for every refused connection.
    while (!listening()) {
      checkAliveAndInTime(deadline, timeout);
      Thread.sleep(200);
    }
    Properties properties = new Properties();
    properties.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers());
    properties.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 5_000);
    properties.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 5_000);
    try (Admin admin = Admin.create(properties)) {
      while (true) {
        checkAliveAndInTime(deadline, timeout);
        try {
          var nodes =
              admin
                  .describeCluster(new DescribeClusterOptions().timeoutMs(5_000))
                  .nodes()
                  .get(6, TimeUnit.SECONDS);
          if (!nodes.isEmpty()) {
            return;
          }
        } catch (Exception e) {
          // Not ready yet: the controller is still electing itself.
        }
        Thread.sleep(200);
      }
    }
  }

  private boolean listening() {
    try (Socket socket = new Socket()) {
      socket.connect(new InetSocketAddress("127.0.0.1", port), 500);
      return true;
    } catch (IOException e) {
      return false;
    }
  }

  private void checkAliveAndInTime(long deadline, Duration timeout) {
    if (!process.isAlive()) {
      throw new StackException(
          "The Kafka broker exited with code %d while starting. Last lines of %s:%n%s"
              .formatted(
                  process.exitValue(),
                  directory.resolve("kafka.log"),
                  String.join(System.lineSeparator(), logTail(30))));
    }
    if (System.nanoTime() > deadline) {
      throw new StackException(
          "The Kafka broker did not answer on %s within %d s. Last lines of %s:%n%s"
              .formatted(
                  bootstrapServers(),
                  timeout.toSeconds(),
                  directory.resolve("kafka.log"),
                  String.join(System.lineSeparator(), logTail(30))));
    }
  }
}
