package clinic.stack;

import java.nio.file.Path;
import java.time.Duration;
import java.util.EnumMap;
import java.util.Map;

/** The launcher's command line. */
record Options(
    boolean fresh,
    boolean help,
    Path home,
    int postgresPort,
    int kafkaPort,
    int kafkaControllerPort,
    int smtpPort,
    int mailPort,
    Map<ClinicService, Integer> servicePorts,
    int instances,
    JvmProfile jvm,
    Duration timeout) {

  /** At most this many instances of each service: one machine, and ports 10 apart. */
  static final int MAX_INSTANCES = 9;

  static final String USAGE =
      """
      Usage: ./run [options]   (or: java -jar local-stack/target/local-stack.jar [options])

      Starts embedded PostgreSQL, a Kafka broker, the three services, the gateway, a demo identity
      provider and a mail catcher (an SMTP server that keeps every message, a web viewer and the
      receiving teams' webhook endpoints), and stops them all on Ctrl-C. Data is kept in
      .local-stack/ between runs; caught mail is not.

        --fresh                    delete .local-stack/ (databases, topics, logs) first
        --postgres-port N          PostgreSQL port (default 5432)
        --kafka-port N             Kafka client port (default 9092)
        --kafka-controller-port N  Kafka KRaft controller port (default 9093)
        --instances N              run N instances of intake, triage and content (default 1, at
                                   most 9); instance k listens on the service's port + 10*(k-1)
        --intake-port N            intake-service port (default 8081; instances 8091, 8101 ...)
        --triage-port N            triage-service port (default 8082; instances 8092, 8102 ...)
        --content-port N           content-service port (default 8083; instances 8093, 8103 ...)
        --gateway-port N           gateway port, the address people use (default 8080)
        --identity-port N          demo identity provider port (default 9000)
        --smtp-port N              SMTP port of the mail catcher (default 3025)
        --mail-port N              mail viewer and webhook receiver port (default 8025)
        --jvm startup|throughput   the services' JVMs: quick to start, small heap (default), or
                                   full JIT and a larger heap for load tests and long runs
        --timeout SECONDS          how long to wait for everything to be ready (default 180)
        --home DIR                 working directory instead of <repository>/.local-stack
        --help                     this text
      """;

  static Options parse(String[] args, Path defaultHome) {
    boolean fresh = false;
    boolean help = false;
    Path home = defaultHome;
    int postgresPort = 5432;
    int kafkaPort = 9092;
    int controllerPort = 9093;
    int smtpPort = 3025;
    int mailPort = 8025;
    Map<ClinicService, Integer> servicePorts = new EnumMap<>(ClinicService.class);
    for (ClinicService service : ClinicService.values()) {
      servicePorts.put(service, service.defaultPort());
    }
    int instances = 1;
    JvmProfile jvm = JvmProfile.STARTUP;
    Duration timeout = Duration.ofSeconds(180);
    for (int i = 0; i < args.length; i++) {
      String arg = args[i];
      switch (arg) {
        case "--fresh" -> fresh = true;
        case "--help", "-h" -> help = true;
        case "--home" -> home = Path.of(value(args, ++i, arg));
        case "--postgres-port" -> postgresPort = port(args, ++i, arg);
        case "--kafka-port" -> kafkaPort = port(args, ++i, arg);
        case "--kafka-controller-port" -> controllerPort = port(args, ++i, arg);
        case "--smtp-port" -> smtpPort = port(args, ++i, arg);
        case "--mail-port" -> mailPort = port(args, ++i, arg);
        case "--intake-port" -> servicePorts.put(ClinicService.INTAKE, port(args, ++i, arg));
        case "--triage-port" -> servicePorts.put(ClinicService.TRIAGE, port(args, ++i, arg));
        case "--content-port" -> servicePorts.put(ClinicService.CONTENT, port(args, ++i, arg));
        case "--gateway-port" -> servicePorts.put(ClinicService.GATEWAY, port(args, ++i, arg));
        case "--identity-port" -> servicePorts.put(ClinicService.IDENTITY, port(args, ++i, arg));
        case "--instances" -> instances = number(args, ++i, arg);
        case "--jvm" -> jvm = JvmProfile.parse(value(args, ++i, arg));
        case "--timeout" -> timeout = Duration.ofSeconds(number(args, ++i, arg));
        default -> throw new IllegalArgumentException("Unknown option " + arg);
      }
    }
    if (instances < 1 || instances > MAX_INSTANCES) {
      throw new IllegalArgumentException(
          "--instances must be between 1 and " + MAX_INSTANCES + ", not " + instances);
    }
    for (ClinicService service : ClinicService.values()) {
      if (service.isClinicService()
          && Wiring.instancePort(servicePorts.get(service), instances - 1) > 65535) {
        throw new IllegalArgumentException(
            "--%s-port %d leaves no room for %d instances (port + 10 per instance must stay below 65536)"
                .formatted(service.shortName(), servicePorts.get(service), instances));
      }
    }
    return new Options(
        fresh,
        help,
        home.toAbsolutePath().normalize(),
        postgresPort,
        kafkaPort,
        controllerPort,
        smtpPort,
        mailPort,
        Map.copyOf(servicePorts),
        instances,
        jvm,
        timeout);
  }

  int port(ClinicService service) {
    return servicePorts.get(service);
  }

  private static String value(String[] args, int i, String option) {
    if (i >= args.length) {
      throw new IllegalArgumentException(option + " needs a value");
    }
    return args[i];
  }

  private static int number(String[] args, int i, String option) {
    String value = value(args, i, option);
    try {
      return Integer.parseInt(value);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(option + " needs a number, not " + value);
    }
  }

  private static int port(String[] args, int i, String option) {
    int port = number(args, i, option);
    if (port < 1 || port > 65535) {
      throw new IllegalArgumentException(option + " must be between 1 and 65535");
    }
    return port;
  }
}
