package clinic.stack;

import java.net.URI;
import java.nio.file.Path;

/**
 * The applications the stack runs, in start order: where their jars are and how to tell they are
 * ready. The identity provider comes first (the gateway reads its discovery document at start), the
 * gateway last.
 */
enum ClinicService {
  IDENTITY("identity", "identity", 9000, "/actuator/health/readiness", null),
  INTAKE("intake", "intake-service", 8081, "/actuator/health/readiness", "intake"),
  TRIAGE("triage", "triage-service", 8082, "/actuator/health/readiness", "triage"),
  CONTENT("content", "content-service", 8083, "/health/readiness", "content"),
  GATEWAY("gateway", "gateway", 8080, "/actuator/health/readiness", null);

  private final String shortName;
  private final String module;
  private final int defaultPort;
  private final String readinessPath;
  private final String database;

  ClinicService(
      String shortName, String module, int defaultPort, String readinessPath, String database) {
    this.shortName = shortName;
    this.module = module;
    this.defaultPort = defaultPort;
    this.readinessPath = readinessPath;
    this.database = database;
  }

  /** The prefix of its output lines: {@code [intake] ...}. */
  String shortName() {
    return shortName;
  }

  String module() {
    return module;
  }

  int defaultPort() {
    return defaultPort;
  }

  /** The service's own database, or null for the identity provider and the gateway. */
  String database() {
    return database;
  }

  /** One of the three clinic services behind the gateway, which own data and talk over Kafka. */
  boolean isClinicService() {
    return database != null;
  }

  /** The packaged jar the service's own module builds. */
  Path jar(Path repositoryRoot) {
    return repositoryRoot.resolve(module).resolve("target").resolve(module + ".jar");
  }

  URI baseUri(int port) {
    return URI.create("http://127.0.0.1:" + port);
  }

  URI readinessUri(int port) {
    return baseUri(port).resolve(readinessPath);
  }

  /**
   * The Prometheus scrape of a clinic service (a token with the METRICS role: the demo provider's
   * client {@code clinic-prometheus}); null for the identity provider and the gateway.
   */
  URI metricsUri(int port) {
    return switch (this) {
      case INTAKE, TRIAGE -> baseUri(port).resolve("/actuator/prometheus");
      case CONTENT -> baseUri(port).resolve("/prometheus");
      case IDENTITY, GATEWAY -> null;
    };
  }
}
