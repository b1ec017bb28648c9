package clinic.load;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.ToDoubleFunction;

/**
 * What a run found, beside Gatling's own report: {@code summary.md} (the figures), {@code e2e.csv}
 * (one row per intake), {@code backlog.csv} and {@code load.svg}, a plot of the arrival and
 * completion rates, the end-to-end latency percentiles per second of submission and the backlog
 * over time.
 */
final class Report {

  /** One accepted request as the load generator saw it. */
  record Accepted(Instant at, double millis, int status) {}

  private final LoadSettings settings;
  private final Instant start;
  private final Instant arrivalsEnded;
  private final List<Accepted> accepted;
  private final List<EndToEnd.Intake> intakes;
  private final List<Backlog.Sample> backlog;
  private final String loadBefore;
  private final String loadAfter;
  private final Map<String, Percentiles> hops;

  Report(
      LoadSettings settings,
      Instant start,
      Instant arrivalsEnded,
      List<Accepted> accepted,
      List<EndToEnd.Intake> intakes,
      List<Backlog.Sample> backlog,
      String loadBefore,
      String loadAfter,
      Map<String, Percentiles> hops) {
    this.settings = settings;
    this.start = start;
    this.arrivalsEnded = arrivalsEnded;
    this.accepted = accepted;
    this.intakes = intakes;
    this.backlog = backlog;
    this.loadBefore = loadBefore;
    this.loadAfter = loadAfter;
    this.hops = hops;
  }

  static String loadAverage() {
    try {
      return Files.readString(Path.of("/proc/loadavg")).trim();
    } catch (IOException e) {
      return "unknown";
    }
  }

  void write(Path directory) {
    try {
      Files.createDirectories(directory);
      Files.writeString(directory.resolve("summary.md"), summary(directory));
      Files.writeString(directory.resolve("e2e.csv"), e2eCsv());
      Files.writeString(directory.resolve("load.svg"), plot());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  String summary(Path directory) throws IOException {
    double seconds = Duration.between(start, arrivalsEnded).toMillis() / 1000.0;
    long ok = accepted.stream().filter(a -> a.status() == 201).count();
    Percentiles accept =
        Percentiles.of(
            accepted.stream().filter(a -> a.status() == 201).map(Accepted::millis).toList());
    List<EndToEnd.Intake> done = intakes.stream().filter(EndToEnd.Intake::done).toList();
    Percentiles endToEnd = Percentiles.of(done.stream().map(EndToEnd.Intake::millis).toList());
    Instant lastDone =
        done.stream().map(EndToEnd.Intake::educationAt).max(Instant::compareTo).orElse(start);
    double completionRate =
        done.size() / Math.max(0.001, Duration.between(start, lastDone).toMillis() / 1000.0);
    long maxOutbox = backlog.stream().mapToLong(Backlog.Sample::outboxes).max().orElse(0);
    long maxLag = backlog.stream().mapToLong(Backlog.Sample::lag).max().orElse(0);
    Path pgbench = settings.output().resolve("pgbench.txt");
    StringBuilder text = new StringBuilder();
    text.append("# Load run: ").append(settings.describe()).append("\n\n");
    text.append("- started ")
        .append(start)
        .append(", arrivals for ")
        .append(format(seconds))
        .append(" s\n");
    text.append("- machine load (1, 5, 15 min) before: ")
        .append(loadBefore)
        .append("; after: ")
        .append(loadAfter)
        .append('\n');
    text.append("- requests sent: ")
        .append(accepted.size())
        .append(", accepted (201): ")
        .append(ok)
        .append(" = ")
        .append(format(ok / seconds))
        .append("/s\n");
    text.append("- accept latency (HTTP, as the load generator saw it): ")
        .append(accept)
        .append('\n');
    text.append("- intakes of the run in intake-service: ")
        .append(intakes.size())
        .append(", education assigned: ")
        .append(done.size())
        .append('\n');
    text.append("- end-to-end (submitted_at to the first applied EducationAssigned): ")
        .append(endToEnd)
        .append('\n');
    hops.forEach((hop, p) -> text.append("  - ").append(hop).append(": ").append(p).append('\n'));
    text.append("- completions: ")
        .append(format(completionRate))
        .append("/s from the start to the last one (")
        .append(lastDone)
        .append(")\n");
    text.append("- backlog: outbox rows at most ")
        .append(maxOutbox)
        .append(", consumer lag at most ")
        .append(maxLag)
        .append("; at the end of arrivals ")
        .append(at(arrivalsEnded))
        .append('\n');
    if (Files.exists(pgbench)) {
      text.append("- pgbench on the same PostgreSQL (same answers as JSONB): ")
          .append(Files.readString(pgbench).trim())
          .append('\n');
    }
    if (settings.profile().equals("ramp")) {
      text.append(RampSteps.markdown(RampSteps.of(settings, start, accepted, intakes, backlog)));
    }
    text.append("\nFiles: ")
        .append(directory.toAbsolutePath())
        .append(
            "/{summary.md, e2e.csv, backlog.csv, load.svg}; Gatling's report under target/gatling/.\n");
    return text.toString();
  }

  private String at(Instant moment) {
    return Backlog.Sample.at(backlog, moment)
        .map(s -> "outboxes " + s.outboxes() + ", lag " + s.lag())
        .orElse("not sampled");
  }

  private String e2eCsv() {
    StringBuilder csv = new StringBuilder("submitted_at,education_assigned_at,millis\n");
    for (EndToEnd.Intake intake : intakes) {
      csv.append(intake.submittedAt()).append(',');
      if (intake.done()) {
        csv.append(intake.educationAt()).append(',').append(format(intake.millis()));
      } else {
        csv.append(',');
      }
      csv.append('\n');
    }
    return csv.toString();
  }

  // ---- the plot: three panels over the same time axis (seconds since the start) ----

  private static final int WIDTH = 960;
  private static final int PANEL = 220;
  private static final int LEFT = 70;
  private static final int RIGHT = 20;
  private static final int TOP = 40;
  private static final int GAP = 50;

  String plot() {
    double end =
        Math.max(
            seconds(arrivalsEnded) + 1,
            backlog.isEmpty() ? 1 : seconds(backlog.get(backlog.size() - 1).at()) + 1);
    Map<Long, Integer> arrivals = perSecond(accepted.stream().map(Accepted::at).toList());
    Map<Long, Integer> completions =
        perSecond(
            intakes.stream()
                .filter(EndToEnd.Intake::done)
                .map(EndToEnd.Intake::educationAt)
                .toList());
    Map<Long, List<Double>> latencyBySecond = new TreeMap<>();
    for (EndToEnd.Intake intake : intakes) {
      if (intake.done()) {
        latencyBySecond
            .computeIfAbsent((long) seconds(intake.submittedAt()), s -> new ArrayList<>())
            .add(intake.millis());
      }
    }
    Map<Long, Percentiles> latency = new TreeMap<>();
    latencyBySecond.forEach((second, values) -> latency.put(second, Percentiles.of(values)));

    StringBuilder svg = new StringBuilder();
    int height = TOP + 3 * PANEL + 2 * GAP + 40;
    svg.append(
        "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" height=\"%d\" font-family=\"sans-serif\" font-size=\"12\">\n"
            .formatted(WIDTH, height));
    svg.append("<rect width=\"100%\" height=\"100%\" fill=\"white\"/>\n");
    svg.append(
        "<text x=\"%d\" y=\"22\" font-size=\"15\">%s</text>\n"
            .formatted(LEFT, escape(settings.describe() + ", started " + start)));

    int y0 = TOP;
    double maxRate =
        Math.max(
            max(arrivals.values().stream().mapToDouble(Integer::doubleValue).toArray()),
            max(completions.values().stream().mapToDouble(Integer::doubleValue).toArray()));
    Panel rate = new Panel(y0, end, niceCeiling(maxRate), "intakes per second", false);
    rate.frame(svg);
    rate.line(svg, series(arrivals), "#1f77b4", "accepted");
    rate.line(svg, series(completions), "#2ca02c", "education assigned");

    int y1 = y0 + PANEL + GAP;
    double maxLatency = latency.values().stream().mapToDouble(Percentiles::max).max().orElse(1);
    Panel lat =
        new Panel(y1, end, niceCeiling(Math.max(10, maxLatency)), "end-to-end ms (log)", true);
    lat.frame(svg);
    lat.line(svg, seriesOf(latency, Percentiles::p50), "#2ca02c", "p50");
    lat.line(svg, seriesOf(latency, Percentiles::p95), "#ff7f0e", "p95");
    lat.line(svg, seriesOf(latency, Percentiles::p99), "#d62728", "p99");

    int y2 = y1 + PANEL + GAP;
    double maxBacklog =
        backlog.stream()
            .mapToDouble(s -> Math.max(s.outboxes(), Math.max(s.lag(), s.notificationsWaiting())))
            .max()
            .orElse(1);
    Panel back =
        new Panel(y2, end, niceCeiling(Math.max(1, maxBacklog)), "backlog (rows, records)", false);
    back.frame(svg);
    back.line(
        svg, backlogSeries(Backlog.Sample::outboxes), "#9467bd", "outbox rows (all services)");
    back.line(svg, backlogSeries(Backlog.Sample::lag), "#8c564b", "consumer lag (all groups)");
    back.line(
        svg,
        backlogSeries(Backlog.Sample::notificationsWaiting),
        "#7f7f7f",
        "notifications waiting");
    double arrivalsX = back.x(seconds(arrivalsEnded));
    svg.append(
        "<line x1=\"%.1f\" y1=\"%d\" x2=\"%.1f\" y2=\"%d\" stroke=\"#999\" stroke-dasharray=\"4 4\"/>\n"
            .formatted(arrivalsX, TOP, arrivalsX, y2 + PANEL));
    svg.append(
        "<text x=\"%d\" y=\"%d\">seconds since the start (dashed: arrivals end)</text>\n"
            .formatted(LEFT, y2 + PANEL + 35));
    svg.append("</svg>\n");
    return svg.toString();
  }

  private double seconds(Instant moment) {
    return Duration.between(start, moment).toMillis() / 1000.0;
  }

  private Map<Long, Integer> perSecond(List<Instant> moments) {
    Map<Long, Integer> counts = new TreeMap<>();
    for (Instant moment : moments) {
      counts.merge((long) Math.floor(seconds(moment)), 1, Integer::sum);
    }
    return counts;
  }

  private static List<double[]> series(Map<Long, Integer> counts) {
    List<double[]> points = new ArrayList<>();
    if (counts.isEmpty()) {
      return points;
    }
    long first = Math.min(0, ((TreeMap<Long, Integer>) counts).firstKey());
    long last = ((TreeMap<Long, Integer>) counts).lastKey();
    for (long second = first; second <= last; second++) {
      points.add(new double[] {second + 0.5, counts.getOrDefault(second, 0)});
    }
    return points;
  }

  private static List<double[]> seriesOf(
      Map<Long, Percentiles> latency, ToDoubleFunction<Percentiles> value) {
    List<double[]> points = new ArrayList<>();
    latency.forEach((second, p) -> points.add(new double[] {second + 0.5, value.applyAsDouble(p)}));
    return points;
  }

  private List<double[]> backlogSeries(ToDoubleFunction<Backlog.Sample> value) {
    return backlog.stream()
        .map(s -> new double[] {seconds(s.at()), value.applyAsDouble(s)})
        .toList();
  }

  private static double max(double[] values) {
    double max = 0;
    for (double v : values) {
      max = Math.max(max, v);
    }
    return max;
  }

  /** 1, 2 or 5 times a power of ten, at least the value. */
  static double niceCeiling(double value) {
    double power = Math.pow(10, Math.floor(Math.log10(Math.max(value, 1e-9))));
    for (double step : new double[] {1, 2, 5, 10}) {
      if (step * power >= value) {
        return step * power;
      }
    }
    return 10 * power;
  }

  private static String format(double value) {
    return String.format(Locale.ROOT, "%.1f", value);
  }

  private static String escape(String text) {
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
  }

  /** One panel: a frame, a y axis (linear or log) and the time axis. */
  private static final class Panel {
    private final int top;
    private final double end;
    private final double yMax;
    private final String label;
    private final boolean log;
    private int legend;

    Panel(int top, double end, double yMax, String label, boolean log) {
      this.top = top;
      this.end = end;
      this.yMax = yMax;
      this.label = label;
      this.log = log;
    }

    double x(double second) {
      return LEFT + (WIDTH - LEFT - RIGHT) * Math.max(0, second) / end;
    }

    double y(double value) {
      double fraction =
          log ? Math.log10(Math.max(1, value)) / Math.log10(Math.max(10, yMax)) : value / yMax;
      return top + PANEL - PANEL * Math.max(0, Math.min(1, fraction));
    }

    void frame(StringBuilder svg) {
      svg.append(
          "<rect x=\"%d\" y=\"%d\" width=\"%d\" height=\"%d\" fill=\"none\" stroke=\"#333\"/>\n"
              .formatted(LEFT, top, WIDTH - LEFT - RIGHT, PANEL));
      svg.append("<text x=\"%d\" y=\"%d\">%s</text>\n".formatted(LEFT, top - 6, escape(label)));
      double[] ticks = log ? logTicks() : new double[] {0, yMax / 4, yMax / 2, 3 * yMax / 4, yMax};
      for (double tick : ticks) {
        double y = y(tick);
        svg.append(
            "<line x1=\"%d\" y1=\"%.1f\" x2=\"%d\" y2=\"%.1f\" stroke=\"#eee\"/>\n"
                .formatted(LEFT, y, WIDTH - RIGHT, y));
        svg.append(
            "<text x=\"%d\" y=\"%.1f\" text-anchor=\"end\">%s</text>\n"
                .formatted(LEFT - 6, y + 4, format(tick).replace(".0", "")));
      }
      for (int i = 0; i <= 10; i++) {
        double second = end * i / 10;
        svg.append(
            "<text x=\"%.1f\" y=\"%d\" text-anchor=\"middle\">%s</text>\n"
                .formatted(x(second), top + PANEL + 15, String.valueOf(Math.round(second))));
      }
    }

    private double[] logTicks() {
      List<Double> ticks = new ArrayList<>();
      for (double tick = 1; tick <= yMax; tick *= 10) {
        ticks.add(tick);
      }
      return ticks.stream().mapToDouble(Double::doubleValue).toArray();
    }

    void line(StringBuilder svg, List<double[]> points, String colour, String name) {
      if (!points.isEmpty()) {
        StringBuilder path = new StringBuilder();
        for (double[] point : points) {
          path.append(String.format(Locale.ROOT, "%.1f,%.1f ", x(point[0]), y(point[1])));
        }
        svg.append(
            "<polyline fill=\"none\" stroke=\"%s\" stroke-width=\"1.5\" points=\"%s\"/>\n"
                .formatted(colour, path.toString().trim()));
      }
      svg.append(
          "<text x=\"%d\" y=\"%d\" fill=\"%s\">%s</text>\n"
              .formatted(WIDTH - RIGHT - 220, top + 16 + 15 * legend++, colour, escape(name)));
    }
  }
}
