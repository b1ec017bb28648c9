package clinic.triage.system;

import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.springframework.http.HttpMethod;
import org.springframework.security.web.servlet.util.matcher.PathPatternRequestMatcher;
import org.springframework.security.web.util.matcher.OrRequestMatcher;
import org.springframework.security.web.util.matcher.RequestMatcher;

/**
 * Who may call what: the triage-service rows of the sign-in contract's role matrix, as one table
 * that both the security filter chain and the "not for your role" page read. Whatever no rule names
 * is denied to everyone. The endpoint enumeration test holds its own copy of the matrix and checks
 * every mapped endpoint against the running service.
 */
final class AccessRules {

  /** The clinic's staff roles; a token's {@code roles} claim carries their names. */
  enum Role {
    FRONT_DESK("the front desk"),
    CLINICIAN("clinicians"),
    RECEIVING_TEAM("the receiving teams"),
    CONTENT_EDITOR("content editors"),
    ADMIN("administrators"),
    /** Not a person's role: the Prometheus server's client (client_credentials) has it, alone. */
    METRICS("the metrics scraper");

    private final String people;

    Role(String people) {
      this.people = people;
    }

    String people() {
      return people;
    }
  }

  /**
   * One row: a method (null: any) and path patterns, open to anyone or to the listed roles.
   *
   * @param roles empty when {@code anyone}
   */
  record Rule(HttpMethod method, List<String> patterns, boolean anyone, Set<Role> roles) {

    RequestMatcher matcher() {
      PathPatternRequestMatcher.Builder paths = PathPatternRequestMatcher.withDefaults();
      return new OrRequestMatcher(
          patterns.stream().map(p -> (RequestMatcher) paths.matcher(method, p)).toList());
    }

    String[] authorities() {
      return roles.stream().map(Role::name).toArray(String[]::new);
    }

    /** "clinicians and administrators". */
    String people() {
      List<String> people = roles.stream().map(Role::people).toList();
      if (people.size() == 1) {
        return people.getFirst();
      }
      return String.join(", ", people.subList(0, people.size() - 1)) + " and " + people.getLast();
    }

    @Override
    public String toString() {
      return (method == null ? "*" : method.name())
          + " "
          + patterns
          + " "
          + (anyone ? "anyone" : roles.stream().map(Role::name).collect(Collectors.joining(", ")));
    }
  }

  private static final HttpMethod GET = HttpMethod.GET;
  private static final HttpMethod POST = HttpMethod.POST;

  static final List<Rule> RULES =
      List.of(
          anyone(GET, "/dashboard/dashboard.css", "/dashboard/dashboard.js"),
          anyone(null, "/error"),
          anyone(GET, "/actuator/health", "/actuator/health/**"),
          roles(GET, List.of("/actuator/prometheus"), Role.METRICS),
          // Every other actuator endpoint (info, metrics).
          roles(null, List.of("/actuator", "/actuator/**"), Role.ADMIN),
          // The OpenAPI document and Swagger UI: any signed-in staff member.
          roles(
              GET,
              List.of("/docs/triage/**"),
              Role.FRONT_DESK,
              Role.CLINICIAN,
              Role.RECEIVING_TEAM,
              Role.CONTENT_EDITOR,
              Role.ADMIN),
          roles(
              GET,
              List.of("/api/referrals", "/api/referrals/{referralId}"),
              Role.CLINICIAN,
              Role.RECEIVING_TEAM,
              Role.ADMIN),
          // CDS Hooks: discovery says only which hook and prefetch the service wants (no data), as
          // EHRs read it while being configured; the advice itself is for clinicians' systems.
          anyone(GET, "/cds-services"),
          roles(POST, List.of("/cds-services/clinic-triage"), Role.CLINICIAN, Role.ADMIN),
          // The same referral as an R4 ServiceRequest, for the EHR and the receiving teams'
          // systems.
          roles(
              GET,
              List.of("/fhir/ServiceRequest", "/fhir/ServiceRequest/{referralId}"),
              Role.CLINICIAN,
              Role.RECEIVING_TEAM,
              Role.ADMIN),
          roles(
              POST,
              List.of(
                  "/api/referrals/{referralId}/confirm",
                  "/api/referrals/{referralId}/override",
                  "/api/referrals/{referralId}/cancel",
                  "/api/referrals/{referralId}/acknowledge-review"),
              Role.CLINICIAN),
          roles(
              POST,
              List.of("/api/referrals/{referralId}/accept", "/api/referrals/{referralId}/decline"),
              Role.RECEIVING_TEAM),
          roles(
              GET,
              List.of("/api/decisions/{intakeId}", "/api/decisions/{intakeId}/history"),
              Role.CLINICIAN,
              Role.ADMIN),
          roles(POST, List.of("/api/triage/evaluate"), Role.CLINICIAN, Role.ADMIN),
          roles(GET, List.of("/api/triage/ruleset"), Role.CLINICIAN, Role.ADMIN),
          roles(POST, List.of("/api/triage/replay"), Role.ADMIN),
          roles(GET, List.of("/api/triage/replays"), Role.ADMIN),
          // The ruleset's versions: upload, publish, re-activate, and their reports and audit.
          roles(
              GET,
              List.of(
                  "/api/triage/rulesets",
                  "/api/triage/rulesets/audit",
                  "/api/triage/rulesets/{id}",
                  "/dashboard/rulesets",
                  "/dashboard/rulesets/{id}"),
              Role.ADMIN),
          roles(
              POST,
              List.of(
                  "/api/triage/rulesets",
                  "/api/triage/rulesets/{id}/publish",
                  "/api/triage/rulesets/{id}/reactivate",
                  "/dashboard/rulesets",
                  "/dashboard/rulesets/{id}/publish",
                  "/dashboard/rulesets/{id}/reactivate"),
              Role.ADMIN),
          // "/" only redirects to the queue, so it is open to whoever the queue is. The receiving
          // teams read the queue and a referral's reasons (no identity is on these pages); only
          // clinicians see the forms that decide.
          roles(
              GET,
              List.of(
                  "/",
                  "/dashboard",
                  "/dashboard/queue",
                  "/dashboard/events",
                  "/dashboard/referrals/{referralId}"),
              Role.CLINICIAN,
              Role.RECEIVING_TEAM,
              Role.ADMIN),
          roles(
              POST,
              List.of(
                  "/dashboard/referrals/{referralId}/confirm",
                  "/dashboard/referrals/{referralId}/override",
                  "/dashboard/referrals/{referralId}/cancel",
                  "/dashboard/referrals/{referralId}/acknowledge-review"),
              Role.CLINICIAN),
          roles(
              POST,
              List.of("/dashboard/referrals/{referralId}/notifications/{notificationId}/retry"),
              Role.CLINICIAN,
              Role.ADMIN));

  private AccessRules() {}

  private static Rule anyone(HttpMethod method, String... patterns) {
    return new Rule(method, Arrays.asList(patterns), true, Set.of());
  }

  private static Rule roles(HttpMethod method, List<String> patterns, Role first, Role... more) {
    return new Rule(method, patterns, false, EnumSet.of(first, more));
  }
}
