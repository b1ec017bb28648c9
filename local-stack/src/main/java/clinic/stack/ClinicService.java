package clinic.stack;

import java.net.URI;
import java.nio.file.Path;

/** The three services the stack runs: where their jars are and how to tell they are ready. */
enum ClinicService {
  INTAKE("intake", "intake-service", 8081, "/actuator/health/readiness", "intake"),
  TRIAGE("triage", "triage-service", 8082, "/actuator/health/readiness", "triage"),
  CONTENT("content", "content-service", 8083, "/health/readiness", "content");

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

  String database() {
    return database;
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
}
