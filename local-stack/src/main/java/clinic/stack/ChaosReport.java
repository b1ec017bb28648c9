package clinic.stack;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/** A chaos run's outcome in Markdown, and the numbers a test asserts on. */
final class ChaosReport {

  /** Why a request that got no 201 failed, judged by the fault it overlapped. */
  enum Failure {
    NO_INTAKE_INSTANCE("while no intake-service (or gateway) instance was up"),
    DATABASE_DOWN("while PostgreSQL was down"),
    DURING_OTHER_FAULT("during another fault, intake-service up"),
    NO_FAULT("with no fault under way");

    final String description;

    Failure(String description) {
      this.description = description;
    }
  }

  /** The answers that were not 201, by cause and kind (5xx, no answer, other). */
  record Failures(Map<Failure, int[]> counts) {

    int fivexx(Failure failure) {
      return counts.getOrDefault(failure, new int[3])[0];
    }

    /**
     * 5xx while at least one instance of intake-service was up and its database answered: must be
     * none. (With PostgreSQL down nothing can be accepted; those are counted apart.)
     */
    int fivexxWithIntakeUp() {
      return fivexx(Failure.DURING_OTHER_FAULT) + fivexx(Failure.NO_FAULT);
    }

    int total(int kind) {
      return counts.values().stream().mapToInt(c -> c[kind]).sum();
    }
  }

  private ChaosReport() {}

  static Failures failures(Chaos.Outcome outcome) {
    Map<Failure, int[]> counts = new TreeMap<>();
    for (ChaosLoad.Sent sent : outcome.answers()) {
      if (sent.accepted()) {
        continue;
      }
      Failure cause = Failure.NO_FAULT;
      for (Chaos.Injected fault : outcome.faults()) {
        Instant end = latest(fault.backAt(), fault.firstAcceptedAt(), fault.at());
        if (sent.overlaps(fault.at(), end)) {
          cause =
              fault.noIntakeServiceLeft()
                  ? Failure.NO_INTAKE_INSTANCE
                  : fault.databaseDown() ? Failure.DATABASE_DOWN : Failure.DURING_OTHER_FAULT;
          break;
        }
      }
      int kind = sent.status() >= 500 ? 0 : sent.status() < 0 ? 1 : 2;
      counts.computeIfAbsent(cause, c -> new int[3])[kind]++;
    }
    return new Failures(counts);
  }

  /** The longest recovery of any fault; null if one never recovered. */
  static Duration longestRecovery(Chaos.Outcome outcome) {
    Duration longest = Duration.ZERO;
    for (Chaos.Injected fault : outcome.faults()) {
      if (fault.recovery() == null) {
        return null;
      }
      if (fault.recovery().compareTo(longest) > 0) {
        longest = fault.recovery();
      }
    }
    return longest;
  }

  static String markdown(Chaos.Outcome outcome, String command, String machine) {
    ChaosChecks.Result checks = outcome.checks();
    Failures failures = failures(outcome);
    Duration longest = longestRecovery(outcome);
    StringBuilder md = new StringBuilder();
    md.append("## Chaos run ").append(outcome.start()).append("\n\n");
    md.append("```\n").append(command).append("\n```\n\n");
    md.append(machine).append("\n\n");
    md.append("| | |\n| --- | --- |\n");
    row(
        md,
        "load",
        "%.0f intakes/s for %d s",
        outcome.plan().rate(),
        outcome.plan().duration().toSeconds());
    row(md, "faults injected", "%d", outcome.faults().size());
    row(md, "requests answered", "%d", outcome.answers().size());
    row(md, "**accepted** (201)", "%d", checks.accepted());
    row(md, "**lost**", "%d", checks.lost());
    row(md, "**duplicated**", "%d", checks.duplicated());
    row(
        md,
        "5xx while an intake-service instance was up",
        "%d, and %d more while PostgreSQL was down",
        failures.fivexxWithIntakeUp(),
        failures.fivexx(Failure.DATABASE_DOWN));
    row(
        md,
        "failed while no intake-service or gateway instance was up (never accepted)",
        "%d (%d 5xx, %d no answer)",
        sum(failures, Failure.NO_INTAKE_INSTANCE),
        failures.fivexx(Failure.NO_INTAKE_INSTANCE),
        failures.counts().getOrDefault(Failure.NO_INTAKE_INSTANCE, new int[3])[1]);
    row(
        md,
        "**longest recovery**",
        "%s",
        longest == null ? "a fault never recovered" : seconds(longest));
    row(
        md,
        "drained",
        "%.1f s after the load stopped",
        Chaos.seconds(outcome.loadEnd(), outcome.drained()));
    row(
        md,
        "referrals confirmed by a clinician meanwhile",
        "%d; patient e-mails delivered %d, team notifications delivered %d",
        checks.confirmed(),
        checks.patientEmailsDelivered(),
        checks.teamNotificationsDelivered());
    row(md, "notifications not delivered at the end", "%d", checks.unsettledNotifications());
    row(
        md,
        "stored without a 201 (the answer was lost; not lost)",
        "%d",
        checks.storedUnanswered());
    md.append(
            "\nFaults (seconds from the fault; back: a new instance ready, or the broker or PostgreSQL")
        .append(
            " answering again; accepted again: the first 201 to a request sent after the fault;")
        .append(" pipeline moving: the first education packet applied at intake-service once back;")
        .append(" the recovery is the later of the last two):\n\n");
    md.append(
        "| at (s) | fault | back | accepted again | pipeline moving | failed requests meanwhile |\n");
    md.append("| --- | --- | --- | --- | --- | --- |\n");
    for (Chaos.Injected fault : outcome.faults()) {
      Instant end = latest(fault.backAt(), fault.firstAcceptedAt(), fault.at());
      long failed =
          outcome.answers().stream()
              .filter(s -> !s.accepted() && s.overlaps(fault.at(), end))
              .count();
      md.append(
          String.format(
              Locale.ROOT,
              "| %.0f | %s | %s | %s | %s | %d |%n",
              Chaos.seconds(outcome.start(), fault.at()),
              fault.what(),
              since(fault.at(), fault.backAt()),
              since(fault.at(), fault.firstAcceptedAt()),
              since(fault.at(), fault.pipelineAt()),
              failed));
    }
    md.append("\nChecks from the databases and the mail catcher, for every accepted intake:\n\n");
    md.append("| check | result |\n| --- | --- |\n");
    for (String step :
        List.of(
            "intake record",
            "decision",
            "referral",
            "education packet",
            "education assigned (intake-service)")) {
      row(md, "missing " + step, "%d", checks.missing().getOrDefault(step, 0));
    }
    row(
        md,
        "confirmed referrals without a delivered patient e-mail",
        "%d",
        checks.lostPatientEmails());
    new TreeMap<>(checks.duplicates()).forEach((what, n) -> row(md, "duplicate " + what, "%d", n));
    md.append("\nRequests that got no 201, by cause (5xx / no answer / other status):\n\n");
    md.append("| cause | 5xx | no answer | other |\n| --- | --- | --- | --- |\n");
    failures
        .counts()
        .forEach(
            (cause, c) ->
                md.append(
                    "| %s | %d | %d | %d |%n".formatted(cause.description, c[0], c[1], c[2])));
    md.append("\nAnswers by status (-1: no answer within 10 s, or the connection refused):\n\n");
    md.append("| status | requests |\n| --- | --- |\n");
    new TreeMap<>(
            outcome.answers().stream()
                .collect(
                    java.util.stream.Collectors.groupingBy(
                        ChaosLoad.Sent::status, java.util.stream.Collectors.counting())))
        .forEach((status, n) -> md.append("| %d | %d |%n".formatted(status, n)));
    return md.toString();
  }

  static void write(Path file, String markdown) throws IOException {
    Files.createDirectories(file.toAbsolutePath().getParent());
    Files.writeString(file, markdown);
  }

  private static int sum(Failures failures, Failure cause) {
    int[] c = failures.counts().getOrDefault(cause, new int[3]);
    return c[0] + c[1] + c[2];
  }

  private static Instant latest(Instant... instants) {
    return java.util.Arrays.stream(instants)
        .filter(Objects::nonNull)
        .max(Instant::compareTo)
        .orElseThrow();
  }

  private static String since(Instant from, Instant to) {
    return to == null ? "never" : String.format(Locale.ROOT, "%.1f s", Chaos.seconds(from, to));
  }

  private static String seconds(Duration duration) {
    return String.format(Locale.ROOT, "%.1f s", duration.toNanos() / 1e9);
  }

  private static void row(StringBuilder md, String name, String format, Object... args) {
    md.append("| ")
        .append(name)
        .append(" | ")
        .append(String.format(Locale.ROOT, format, args))
        .append(" |\n");
  }
}
