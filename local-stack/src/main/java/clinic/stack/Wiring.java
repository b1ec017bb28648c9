package clinic.stack;

import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;

/**
 * Where each part of a running stack is, and so what each application is told about the others.
 * People reach everything through the gateway; the identity provider is named by the address their
 * browser uses, because that address is the {@code iss} of every token.
 *
 * <p>Each clinic service runs as {@code instances} instances: instance {@code k} (from 0) listens
 * on its base port + {@value #INSTANCE_PORT_STEP} × k. The gateway and the identity provider run
 * once.
 */
record Wiring(
    Postgres postgres,
    KafkaBroker kafka,
    NotificationCatcher notifications,
    Map<ClinicService, Integer> ports,
    int instances) {

  /** The demo provider's client secret for the gateway; the demo provider accepts nothing else. */
  static final String GATEWAY_CLIENT_SECRET = "gateway-demo-secret";

  /** Instance k of a service listens on its base port + this × k: 8081, 8091, 8101 ... */
  static final int INSTANCE_PORT_STEP = 10;

  Wiring {
    ports = Map.copyOf(ports);
    if (instances < 1) {
      throw new IllegalArgumentException("instances must be at least 1, not " + instances);
    }
  }

  /** One instance of each service. */
  Wiring(
      Postgres postgres,
      KafkaBroker kafka,
      NotificationCatcher notifications,
      Map<ClinicService, Integer> ports) {
    this(postgres, kafka, notifications, ports, 1);
  }

  /** The base port: the first instance's. */
  int port(ClinicService service) {
    return ports.get(service);
  }

  /** The port of instance {@code instance} (from 0). */
  int port(ClinicService service, int instance) {
    return instancePort(port(service), instance);
  }

  static int instancePort(int basePort, int instance) {
    return basePort + INSTANCE_PORT_STEP * instance;
  }

  /** How many instances of this application run: {@link #instances} of a clinic service, else 1. */
  int instances(ClinicService service) {
    return service.isClinicService() ? instances : 1;
  }

  /** The one address people use: the gateway, as their browser names it. */
  URI publicUrl() {
    return URI.create("http://localhost:" + port(ClinicService.GATEWAY));
  }

  /** The OpenID Connect issuer, as browsers and services both name it. */
  URI issuer() {
    return URI.create("http://localhost:" + port(ClinicService.IDENTITY));
  }

  /** Where the gateway sends a service's requests: every instance, balanced. */
  List<URI> serviceUrls(ClinicService service) {
    return IntStream.range(0, instances(service))
        .mapToObj(instance -> service.baseUri(port(service, instance)))
        .toList();
  }
}
