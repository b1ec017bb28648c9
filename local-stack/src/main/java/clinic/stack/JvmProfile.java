package clinic.stack;

import java.util.List;
import java.util.Locale;

/** How the launcher starts the services' JVMs ({@code ./run --jvm}). */
enum JvmProfile {

  /**
   * The default: the JIT's first tier only (C1) and a small heap. A stack on a laptop or in a test
   * lives for minutes; it is ready sooner this way.
   */
  STARTUP(
      List.of("-Xms64m", "-Xmx256m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1"),
      List.of("-Xms128m", "-Xmx512m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1")),

  /**
   * For load tests and long runs: full tiered compilation (C2), the parallel collector and a heap
   * with room for a backlog. Takes longer to warm up, then does several times the work per core.
   */
  THROUGHPUT(
      List.of("-Xms256m", "-Xmx768m", "-XX:+UseParallelGC"),
      List.of("-Xms256m", "-Xmx768m", "-XX:+UseParallelGC"));

  private final List<String> options;
  private final List<String> brokerOptions;

  JvmProfile(List<String> options, List<String> brokerOptions) {
    this.options = options;
    this.brokerOptions = brokerOptions;
  }

  /** The JVM options of the profile, before {@code -jar}. */
  List<String> options() {
    return options;
  }

  /** The Kafka broker's JVM options in this profile (its heap holds the page cache's indexes). */
  List<String> brokerOptions() {
    return brokerOptions;
  }

  static JvmProfile parse(String value) {
    try {
      return valueOf(value.toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("--jvm must be startup or throughput, not " + value, e);
    }
  }
}
