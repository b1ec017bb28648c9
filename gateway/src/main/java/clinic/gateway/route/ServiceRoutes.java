package clinic.gateway.route;

import static org.springframework.cloud.gateway.server.mvc.filter.BeforeFilterFunctions.preserveHostHeader;
import static org.springframework.cloud.gateway.server.mvc.filter.BeforeFilterFunctions.removeRequestHeader;
import static org.springframework.cloud.gateway.server.mvc.filter.LoadBalancerFilterFunctions.lb;
import static org.springframework.cloud.gateway.server.mvc.filter.TokenRelayFilterFunctions.tokenRelay;
import static org.springframework.cloud.gateway.server.mvc.handler.GatewayRouterFunctions.route;
import static org.springframework.cloud.gateway.server.mvc.handler.HandlerFunctions.http;

import java.util.Arrays;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpHeaders;
import org.springframework.web.servlet.function.RequestPredicate;
import org.springframework.web.servlet.function.RequestPredicates;
import org.springframework.web.servlet.function.RouterFunction;
import org.springframework.web.servlet.function.ServerResponse;

/**
 * The paths of the sign-in contract, each sent to the service that owns it. The Host header is
 * preserved, so the services build their links and redirects for the gateway's address without
 * having to trust X-Forwarded-* headers. Each route balances the instances of its service ({@link
 * ServiceInstances}).
 */
@Configuration(proxyBeanMethods = false)
class ServiceRoutes {

  private final ServiceUnavailable unavailable;

  ServiceRoutes(ServiceUnavailable unavailable) {
    this.unavailable = unavailable;
  }

  @Bean
  RouterFunction<ServerResponse> intakeRoute() {
    return staffRoute(
        "intake",
        ServiceInstances.INTAKE,
        "/intakes/**",
        "/api/intakes/**",
        "/api/questionnaires/**",
        "/css/**",
        "/js/**",
        "/docs/intake/**");
  }

  /**
   * FHIR R4 (issue 14): intake-service's {@code /fhir} server, but for {@code
   * /fhir/ServiceRequest/**}, which is triage's (its own route): excluded here whatever the order
   * of the routes, so this one cannot shadow it.
   */
  @Bean
  RouterFunction<ServerResponse> fhirRoute() {
    return staffRoute(
        "intake-fhir",
        ServiceInstances.INTAKE,
        RequestPredicates.path("/fhir/**")
            .and(RequestPredicates.path("/fhir/ServiceRequest/**").negate()));
  }

  @Bean
  RouterFunction<ServerResponse> triageRoute() {
    return staffRoute(
        "triage",
        ServiceInstances.TRIAGE,
        "/dashboard/**",
        "/api/referrals/**",
        "/api/decisions/**",
        "/api/triage/**",
        "/docs/triage/**");
  }

  /**
   * Triage's part of the FHIR API (referrals as ServiceRequests) and its CDS Hooks service. First,
   * so that intake's {@code /fhir/**} does not take the ServiceRequests.
   */
  @Bean
  @Order(Ordered.HIGHEST_PRECEDENCE)
  RouterFunction<ServerResponse> triageFhirRoute() {
    return staffRoute(
        "triage-fhir",
        ServiceInstances.TRIAGE,
        "/fhir/ServiceRequest",
        "/fhir/ServiceRequest/**",
        "/cds-services",
        "/cds-services/**");
  }

  @Bean
  RouterFunction<ServerResponse> contentRoute() {
    return staffRoute(
        "content",
        ServiceInstances.CONTENT,
        "/api/items/**",
        "/api/packets/**",
        "/docs/content/**");
  }

  /**
   * The patient's page: open to anyone, so nothing of a staff member's sign-in goes with it, even
   * when a signed-in browser opens it.
   */
  @Bean
  RouterFunction<ServerResponse> educationRoute() {
    return route("education")
        .route(paths("/education/**"), http())
        .before(preserveHostHeader())
        .before(removeRequestHeader(HttpHeaders.AUTHORIZATION))
        .filter(SessionRelay.withoutSession())
        .filter(unavailable.whenUnreachable())
        .filter(ServiceInstances.nextInstanceOnConnectFailure())
        .filter(lb(ServiceInstances.CONTENT))
        .filter(ServiceInstances.connectFailureUnwrapped())
        .build();
  }

  private RouterFunction<ServerResponse> staffRoute(String id, String service, String... patterns) {
    return staffRoute(id, service, paths(patterns));
  }

  private RouterFunction<ServerResponse> staffRoute(
      String id, String service, RequestPredicate predicate) {
    return route(id)
        .route(predicate, http())
        .before(preserveHostHeader())
        // A signed-in browser's access token (refreshed when due); an API client's own bearer token
        // is left as it came, since its principal is not an OAuth2 login.
        .filter(tokenRelay())
        .filter(SessionRelay.csrfTokenWithoutSession())
        // Filters run in this order, each around the next: the 502 answer sees what the retries
        // gave up on, and each try asks the load balancer for an instance again.
        .filter(unavailable.whenUnreachable())
        .filter(ServiceInstances.nextInstanceOnConnectFailure())
        .filter(lb(service))
        .filter(ServiceInstances.connectFailureUnwrapped())
        .build();
  }

  private static RequestPredicate paths(String... patterns) {
    return Arrays.stream(patterns)
        .map(RequestPredicates::path)
        .reduce(RequestPredicate::or)
        .orElseThrow();
  }
}
