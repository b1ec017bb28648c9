package clinic.stack;

import java.net.URI;
import java.util.Map;

/**
 * Where each part of a running stack is, and so what each application is told about the others.
 * People reach everything through the gateway; the identity provider is named by the address their
 * browser uses, because that address is the {@code iss} of every token.
 */
record Wiring(
    Postgres postgres,
    KafkaBroker kafka,
    NotificationCatcher notifications,
    Map<ClinicService, Integer> ports) {

  /** The demo provider's client secret for the gateway; the demo provider accepts nothing else. */
  static final String GATEWAY_CLIENT_SECRET = "gateway-demo-secret";

  Wiring {
    ports = Map.copyOf(ports);
  }

  int port(ClinicService service) {
    return ports.get(service);
  }

  /** The one address people use: the gateway, as their browser names it. */
  URI publicUrl() {
    return URI.create("http://localhost:" + port(ClinicService.GATEWAY));
  }

  /** The OpenID Connect issuer, as browsers and services both name it. */
  URI issuer() {
    return URI.create("http://localhost:" + port(ClinicService.IDENTITY));
  }

  /** Where the gateway sends a service's requests. */
  URI serviceUrl(ClinicService service) {
    return service.baseUri(port(service));
  }
}
