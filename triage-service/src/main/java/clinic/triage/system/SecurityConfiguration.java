package clinic.triage.system;

import clinic.events.Actor;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.net.URI;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.annotation.web.configurers.AbstractHttpConfigurer;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.oauth2.core.OAuth2AuthenticationException;
import org.springframework.security.oauth2.server.resource.web.BearerTokenAuthenticationEntryPoint;
import org.springframework.security.oauth2.server.resource.web.access.BearerTokenAccessDeniedHandler;
import org.springframework.security.web.AuthenticationEntryPoint;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.access.AccessDeniedHandler;
import org.springframework.security.web.header.writers.ContentSecurityPolicyHeaderWriter;
import org.springframework.security.web.header.writers.DelegatingRequestMatcherHeaderWriter;
import org.springframework.security.web.servlet.util.matcher.PathPatternRequestMatcher;
import org.springframework.security.web.util.matcher.MediaTypeRequestMatcher;
import org.springframework.security.web.util.matcher.NegatedRequestMatcher;
import org.springframework.security.web.util.matcher.RequestMatcher;
import org.springframework.web.ErrorResponseException;
import org.springframework.web.method.support.HandlerMethodArgumentResolver;
import org.springframework.web.servlet.HandlerExceptionResolver;
import org.springframework.web.servlet.View;
import org.springframework.web.servlet.ViewResolver;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

/**
 * Staff sign-in: the service is a stateless OAuth2 resource server. Every request but the health
 * probes, the dashboard's two static files and the error page needs a valid access token of the
 * clinic's issuer and audience (Boot's {@code spring.security.oauth2.resourceserver.jwt.*}), and a
 * role that {@link AccessRules} allows for it; everything else is denied. CSRF is off: the gateway
 * checks it against the browser's session and passes its token on as {@code X-CSRF-TOKEN}.
 *
 * <p>Refusals are RFC 9457 problems like the rest of the API: 401 with {@code WWW-Authenticate:
 * Bearer}, 403 naming the roles the endpoint is for. A browser (one asking for {@code text/html})
 * refused for its role gets the dashboard's own problem page instead.
 */
@Configuration(proxyBeanMethods = false)
class SecurityConfiguration implements WebMvcConfigurer {

  static final URI UNAUTHENTICATED = URI.create("urn:clinic:problem:sign-in-required");
  static final URI FORBIDDEN = URI.create("urn:clinic:problem:not-for-your-role");

  /**
   * Pages use only the service's own script and style sheet; no page may be framed by another.
   * {@code connect-src 'self'} covers the live updates (event stream and fetch).
   */
  static final String CONTENT_SECURITY_POLICY =
      "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:;"
          + " connect-src 'self'; form-action 'self' %s; base-uri 'self'; object-src 'none';"
          + " frame-ancestors 'none'";

  /**
   * The policy, with the identity provider's origin as a form target: signing out posts to the
   * gateway, which redirects to the provider, and form-action governs that redirect too.
   */
  /**
   * Swagger UI (the API documents, no patient data) adds a style element of its own, so its pages
   * allow inline styles; scripts stay this service's own.
   */
  static final RequestMatcher DOCUMENTS =
      PathPatternRequestMatcher.withDefaults().matcher("/docs/triage/**");

  static String documentsPolicy(String issuer) {
    return contentSecurityPolicy(issuer)
        .replace("style-src 'self'", "style-src 'self' 'unsafe-inline'");
  }

  static String contentSecurityPolicy(String issuer) {
    return CONTENT_SECURITY_POLICY.formatted(URI.create(issuer).resolve("/"));
  }

  @Bean
  SecurityFilterChain securityFilterChain(
      HttpSecurity http,
      @Qualifier("handlerExceptionResolver") HandlerExceptionResolver problems,
      @Qualifier("thymeleafViewResolver") ViewResolver thymeleafViewResolver,
      @Value("${spring.security.oauth2.resourceserver.jwt.issuer-uri}") String issuer)
      throws Exception {
    var refusals = new Refusals(problems, thymeleafViewResolver);
    http.csrf(AbstractHttpConfigurer::disable)
        .sessionManagement(s -> s.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
        .authorizeHttpRequests(
            auth -> {
              for (AccessRules.Rule rule : AccessRules.RULES) {
                var access = auth.requestMatchers(rule.matcher());
                if (rule.anyone()) {
                  access.permitAll();
                } else {
                  access.hasAnyRole(rule.authorities());
                }
              }
              auth.anyRequest().denyAll();
            })
        .oauth2ResourceServer(
            oauth ->
                oauth
                    .jwt(jwt -> {})
                    .authenticationEntryPoint(refusals)
                    .accessDeniedHandler(refusals))
        .exceptionHandling(e -> e.authenticationEntryPoint(refusals).accessDeniedHandler(refusals))
        .headers(
            headers ->
                headers
                    .addHeaderWriter(
                        new DelegatingRequestMatcherHeaderWriter(
                            new NegatedRequestMatcher(DOCUMENTS),
                            new ContentSecurityPolicyHeaderWriter(contentSecurityPolicy(issuer))))
                    .addHeaderWriter(
                        new DelegatingRequestMatcherHeaderWriter(
                            DOCUMENTS,
                            new ContentSecurityPolicyHeaderWriter(documentsPolicy(issuer))))
                    .frameOptions(frame -> frame.deny()));
    return http.build();
  }

  @Override
  public void addArgumentResolvers(List<HandlerMethodArgumentResolver> resolvers) {
    resolvers.add(new SignedIn.ArgumentResolver());
  }

  /**
   * Writes the 401 and 403 answers: the page itself, the problems through Spring MVC's exception
   * resolvers, like every other problem of the service.
   */
  static final class Refusals implements AuthenticationEntryPoint, AccessDeniedHandler {

    private final BearerTokenAuthenticationEntryPoint bearer =
        new BearerTokenAuthenticationEntryPoint();
    private final BearerTokenAccessDeniedHandler bearerDenied =
        new BearerTokenAccessDeniedHandler();
    private final MediaTypeRequestMatcher browser;
    private final HandlerExceptionResolver problems;
    private final ViewResolver views;

    Refusals(HandlerExceptionResolver problems, ViewResolver views) {
      this.problems = problems;
      this.views = views;
      this.browser = new MediaTypeRequestMatcher(MediaType.TEXT_HTML);
      this.browser.setIgnoredMediaTypes(Set.of(MediaType.ALL));
    }

    @Override
    public void commence(
        HttpServletRequest request,
        HttpServletResponse response,
        AuthenticationException authException)
        throws IOException {
      // Status 401 and WWW-Authenticate: Bearer (with the error, for a token that was refused).
      bearer.commence(request, response, authException);
      String detail =
          authException instanceof OAuth2AuthenticationException
              ? "The access token was refused: it is expired, malformed, not signed by the"
                  + " clinic's sign-in or not meant for this service. Sign in again."
              : "Sign in: this request needs an access token (Authorization: Bearer).";
      problem(
          request,
          response,
          HttpStatus.UNAUTHORIZED,
          UNAUTHENTICATED,
          "Sign-in required",
          detail,
          List.of());
    }

    @Override
    public void handle(
        HttpServletRequest request,
        HttpServletResponse response,
        AccessDeniedException accessDeniedException)
        throws IOException, ServletException {
      Actor actor = SignedIn.actor(SecurityContextHolder.getContext().getAuthentication());
      AccessRules.Rule rule =
          AccessRules.RULES.stream()
              .filter(r -> r.matcher().matches(request))
              .findFirst()
              .orElse(null);
      boolean forSomeone = rule != null && !rule.anyone();
      String forWhom =
          forSomeone ? "This page is for " + rule.people() + "." : "This page is for nobody.";
      if (browser.matches(request)) {
        response.setStatus(HttpStatus.FORBIDDEN.value());
        Map<String, Object> model = new LinkedHashMap<>();
        model.put("title", "Not for your role");
        model.put("message", "You are signed in as " + actor.name() + ". " + forWhom);
        model.put("home", "/");
        model.put("homeLabel", "Go to your home page");
        try {
          View view = views.resolveViewName("dashboard/problem", Locale.ENGLISH);
          if (view != null) {
            view.render(model, request, response);
            return;
          }
        } catch (IOException | ServletException | RuntimeException e) {
          throw e;
        } catch (Exception e) {
          throw new ServletException("The refusal page could not be shown", e);
        }
      }
      // Status 403 and WWW-Authenticate: Bearer error="insufficient_scope".
      bearerDenied.handle(request, response, accessDeniedException);
      problem(
          request,
          response,
          HttpStatus.FORBIDDEN,
          FORBIDDEN,
          "Not for your role",
          "You are signed in as "
              + actor.name()
              + ", whose roles do not allow this request. "
              + (forSomeone ? "It is for " + rule.people() + "." : "It is for nobody."),
          forSomeone ? rule.roles().stream().map(Enum::name).toList() : List.of());
    }

    private void problem(
        HttpServletRequest request,
        HttpServletResponse response,
        HttpStatus status,
        URI type,
        String title,
        String detail,
        List<String> requiredRoles) {
      var problem = ProblemDetail.forStatusAndDetail(status, detail);
      problem.setType(type);
      problem.setTitle(title);
      if (!requiredRoles.isEmpty()) {
        problem.setProperty("requiredRoles", requiredRoles);
      }
      problems.resolveException(
          request, response, null, new ErrorResponseException(status, problem, null));
    }
  }
}
