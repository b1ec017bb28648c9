package clinic.stack;

import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * {@code local-stack/run-chaos}: starts a fresh stack as {@code ./run} does (own directory, ports
 * as given), runs {@link Chaos} against it with every fault, writes the Markdown report and stops
 * the stack. Exits 0 only if nothing was lost or duplicated and no intake got a 5xx while an
 * instance of intake-service was up.
 */
public final class ChaosCommand {

  static final String USAGE =
      """
      Usage: local-stack/run-chaos [RATE] [SECONDS] [options] [launcher options]

      Starts a fresh local stack (default home .local-stack-chaos), posts RATE intakes a second
      (default 20) through the gateway for SECONDS (default 180) while it kills every service
      instance in turn (SIGKILL; the launcher restarts them), kills and restarts the Kafka broker,
      and crashes and restarts PostgreSQL; waits for the pipeline to drain, checks the databases and
      the mail catcher, and writes a Markdown report.

        --report FILE        where the report goes (default local-stack/target/chaos/report.md)
        --down SECONDS       how long the broker and PostgreSQL stay down (default 5)
        --confirm-every N    a clinician confirms every N-th accepted intake's referral (default 10)
        anything else        goes to the launcher (./run --help): --home, --postgres-port, ...
      """;

  private ChaosCommand() {}

  public static void main(String[] args) throws Exception {
    Path root = LocalStack.repositoryRoot();
    double rate = 20;
    int seconds = 180;
    int down = 5;
    int confirmEvery = 10;
    Path report = root.resolve("local-stack/target/chaos/report.md");
    List<String> launcher = new ArrayList<>(List.of("--fresh"));
    boolean homeGiven = false;
    int positional = 0;
    try {
      for (int i = 0; i < args.length; i++) {
        String arg = args[i];
        switch (arg) {
          case "--help", "-h" -> {
            System.out.print(USAGE);
            return;
          }
          case "--report" -> report = Path.of(args[++i]).toAbsolutePath();
          case "--down" -> down = Integer.parseInt(args[++i]);
          case "--confirm-every" -> confirmEvery = Integer.parseInt(args[++i]);
          default -> {
            if (!arg.startsWith("-") && positional == 0) {
              rate = Double.parseDouble(arg);
              positional++;
            } else if (!arg.startsWith("-") && positional == 1) {
              seconds = Integer.parseInt(arg);
              positional++;
            } else {
              homeGiven |= arg.equals("--home");
              launcher.add(arg);
            }
          }
        }
      }
      if (!homeGiven) {
        launcher.add("--home");
        launcher.add(root.resolve(".local-stack-chaos").toString());
      }
    } catch (RuntimeException e) {
      System.err.println("Bad arguments: " + e.getMessage());
      System.err.print(USAGE);
      System.exit(2);
      return;
    }
    Options options;
    try {
      options = Options.parse(launcher.toArray(String[]::new), root.resolve(".local-stack-chaos"));
    } catch (IllegalArgumentException e) {
      System.err.println(e.getMessage());
      System.err.print(Options.USAGE);
      System.exit(2);
      return;
    }
    String command =
        "local-stack/run-chaos %s %d %s"
            .formatted(
                String.format(Locale.ROOT, "%.0f", rate),
                seconds,
                String.join(" ", launcher.subList(1, launcher.size())))
            .strip();
    // The children's output goes to their log files only: the console is the run's and the
    // launcher's.
    PrintStream console =
        new PrintStream(System.out, true, StandardCharsets.UTF_8) {
          @Override
          public void println(String line) {
            if (line.startsWith("[stack]") || line.startsWith("[chaos]")) {
              super.println(line);
            }
          }
        };
    LocalStack stack = new LocalStack(options, root, console);
    Runtime.getRuntime().addShutdownHook(new Thread(stack::stop, "chaos-stop"));
    int exit = 1;
    try {
      stack.start();
      stack.watchForCrashes();
      String before = load();
      Chaos.Plan plan =
          new Chaos.Plan(
              rate,
              Duration.ofSeconds(seconds),
              Chaos.Plan.ALL,
              Duration.ofSeconds(down),
              confirmEvery,
              Duration.ofSeconds(180),
              // A publication stuck mid-send is resent only after Modulith's staleness (5 min).
              Duration.ofMinutes(10));
      Chaos.Outcome outcome = new Chaos(target(stack), plan, System.out).run();
      String machine =
          "Machine: %d cores; load average %s before the run, %s after it (/proc/loadavg)."
              .formatted(Runtime.getRuntime().availableProcessors(), before, load());
      String markdown = ChaosReport.markdown(outcome, command, machine);
      ChaosReport.write(report, markdown);
      System.out.println();
      System.out.println(markdown);
      System.out.println("[chaos] report written to " + report);
      ChaosChecks.Result checks = outcome.checks();
      boolean passed =
          checks.lost() == 0
              && checks.duplicated() == 0
              && ChaosReport.failures(outcome).fivexxWithIntakeUp() == 0
              && ChaosReport.longestRecovery(outcome) != null;
      exit = passed ? 0 : 1;
    } catch (StackException e) {
      System.err.println("[chaos] " + e.getMessage());
    } finally {
      stack.stop();
    }
    System.exit(exit);
  }

  /** The launcher's own stack, through its hooks. */
  static ChaosTarget target(LocalStack stack) {
    return new ChaosTarget() {
      @Override
      public Wiring wiring() {
        return stack.wiring();
      }

      @Override
      public List<ServiceProcess> instances() {
        return stack.instances();
      }

      @Override
      public void restartBroker(Duration down) throws Exception {
        stack.restartBroker(down);
      }

      @Override
      public void restartPostgres(Duration down) throws Exception {
        stack.restartPostgres(down);
      }
    };
  }

  private static String load() {
    try {
      String[] fields = Files.readString(Path.of("/proc/loadavg")).split(" ");
      return fields[0] + " " + fields[1] + " " + fields[2];
    } catch (Exception e) {
      return "unknown";
    }
  }
}
