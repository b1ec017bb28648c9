package clinic.identity.account;

import clinic.identity.system.IdentityProperties;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Profile;
import org.springframework.context.event.EventListener;
import org.springframework.security.core.userdetails.User;
import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.security.oauth2.core.AuthorizationGrantType;
import org.springframework.security.oauth2.core.ClientAuthenticationMethod;
import org.springframework.security.oauth2.core.oidc.OidcScopes;
import org.springframework.security.oauth2.server.authorization.client.InMemoryRegisteredClientRepository;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClient;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClientRepository;
import org.springframework.security.oauth2.server.authorization.settings.AuthorizationServerSettings;
import org.springframework.security.oauth2.server.authorization.settings.ClientSettings;
import org.springframework.security.provisioning.InMemoryUserDetailsManager;

/**
 * The demo staff accounts and API clients of {@code ./run}. Their passwords are published (in the
 * README and in this provider's log), which is why they exist only with the {@code local} profile.
 */
@Configuration(proxyBeanMethods = false)
@Profile("local")
class DemoAccounts {

  static final String GATEWAY_CLIENT_ID = "clinic-gateway";
  static final String DEMO_CLIENT_SECRET = "demo-secret";

  private static final Logger log = LoggerFactory.getLogger(DemoAccounts.class);

  private final AuthorizationServerSettings settings;

  /** Staff who sign in through the gateway; the password is {@code <username>-demo}. */
  static final List<Account> STAFF =
      List.of(
          new Account("frontdesk", "Frances Front-Desk", List.of("FRONT_DESK")),
          new Account("clinician", "Dr Ada Clinician", List.of("CLINICIAN")),
          new Account("receiving", "Rui Receiving-Team", List.of("RECEIVING_TEAM")),
          new Account("editor", "Edith Editor", List.of("CONTENT_EDITOR")),
          new Account("admin", "Alan Admin", List.of("ADMIN")));

  /** Command-line and API clients (client_credentials); the token's subject is the client id. */
  static final List<Account> CLIENTS =
      List.of(
          new Account("demo-front-desk", "Front desk (demo API client)", List.of("FRONT_DESK")),
          new Account("demo-clinician", "Clinician (demo API client)", List.of("CLINICIAN")),
          new Account(
              "demo-receiving-team", "Receiving team (demo API client)", List.of("RECEIVING_TEAM")),
          new Account(
              "demo-content-editor", "Content editor (demo API client)", List.of("CONTENT_EDITOR")),
          new Account("demo-admin", "Admin (demo API client)", List.of("ADMIN")),
          // The Prometheus scraper: the services' metrics endpoints and nothing else.
          new Account("clinic-prometheus", "Prometheus (metrics scraper)", List.of("METRICS")));

  DemoAccounts(AuthorizationServerSettings settings) {
    this.settings = settings;
  }

  static String passwordOf(Account staffMember) {
    return staffMember.subject() + "-demo";
  }

  @Bean
  Accounts accounts() {
    return new Accounts(STAFF, CLIENTS);
  }

  @Bean
  UserDetailsService demoStaff(PasswordEncoder passwordEncoder) {
    return new InMemoryUserDetailsManager(
        STAFF.stream()
            .map(
                staffMember ->
                    User.withUsername(staffMember.subject())
                        .password(passwordEncoder.encode(passwordOf(staffMember)))
                        .roles(staffMember.roles().toArray(String[]::new))
                        .build())
            .toList());
  }

  @Bean
  RegisteredClientRepository demoClients(
      IdentityProperties properties, PasswordEncoder passwordEncoder) {
    var clients = new ArrayList<RegisteredClient>();
    clients.add(gateway(properties, passwordEncoder));
    for (Account client : CLIENTS) {
      clients.add(
          RegisteredClient.withId(UUID.randomUUID().toString())
              .clientId(client.subject())
              .clientName(client.name())
              .clientSecret(passwordEncoder.encode(DEMO_CLIENT_SECRET))
              .clientAuthenticationMethod(ClientAuthenticationMethod.CLIENT_SECRET_BASIC)
              .authorizationGrantType(AuthorizationGrantType.CLIENT_CREDENTIALS)
              .build());
    }
    return new InMemoryRegisteredClientRepository(clients);
  }

  /** The gateway signs staff in with the authorization code flow, PKCE and no consent screen. */
  private static RegisteredClient gateway(
      IdentityProperties properties, PasswordEncoder passwordEncoder) {
    return RegisteredClient.withId(UUID.randomUUID().toString())
        .clientId(GATEWAY_CLIENT_ID)
        .clientName("Clinic gateway")
        .clientSecret(passwordEncoder.encode(properties.gatewayClientSecret()))
        .clientAuthenticationMethod(ClientAuthenticationMethod.CLIENT_SECRET_BASIC)
        .authorizationGrantType(AuthorizationGrantType.AUTHORIZATION_CODE)
        .authorizationGrantType(AuthorizationGrantType.REFRESH_TOKEN)
        .redirectUri(properties.gatewayUrl() + "/login/oauth2/code/clinic")
        .postLogoutRedirectUri(properties.gatewayUrl() + "/")
        .scope(OidcScopes.OPENID)
        .scope(OidcScopes.PROFILE)
        .clientSettings(
            ClientSettings.builder()
                .requireProofKey(true)
                .requireAuthorizationConsent(false)
                .build())
        .build();
  }

  /**
   * Once, when the provider is ready: {@code ./run} shows these lines to the person starting it.
   */
  @EventListener(ApplicationReadyEvent.class)
  void announce() {
    var text = new StringBuilder();
    text.append("Demo sign-in (local profile only; these passwords are public, never use them")
        .append(" anywhere else)\n");
    text.append("  issuer ").append(settings.getIssuer()).append('\n');
    text.append("  staff, signing in through the gateway (user / password / name / role):\n");
    for (Account staffMember : STAFF) {
      text.append(
          "    %-10s %-16s %-20s %s%n"
              .formatted(
                  staffMember.subject(),
                  passwordOf(staffMember),
                  staffMember.name(),
                  String.join(",", staffMember.roles())));
    }
    text.append("  API clients (client_credentials, secret ")
        .append(DEMO_CLIENT_SECRET)
        .append("):\n");
    for (Account client : CLIENTS) {
      text.append("    %-20s %s%n".formatted(client.subject(), String.join(",", client.roles())));
    }
    text.append("  e.g. curl -s -u demo-clinician:")
        .append(DEMO_CLIENT_SECRET)
        .append(" -d grant_type=client_credentials ")
        .append(settings.getIssuer())
        .append("/oauth2/token");
    log.info("\n{}", text);
  }
}
