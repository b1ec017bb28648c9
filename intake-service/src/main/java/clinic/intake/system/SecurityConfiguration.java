package clinic.intake.system;

import java.net.URI;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.annotation.web.configurers.AbstractHttpConfigurer;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationConverter;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.header.writers.ContentSecurityPolicyHeaderWriter;
import org.springframework.security.web.header.writers.DelegatingRequestMatcherHeaderWriter;
import org.springframework.security.web.servlet.util.matcher.PathPatternRequestMatcher;
import org.springframework.security.web.util.matcher.NegatedRequestMatcher;
import org.springframework.security.web.util.matcher.RequestMatcher;

/**
 * A stateless OAuth2 resource server that denies by default. Every request but the static files,
 * the error page and the health probes needs a JWT from the clinic's issuer ({@code
 * spring.security.oauth2.resourceserver.jwt.*}: issuer, audience, roles claim) with a role that
 * {@link AccessRules} allows. CSRF is the gateway's business: it holds the browser session, and
 * this service only sees bearer tokens.
 */
@Configuration(proxyBeanMethods = false)
class SecurityConfiguration {

  /**
   * Pages load only this service's own scripts and styles (no inline script anywhere), post only to
   * this service, and are never framed.
   */
  static final String CONTENT_SECURITY_POLICY =
      "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:;"
          + " object-src 'none'; base-uri 'self'; form-action 'self' %s; frame-ancestors 'none'";

  /**
   * The policy, with the identity provider's origin as a form target: signing out posts to the
   * gateway, which redirects to the provider, and form-action governs that redirect too.
   */
  static String contentSecurityPolicy(String issuer) {
    return CONTENT_SECURITY_POLICY.formatted(URI.create(issuer).resolve("/"));
  }

  /**
   * Swagger UI (the API documents, no patient data) adds a style element of its own, so its pages
   * allow inline styles; scripts stay this service's own.
   */
  static String documentsPolicy(String issuer) {
    return contentSecurityPolicy(issuer)
        .replace("style-src 'self'", "style-src 'self' 'unsafe-inline'");
  }

  @Bean
  SecurityFilterChain securityFilterChain(
      HttpSecurity http,
      JwtAuthenticationConverter roles,
      DeniedAnswers denied,
      @Value("${spring.security.oauth2.resourceserver.jwt.issuer-uri}") String issuer)
      throws Exception {
    return http.authorizeHttpRequests(AccessRules::apply)
        .oauth2ResourceServer(
            server ->
                server
                    .jwt(jwt -> jwt.jwtAuthenticationConverter(roles))
                    .authenticationEntryPoint(denied)
                    .accessDeniedHandler(denied))
        .exceptionHandling(
            exceptions -> exceptions.authenticationEntryPoint(denied).accessDeniedHandler(denied))
        .sessionManagement(
            sessions -> sessions.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
        .csrf(AbstractHttpConfigurer::disable)
        .requestCache(AbstractHttpConfigurer::disable)
        // No sign-in or sign-out of its own: both happen at the gateway and the identity provider.
        .logout(AbstractHttpConfigurer::disable)
        .headers(
            headers -> {
              RequestMatcher documents = PathPatternRequestMatcher.pathPattern("/docs/intake/**");
              headers
                  .addHeaderWriter(
                      new DelegatingRequestMatcherHeaderWriter(
                          new NegatedRequestMatcher(documents),
                          new ContentSecurityPolicyHeaderWriter(contentSecurityPolicy(issuer))))
                  .addHeaderWriter(
                      new DelegatingRequestMatcherHeaderWriter(
                          documents,
                          new ContentSecurityPolicyHeaderWriter(documentsPolicy(issuer))));
            })
        .build();
  }
}
