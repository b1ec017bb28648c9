package clinic.gateway.signin;

import clinic.gateway.Pages;
import jakarta.servlet.DispatcherType;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpMethod;
import org.springframework.security.config.Customizer;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.oauth2.client.OAuth2AuthorizedClientManager;
import org.springframework.security.oauth2.client.OAuth2AuthorizedClientProviderBuilder;
import org.springframework.security.oauth2.client.oidc.web.logout.OidcClientInitiatedLogoutSuccessHandler;
import org.springframework.security.oauth2.client.registration.ClientRegistrationRepository;
import org.springframework.security.oauth2.client.web.DefaultOAuth2AuthorizedClientManager;
import org.springframework.security.oauth2.client.web.OAuth2AuthorizedClientRepository;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.header.writers.ReferrerPolicyHeaderWriter.ReferrerPolicy;

/**
 * Who gets in. Staff sign in with OpenID Connect (authorization code with PKCE) into a server-side
 * session; API clients send their own bearer token. Everything but the patient's page and health
 * needs one of the two; which role may do what is for the services to decide.
 */
@Configuration(proxyBeanMethods = false)
class SecurityConfiguration {

  @Bean
  SecurityFilterChain gateway(
      HttpSecurity http,
      SignInProperties signIn,
      ClientRegistrationRepository registrations,
      Pages pages)
      throws Exception {
    SignInFailures failures = new SignInFailures(pages);
    OidcClientInitiatedLogoutSuccessHandler providerLogout =
        new OidcClientInitiatedLogoutSuccessHandler(registrations);
    providerLogout.setPostLogoutRedirectUri("{baseUrl}/");
    http.authorizeHttpRequests(
            requests ->
                requests
                    // Error pages of requests that were already let in (or turned away).
                    .dispatcherTypeMatchers(DispatcherType.ERROR)
                    .permitAll()
                    .requestMatchers("/education/**", "/actuator/health", "/actuator/health/**")
                    .permitAll()
                    // CDS Hooks discovery: which hook and prefetch triage's service wants, no data;
                    // EHRs read it while being configured. The service call itself needs a token.
                    .requestMatchers(HttpMethod.GET, "/cds-services")
                    .permitAll()
                    .anyRequest()
                    .authenticated())
        .oauth2Login(
            login ->
                login
                    // No generated page listing providers: there is one, so go straight to it.
                    .loginPage(SignInFailures.LOGIN)
                    .userInfoEndpoint(
                        userInfo ->
                            userInfo.userAuthoritiesMapper(
                                new RolesAuthoritiesMapper(signIn.rolesClaim())))
                    .failureHandler(failures.loginFailed()))
        // Resource-server authentication also exempts bearer-token requests from CSRF.
        .oauth2ResourceServer(
            resourceServer ->
                resourceServer
                    .jwt(Customizer.withDefaults())
                    .authenticationEntryPoint(failures.apiClient()))
        .exceptionHandling(
            exceptions ->
                exceptions.authenticationEntryPoint(failures).accessDeniedHandler(failures))
        .logout(logout -> logout.logoutSuccessHandler(providerLogout))
        .headers(
            headers ->
                headers
                    // Only where the response has no policy of its own: the services' stay as sent.
                    .contentSecurityPolicy(csp -> csp.policyDirectives("frame-ancestors 'none'"))
                    .referrerPolicy(referrer -> referrer.policy(ReferrerPolicy.SAME_ORIGIN)));
    return http.build();
  }

  @Bean
  ProviderRegistration clientRegistrations(SignInProperties signIn) {
    return new ProviderRegistration(signIn);
  }

  /** What TokenRelay asks for the signed-in user's access token; refreshes it when it expires. */
  @Bean
  OAuth2AuthorizedClientManager authorizedClientManager(
      ClientRegistrationRepository registrations, OAuth2AuthorizedClientRepository clients) {
    DefaultOAuth2AuthorizedClientManager manager =
        new DefaultOAuth2AuthorizedClientManager(registrations, clients);
    manager.setAuthorizedClientProvider(
        OAuth2AuthorizedClientProviderBuilder.builder().authorizationCode().refreshToken().build());
    return manager;
  }
}
