package clinic.stack;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * A child process of the stack: its output goes, line by line and prefixed with its name, to the
 * console and to a log file, and the last lines stay in memory for error messages. Stopping it asks
 * politely (SIGTERM, so Spring, Micronaut and Kafka shut down cleanly), then forcibly, and then
 * kills anything it spawned.
 */
final class ChildProcess {

  /** Marks every JVM the stack starts, so a later run can find the ones a killed launcher left. */
  static final String HOME_PROPERTY = "clinic.stack.home";

  private static final int TAIL_LINES = 200;
  private static final Path SETSID = Path.of("/usr/bin/setsid");

  private final String name;
  private final List<String> command;
  private final Map<String, String> environment;
  private final Path logFile;
  private final PrintStream console;
  private final Process process;
  private final Deque<String> tail = new ArrayDeque<>();
  private final Thread pump;
  private volatile boolean stopping;

  private ChildProcess(
      String name,
      List<String> command,
      Map<String, String> environment,
      Path logFile,
      PrintStream console,
      Process process)
      throws IOException {
    this.name = name;
    this.command = command;
    this.environment = environment;
    this.logFile = logFile;
    this.console = console;
    this.process = process;
    Writer log =
        Files.newBufferedWriter(
            logFile, StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
    this.pump = Thread.ofPlatform().name(name + "-output").daemon().start(() -> pump(log, console));
  }

  /**
   * Starts {@code command} in its own session (when {@code setsid} exists) so that a Ctrl-C in the
   * terminal reaches only the launcher, which then stops the children in order. Without it the
   * terminal would signal every child at once and the broker could go before the services.
   */
  static ChildProcess start(
      String name,
      List<String> command,
      Map<String, String> environment,
      Path logFile,
      PrintStream console)
      throws IOException {
    List<String> full = new ArrayList<>();
    if (Files.isExecutable(SETSID)) {
      full.add(SETSID.toString());
    }
    full.addAll(command);
    ProcessBuilder builder = new ProcessBuilder(full).redirectErrorStream(true);
    builder.environment().putAll(environment);
    Files.createDirectories(logFile.getParent());
    Process process = builder.start();
    process.getOutputStream().close();
    return new ChildProcess(
        name, List.copyOf(command), Map.copyOf(environment), logFile, console, process);
  }

  /**
   * Starts the same command again, with the same environment, name and log file (appended to), as a
   * new child: for a process that exited.
   */
  ChildProcess startAgain() throws IOException {
    return start(name, command, environment, logFile, console);
  }

  /** The java binary this JVM runs on, so children use the same JDK 21+ as the launcher. */
  static String currentJava() {
    return ProcessHandle.current()
        .info()
        .command()
        .orElse(Path.of(System.getProperty("java.home"), "bin", "java").toString());
  }

  String name() {
    return name;
  }

  long pid() {
    return process.pid();
  }

  boolean isAlive() {
    return process.isAlive();
  }

  /** Completes when the process ends; {@link #stopRequested()} tells a crash from a stop. */
  CompletableFuture<Process> onExit() {
    return process.onExit();
  }

  boolean stopRequested() {
    return stopping;
  }

  int exitValue() {
    return process.exitValue();
  }

  /** Waits for the process to end by itself, e.g. a one-off tool. */
  boolean waitFor(Duration timeout) throws InterruptedException {
    boolean ended = process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
    if (ended) {
      pump.join(Duration.ofSeconds(2));
    }
    return ended;
  }

  /** The last {@code lines} lines of output, for error messages. */
  List<String> tail(int lines) {
    synchronized (tail) {
      List<String> all = new ArrayList<>(tail);
      return all.subList(Math.max(0, all.size() - lines), all.size());
    }
  }

  /**
   * Stops the process and everything below it. Descendants are collected first: once the parent is
   * gone they are re-parented and no longer reachable from it.
   */
  void stop(Duration grace) {
    stopping = true;
    List<ProcessHandle> family = process.descendants().toList();
    try {
      if (process.isAlive()) {
        process.destroy();
        if (!process.waitFor(grace.toMillis(), TimeUnit.MILLISECONDS)) {
          process.destroyForcibly();
          process.waitFor(10, TimeUnit.SECONDS);
        }
      }
      for (ProcessHandle left : family) {
        if (left.isAlive()) {
          left.destroyForcibly();
          left.onExit().get(5, TimeUnit.SECONDS);
        }
      }
      pump.join(Duration.ofSeconds(2));
    } catch (InterruptedException e) {
      process.destroyForcibly();
      Thread.currentThread().interrupt();
    } catch (Exception e) {
      // A descendant that would not die within 5 s after SIGKILL: nothing more can be done here.
    }
  }

  private void pump(Writer log, PrintStream console) {
    try (log;
        BufferedReader reader =
            new BufferedReader(
                new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
      String line;
      while ((line = reader.readLine()) != null) {
        log.write(line);
        log.write(System.lineSeparator());
        log.flush();
        synchronized (tail) {
          if (tail.size() == TAIL_LINES) {
            tail.removeFirst();
          }
          tail.addLast(line);
        }
        if (console != null) {
          console.println("[" + name + "] " + line);
        }
      }
    } catch (IOException e) {
      // The stream breaks when the process is killed; whatever was read is already logged.
    }
  }
}
