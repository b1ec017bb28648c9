package clinic.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A Prometheus text exposition as a test reads it: the samples with their labels and values, the
 * metric names, and the names that {@code docker/prometheus/exposed-metrics.txt} promises for a
 * service (the dashboard and alert rules use only those; {@code ComposeFileTest} checks that side).
 */
public record PrometheusScrape(List<Sample> samples) {

  public record Sample(String name, Map<String, String> labels, double value) {}

  private static final Pattern LINE =
      Pattern.compile("([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\\{(.*)})?\\s+(\\S+)(?:\\s+\\S+)?");
  private static final Pattern LABEL =
      Pattern.compile("([a-zA-Z_][a-zA-Z0-9_]*)=\"((?:[^\"\\\\]|\\\\.)*)\"");

  public static PrometheusScrape parse(String text) {
    List<Sample> samples = new ArrayList<>();
    for (String line : text.split("\n")) {
      if (line.isBlank() || line.startsWith("#")) {
        continue;
      }
      Matcher m = LINE.matcher(line.strip());
      if (!m.matches()) {
        throw new IllegalArgumentException("Not a sample line: " + line);
      }
      Map<String, String> labels = new LinkedHashMap<>();
      if (m.group(2) != null) {
        Matcher l = LABEL.matcher(m.group(2));
        while (l.find()) {
          labels.put(l.group(1), l.group(2));
        }
      }
      samples.add(new Sample(m.group(1), labels, Double.parseDouble(m.group(3))));
    }
    return new PrometheusScrape(List.copyOf(samples));
  }

  public Set<String> names() {
    Set<String> names = new TreeSet<>();
    samples.forEach(s -> names.add(s.name()));
    return names;
  }

  /** Every label value of every sample. */
  public List<String> labelValues() {
    return samples.stream().flatMap(s -> s.labels().values().stream()).toList();
  }

  /** The sum of the samples of this name whose labels include all of {@code labels}. */
  public double value(String name, Map<String, String> labels) {
    return samples.stream()
        .filter(s -> s.name().equals(name))
        .filter(s -> s.labels().entrySet().containsAll(labels.entrySet()))
        .mapToDouble(Sample::value)
        .sum();
  }

  public double value(String name) {
    return value(name, Map.of());
  }

  /**
   * The metric names {@code docker/prometheus/exposed-metrics.txt} lists for a service (lines
   * {@code <service> <metric name>}), found from a module's directory.
   */
  public static Set<String> promisedFor(String service) {
    Path file = Path.of("..", "docker", "prometheus", "exposed-metrics.txt");
    try {
      Set<String> names = new TreeSet<>();
      for (String line : Files.readAllLines(file)) {
        String[] parts = line.strip().split("\\s+");
        if (parts.length == 2 && !line.startsWith("#") && parts[0].equals(service)) {
          names.add(parts[1]);
        }
      }
      if (names.isEmpty()) {
        throw new IllegalStateException(file + " lists no metric for " + service);
      }
      return names;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
