package clinic.load;

import java.nio.file.Path;
import java.time.Duration;

/**
 * What one run does, from system properties (load-test/run-load sets them; each has a default for
 * the local stack's ports).
 *
 * @param profile {@code constant}: {@code rate} intakes/s for {@code duration}; {@code ramp}: from
 *     {@code rate} up by {@code step} every {@code stepDuration}, {@code steps} times
 */
record LoadSettings(
    String profile,
    double rate,
    Duration duration,
    double step,
    int steps,
    Duration stepDuration,
    String intakeUrl,
    String tokenUrl,
    String clientId,
    String clientSecret,
    String jdbcBase,
    String dbUser,
    String dbPassword,
    String kafka,
    Duration drainTimeout,
    Path body,
    Path output) {

  static LoadSettings fromSystemProperties() {
    return new LoadSettings(
        text("load.profile", "constant"),
        number("load.rate", 50),
        seconds("load.duration", 120),
        number("load.step", 50),
        (int) number("load.steps", 10),
        seconds("load.stepSeconds", 30),
        text("load.intakeUrl", "http://127.0.0.1:8081"),
        text("load.tokenUrl", "http://127.0.0.1:9000/oauth2/token"),
        text("load.clientId", "demo-front-desk"),
        text("load.clientSecret", "demo-secret"),
        text("load.jdbc", "jdbc:postgresql://127.0.0.1:5432/"),
        text("load.dbUser", "clinic"),
        text("load.dbPassword", "clinic"),
        text("load.kafka", "127.0.0.1:9092"),
        seconds("load.drainSeconds", 180),
        Path.of(text("load.body", "../examples/back-and-leg-intake.json")),
        Path.of(text("load.output", "target/load")));
  }

  /** How long intakes arrive. */
  Duration arrivals() {
    return profile.equals("ramp") ? stepDuration.multipliedBy(steps) : duration;
  }

  String describe() {
    return profile.equals("ramp")
        ? "ramp from %.0f/s, +%.0f/s every %d s, %d steps (to %.0f/s)"
            .formatted(rate, step, stepDuration.toSeconds(), steps, rate + step * (steps - 1))
        : "constant %.0f intakes/s for %d s".formatted(rate, duration.toSeconds());
  }

  private static String text(String name, String fallback) {
    String value = System.getProperty(name);
    return value == null || value.isBlank() ? fallback : value;
  }

  private static double number(String name, double fallback) {
    return Double.parseDouble(text(name, String.valueOf(fallback)));
  }

  private static Duration seconds(String name, long fallback) {
    return Duration.ofSeconds((long) number(name, fallback));
  }
}
