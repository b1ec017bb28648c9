package clinic.stack;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * Processes a previous run left behind because its launcher was killed with SIGKILL (a clean stop
 * leaves none). The children run in their own sessions, so they outlive such a launcher and would
 * hold the ports and the data directory. They are recognised by the stack-home marker on their
 * command line, or, for PostgreSQL, by its postmaster.pid in this stack's data directory.
 */
final class Leftovers {

  private Leftovers() {}

  static void stop(Path stackHome, Path postgresData, PrintStream out)
      throws IOException, InterruptedException {
    String marker = "-D" + ChildProcess.HOME_PROPERTY + "=" + stackHome.toAbsolutePath();
    List<ProcessHandle> javas =
        ProcessHandle.allProcesses()
            .filter(p -> p.pid() != ProcessHandle.current().pid())
            .filter(p -> arguments(p).contains(marker))
            .toList();
    // The launcher's order: services, then the broker, then PostgreSQL.
    stopAll(javas.stream().filter(p -> !arguments(p).contains("kafka.Kafka")).toList(), out);
    stopAll(javas.stream().filter(p -> arguments(p).contains("kafka.Kafka")).toList(), out);
    Optional<ProcessHandle> postmaster = Postgres.postmasterOf(postgresData.toAbsolutePath());
    if (postmaster.isPresent()) {
      out.println(
          "[stack] stopping PostgreSQL (pid %d) left running by an earlier launcher"
              .formatted(postmaster.get().pid()));
      Postgres.stopOrphan(postmaster.get());
    }
  }

  private static void stopAll(List<ProcessHandle> processes, PrintStream out) {
    for (ProcessHandle process : processes) {
      out.println(
          "[stack] stopping pid %d left running by an earlier launcher: %s"
              .formatted(process.pid(), process.info().commandLine().orElse("?")));
      process.destroy();
    }
    for (ProcessHandle process : processes) {
      try {
        process.onExit().get(30, TimeUnit.SECONDS);
      } catch (Exception e) {
        process.destroyForcibly();
      }
    }
  }

  private static List<String> arguments(ProcessHandle process) {
    return process.info().arguments().map(List::of).orElse(List.of());
  }
}
