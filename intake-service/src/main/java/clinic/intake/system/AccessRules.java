package clinic.intake.system;

import static org.springframework.security.web.servlet.util.matcher.PathPatternRequestMatcher.pathPattern;

import jakarta.servlet.http.HttpServletRequest;
import java.util.Arrays;
import java.util.List;
import org.springframework.http.HttpMethod;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.annotation.web.configurers.AuthorizeHttpRequestsConfigurer;
import org.springframework.security.web.util.matcher.RequestMatcher;

/**
 * Who may call what: the intake-service rows of the sign-in contract's role matrix, as one table.
 * The filter chain is built from it, and the 403 answer reads it to say which roles a page is for.
 * Anything not listed is denied.
 */
final class AccessRules {

  static final String FRONT_DESK = "FRONT_DESK";
  static final String CLINICIAN = "CLINICIAN";
  static final String RECEIVING_TEAM = "RECEIVING_TEAM";
  static final String CONTENT_EDITOR = "CONTENT_EDITOR";
  static final String ADMIN = "ADMIN";

  /** Not a person's role: the Prometheus server's client (client_credentials) has it, alone. */
  static final String METRICS = "METRICS";

  static final List<String> STAFF =
      List.of(FRONT_DESK, CLINICIAN, RECEIVING_TEAM, CONTENT_EDITOR, ADMIN);

  /**
   * @param method null for every method
   * @param roles the roles allowed; empty: anyone, without a token
   */
  record Rule(HttpMethod method, List<String> patterns, List<String> roles) {

    boolean anyone() {
      return roles.isEmpty();
    }

    RequestMatcher[] matchers() {
      return patterns.stream()
          .map(pattern -> method == null ? pathPattern(pattern) : pathPattern(method, pattern))
          .toArray(RequestMatcher[]::new);
    }

    boolean matches(HttpServletRequest request) {
      return Arrays.stream(matchers()).anyMatch(matcher -> matcher.matches(request));
    }
  }

  /** In order: the first rule that matches a request decides. */
  static final List<Rule> RULES =
      List.of(
          anyone("/css/**", "/js/**", "/favicon.ico", "/error"),
          anyone("/actuator/health/**"),
          rule(HttpMethod.GET, List.of(METRICS), "/actuator/prometheus"),
          rule(null, List.of(ADMIN), "/actuator/**"),
          // The OpenAPI document and Swagger UI: any signed-in staff member.
          rule(HttpMethod.GET, STAFF, "/docs/intake/**"),
          rule(
              HttpMethod.GET,
              STAFF,
              "/api/questionnaires/current",
              "/api/questionnaires/{version}"),
          rule(HttpMethod.POST, List.of(FRONT_DESK, ADMIN), "/api/intakes"),
          // FHIR (issue 14). What the server can do is public, as FHIR servers have it; the
          // resources are the JSON API's: the questionnaire for any staff role, submitting for
          // those who submit intakes, a response (identity and answers) for those who read one.
          new Rule(
              HttpMethod.GET,
              List.of("/fhir/metadata", "/fhir/OperationDefinition/{id}"),
              List.of()),
          // GET /fhir is the next page of a search (?_getpages=), and only Questionnaires are
          // searched.
          rule(HttpMethod.GET, STAFF, "/fhir", "/fhir/Questionnaire", "/fhir/Questionnaire/{id}"),
          rule(HttpMethod.POST, List.of(FRONT_DESK, ADMIN), "/fhir", "/fhir/QuestionnaireResponse"),
          rule(
              HttpMethod.GET,
              List.of(FRONT_DESK, CLINICIAN, ADMIN),
              "/fhir/QuestionnaireResponse/{id}"),
          // The audit of reads, before /api/intakes/{id} and /intakes/{id}, which would match it.
          rule(
              HttpMethod.GET,
              List.of(ADMIN),
              "/api/intakes/reads",
              "/api/intakes/{id}/reads",
              "/intakes/reads"),
          rule(
              HttpMethod.GET,
              List.of(FRONT_DESK, CLINICIAN, ADMIN),
              "/api/intakes/{id}",
              "/api/intakes/{id}/progress"),
          rule(HttpMethod.PUT, List.of(FRONT_DESK, CLINICIAN, ADMIN), "/api/intakes/{id}/answers"),
          rule(
              HttpMethod.POST,
              List.of(FRONT_DESK, CLINICIAN, ADMIN),
              "/api/intakes/{id}/withdrawal"),
          rule(
              HttpMethod.POST,
              List.of(FRONT_DESK, ADMIN),
              "/api/intakes/{id}/notifications/{notificationId}/retry"),
          rule(HttpMethod.GET, List.of(FRONT_DESK, ADMIN), "/", "/intakes/new", "/intakes/today"),
          rule(HttpMethod.POST, List.of(FRONT_DESK, ADMIN), "/intakes"),
          rule(HttpMethod.GET, List.of(FRONT_DESK, CLINICIAN, ADMIN), "/intakes/{id}"),
          // The intake page's withdraw and correction forms: whoever may withdraw or amend
          // through the API.
          rule(HttpMethod.GET, List.of(FRONT_DESK, CLINICIAN, ADMIN), "/intakes/{id}/answers"),
          rule(
              HttpMethod.POST,
              List.of(FRONT_DESK, CLINICIAN, ADMIN),
              "/intakes/{id}/withdrawal",
              "/intakes/{id}/answers"));

  private AccessRules() {}

  static void apply(
      AuthorizeHttpRequestsConfigurer<HttpSecurity>.AuthorizationManagerRequestMatcherRegistry
          requests) {
    for (var rule : RULES) {
      var matched = requests.requestMatchers(rule.matchers());
      if (rule.anyone()) {
        matched.permitAll();
      } else {
        matched.hasAnyRole(rule.roles().toArray(String[]::new));
      }
    }
    requests.anyRequest().denyAll();
  }

  /** The roles the request's endpoint is for; empty when it is for nobody (or anyone). */
  static List<String> rolesFor(HttpServletRequest request) {
    return RULES.stream()
        .filter(rule -> rule.matches(request))
        .findFirst()
        .map(Rule::roles)
        .orElse(List.of());
  }

  private static Rule anyone(String... patterns) {
    return new Rule(null, List.of(patterns), List.of());
  }

  private static Rule rule(HttpMethod method, List<String> roles, String... patterns) {
    return new Rule(method, List.of(patterns), roles);
  }
}
