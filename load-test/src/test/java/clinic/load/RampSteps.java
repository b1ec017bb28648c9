package clinic.load;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.stream.IntStream;

/**
 * For a ramp: each step's arrivals, accept and end-to-end latency, and whether the pipeline kept up
 * with it; and the highest rate it kept up with, every lower step included. A step is kept up with
 * when every intake submitted during it had its education assigned, and the backlog (unsent outbox
 * rows and consumer lag) at the step's end is no larger than at its start, give or take one second
 * of its arrivals.
 */
final class RampSteps {

  /** One step of the ramp, as the run found it. */
  record Step(
      double rate,
      double accepted,
      Percentiles accept,
      Percentiles endToEnd,
      long unfinished,
      long backlogAtStart,
      long backlogAtEnd) {

    boolean keptUp() {
      return unfinished == 0 && backlogAtEnd <= Math.max(backlogAtStart, (long) Math.ceil(rate));
    }
  }

  private RampSteps() {}

  static List<Step> of(
      LoadSettings settings,
      Instant start,
      List<Report.Accepted> accepted,
      List<EndToEnd.Intake> intakes,
      List<Backlog.Sample> backlog) {
    Duration length = settings.stepDuration();
    double seconds = length.toMillis() / 1000.0;
    return IntStream.range(0, settings.steps())
        .mapToObj(
            k -> {
              Instant from = start.plus(length.multipliedBy(k));
              Instant to = from.plus(length);
              List<Report.Accepted> answered =
                  accepted.stream()
                      .filter(a -> a.status() == 201 && within(a.at(), from, to))
                      .toList();
              List<EndToEnd.Intake> submitted =
                  intakes.stream().filter(i -> within(i.submittedAt(), from, to)).toList();
              return new Step(
                  settings.rate() + k * settings.step(),
                  answered.size() / seconds,
                  Percentiles.of(answered.stream().map(Report.Accepted::millis).toList()),
                  Percentiles.of(
                      submitted.stream()
                          .filter(EndToEnd.Intake::done)
                          .map(EndToEnd.Intake::millis)
                          .toList()),
                  submitted.stream().filter(i -> !i.done()).count(),
                  backlogAt(backlog, from),
                  backlogAt(backlog, to));
            })
        .toList();
  }

  /** The highest rate kept up with, the steps below it included; empty if not even the first. */
  static Optional<Double> highestKeptUp(List<Step> steps) {
    Double highest = null;
    for (Step step : steps) {
      if (!step.keptUp()) {
        break;
      }
      highest = step.rate();
    }
    return Optional.ofNullable(highest);
  }

  /**
   * The highest step's rate at which the API accepted what arrived (at least 95 %) with an accept
   * p99 within {@code p99Millis}, whatever the pipeline behind it did. Unlike {@link
   * #highestKeptUp}, a lower step that missed does not count against it: the first step after the
   * warm-up's rest can miss on its own (the JIT and the pools wake up).
   */
  static Optional<Double> highestAcceptedWithin(List<Step> steps, double p99Millis) {
    return steps.stream()
        .filter(
            step ->
                step.accept().count() > 0
                    && step.accepted() >= 0.95 * step.rate()
                    && step.accept().p99() <= p99Millis)
        .map(Step::rate)
        .max(Double::compare);
  }

  static String markdown(List<Step> steps) {
    StringBuilder text = new StringBuilder("\n## The ramp, step by step\n\n");
    text.append(
        "| arrival rate | accepted/s | accept p99 | end-to-end p50 / p99 | not finished |"
            + " backlog at start → end | kept up |\n");
    text.append("| --- | --- | --- | --- | --- | --- | --- |\n");
    for (Step step : steps) {
      text.append(
          "| %.0f/s | %.1f | %.0f ms | %.0f / %.0f ms | %d | %d → %d | %s |\n"
              .formatted(
                  step.rate(),
                  step.accepted(),
                  step.accept().p99(),
                  step.endToEnd().p50(),
                  step.endToEnd().p99(),
                  step.unfinished(),
                  step.backlogAtStart(),
                  step.backlogAtEnd(),
                  step.keptUp() ? "yes" : "no"));
    }
    text.append('\n')
        .append(
            highestKeptUp(steps)
                .map(rate -> "Highest rate kept up with: %.0f intakes/s.".formatted(rate))
                .orElse("Highest rate kept up with: none of the steps."))
        .append('\n')
        .append(
            highestAcceptedWithin(steps, 50)
                .map(
                    rate ->
                        "Highest rate the API accepted at p99 ≤ 50 ms: %.0f intakes/s."
                            .formatted(rate))
                .orElse("Highest rate the API accepted at p99 ≤ 50 ms: none of the steps."))
        .append('\n');
    return text.toString();
  }

  private static boolean within(Instant moment, Instant from, Instant to) {
    return !moment.isBefore(from) && moment.isBefore(to);
  }

  private static long backlogAt(List<Backlog.Sample> backlog, Instant moment) {
    return Backlog.Sample.at(backlog, moment)
        .or(
            () ->
                backlog.isEmpty() ? Optional.empty() : Optional.of(backlog.get(backlog.size() - 1)))
        .map(s -> s.outboxes() + s.lag())
        .orElse(0L);
  }
}
