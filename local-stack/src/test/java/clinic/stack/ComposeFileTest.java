package clinic.stack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * {@code docker-compose.yml} and the Keycloak realm it imports say what the sign-in contract says:
 * the five roles, the demo users and clients, the claims every token carries, one issuer
 * everywhere, and nothing published but the gateway and Keycloak. The deployment is safe by
 * default: no password has a default (compose refuses to start without {@code .env}, which {@code
 * .env.example} describes), each service logs in to its own database with its own non-superuser
 * role, and the services run with the production profile that refuses the development credentials.
 * Reads the files only, so it runs where there is no Docker engine; {@link DockerComposeIT} starts
 * the containers where there is one.
 */
class ComposeFileTest {

  private static final String REALM_FILE = "docker/keycloak/clinic-realm.json";
  private static final String INIT_SCRIPT = "docker/postgres-init.sh";
  private static final String MAIL_VIEWER = "docker/mail-viewer.yml";
  private static final String ENV_EXAMPLE = ".env.example";

  /** The published development credentials (application.yml defaults, ./run). */
  private static final String DEVELOPMENT_PASSWORD = "clinic";

  /** Each service and its database, which is also the name of its role. */
  private static final Map<String, String> DATABASES =
      Map.of("intake-service", "intake", "triage-service", "triage", "content-service", "content");

  /** {@code ${NAME}} or {@code ${NAME<anything>}}: a variable compose interpolates. */
  private static final Pattern VARIABLE = Pattern.compile("\\$\\{([A-Z0-9_]+)([^}]*)}");

  private static final String GATEWAY_CLIENT = "clinic-gateway";
  private static final String GATEWAY_URL = "http://localhost:8080";

  /** The variable compose sets to the project's name (the file's {@code name:}, or -p's). */
  private static final String COMPOSE_PROJECT_NAME = "COMPOSE_PROJECT_NAME";

  /** The staff roles and METRICS, which only the Prometheus scraper's client has. */
  private static final Set<String> ROLES =
      Set.of("FRONT_DESK", "CLINICIAN", "RECEIVING_TEAM", "CONTENT_EDITOR", "ADMIN", "METRICS");

  private static final String PROMETHEUS_CLIENT = "clinic-prometheus";
  private static final String PROMETHEUS_CONFIG = "docker/prometheus/prometheus.yml";
  private static final String ALERT_RULES = "docker/prometheus/alerts.yml";
  private static final String EXPOSED_METRICS = "docker/prometheus/exposed-metrics.txt";
  private static final String DATASOURCES =
      "docker/grafana/provisioning/datasources/prometheus.yml";
  private static final String DASHBOARD_PROVIDERS =
      "docker/grafana/provisioning/dashboards/clinic.yml";
  private static final String DASHBOARD = "docker/grafana/dashboards/clinic.json";
  private static final Map<String, String> USER_ROLES =
      Map.of(
          "frontdesk", "FRONT_DESK",
          "clinician", "CLINICIAN",
          "receiving", "RECEIVING_TEAM",
          "editor", "CONTENT_EDITOR",
          "admin", "ADMIN");
  private static final Map<String, String> DISPLAY_NAMES =
      Map.of(
          "frontdesk", "Frances Front-Desk",
          "clinician", "Dr Ada Clinician",
          "receiving", "Rui Receiving-Team",
          "editor", "Edith Editor",
          "admin", "Alan Admin");
  private static final Map<String, String> DEMO_CLIENT_ROLES =
      Map.of(
          "demo-front-desk", "FRONT_DESK",
          "demo-clinician", "CLINICIAN",
          "demo-receiving-team", "RECEIVING_TEAM",
          "demo-content-editor", "CONTENT_EDITOR",
          "demo-admin", "ADMIN");

  private static String composeText;
  private static Map<String, Map<String, Object>> services;
  private static JsonNode realm;
  private static String initScript;
  private static List<String> envExample;

  @BeforeAll
  static void readTheFiles() throws IOException {
    Path root = LocalStack.repositoryRoot();
    composeText = Files.readString(root.resolve("docker-compose.yml"));
    Map<String, Object> compose = new Yaml().load(composeText);
    services = mapOfMaps(compose.get("services"), "services");
    realm = JsonMapper.builder().build().readTree(root.resolve(REALM_FILE).toFile());
    initScript = Files.readString(root.resolve(INIT_SCRIPT));
    envExample = Files.readAllLines(root.resolve(ENV_EXAMPLE));
  }

  // --- the realm ---

  @Test
  void realmClinicDeclaresExactlyTheFiveStaffRolesAndMetrics() {
    assertThat(realm.path("realm").asString()).isEqualTo("clinic");
    assertThat(realm.path("enabled").asBoolean()).isTrue();
    assertThat(names(realm.path("roles").path("realm"), "name"))
        .containsExactlyInAnyOrderElementsOf(ROLES);
  }

  @Test
  void everyDemoUserHasTheContractsPasswordDisplayNameAndOnlyItsRole() {
    Map<String, JsonNode> people = new LinkedHashMap<>();
    for (JsonNode user : realm.path("users")) {
      if (user.path("serviceAccountClientId").isMissingNode()) {
        people.put(user.path("username").asString(), user);
      }
    }
    assertThat(people.keySet()).containsExactlyInAnyOrderElementsOf(USER_ROLES.keySet());

    people.forEach(
        (username, user) -> {
          assertThat(user.path("enabled").asBoolean()).as(username).isTrue();
          assertThat(strings(user.path("realmRoles")))
              .as("realm roles of %s", username)
              .containsExactly(USER_ROLES.get(username));
          // Keycloak's full-name mapper writes `name` as "<first> <last>".
          assertThat(user.path("firstName").asString() + " " + user.path("lastName").asString())
              .as("display name of %s", username)
              .isEqualTo(DISPLAY_NAMES.get(username));
          // A user missing a required profile attribute would be stopped at sign-in to add it.
          assertThat(user.path("email").asString()).as("email of %s", username).contains("@");
          assertThat(user.path("emailVerified").asBoolean()).as(username).isTrue();
          assertThat(strings(user.path("requiredActions"))).as(username).isEmpty();

          JsonNode credentials = user.path("credentials");
          assertThat(credentials.size()).as("credentials of %s", username).isOne();
          JsonNode password = credentials.get(0);
          assertThat(password.path("type").asString()).isEqualTo("password");
          // Keycloak resolves ${...} from its environment when it imports the realm: compose
          // requires the variable, so no demo password is published.
          assertThat(password.path("value").asString()).isEqualTo("${KEYCLOAK_DEMO_USER_PASSWORD}");
          assertThat(password.path("temporary").asBoolean(true)).as(username).isFalse();
        });
  }

  @Test
  void theGatewayClientIsConfidentialWithPkceS256AndOnlyTheGatewaysRedirect() {
    JsonNode gateway = client(GATEWAY_CLIENT);

    assertThat(gateway.path("publicClient").asBoolean(true)).isFalse();
    assertThat(gateway.path("clientAuthenticatorType").asString()).isEqualTo("client-secret");
    assertThat(gateway.path("standardFlowEnabled").asBoolean()).isTrue();
    assertThat(gateway.path("implicitFlowEnabled").asBoolean(true)).isFalse();
    assertThat(gateway.path("directAccessGrantsEnabled").asBoolean(true)).isFalse();
    assertThat(gateway.path("serviceAccountsEnabled").asBoolean(true)).isFalse();
    assertThat(gateway.path("attributes").path("pkce.code.challenge.method").asString())
        .isEqualTo("S256");
    assertThat(strings(gateway.path("redirectUris")))
        .containsExactly(GATEWAY_URL + "/login/oauth2/code/clinic");
    assertThat(gateway.path("attributes").path("post.logout.redirect.uris").asString())
        .isEqualTo(GATEWAY_URL + "/*");
    assertThat(strings(gateway.path("webOrigins"))).containsExactly(GATEWAY_URL);
  }

  @Test
  void keycloakAndTheGatewayReadTheGatewaySecretFromOneRequiredVariable() {
    // Keycloak resolves ${...} in a realm file from its environment when it imports the file.
    assertThat(client(GATEWAY_CLIENT).path("secret").asString())
        .isEqualTo("${CLINIC_GATEWAY_CLIENT_SECRET}");
    assertThat(environment("keycloak").get("CLINIC_GATEWAY_CLIENT_SECRET"))
        .startsWith("${CLINIC_GATEWAY_CLIENT_SECRET:?");
    assertThat(environment("gateway").get("CLINIC_GATEWAY_CLIENT_SECRET"))
        .isEqualTo(environment("keycloak").get("CLINIC_GATEWAY_CLIENT_SECRET"));
  }

  @Test
  void keycloakGetsEveryVariableItsRealmFileReads() throws IOException {
    String realmText = Files.readString(LocalStack.repositoryRoot().resolve(REALM_FILE));
    Set<String> read = variables(realmText).keySet();
    assertThat(read)
        .containsExactlyInAnyOrder(
            "CLINIC_GATEWAY_CLIENT_SECRET",
            "KEYCLOAK_DEMO_USER_PASSWORD",
            "KEYCLOAK_DEMO_CLIENT_SECRET",
            "KEYCLOAK_PROMETHEUS_CLIENT_SECRET");
    Map<String, String> keycloak = environment("keycloak");
    read.forEach(
        name ->
            assertThat(keycloak.get(name)).as("keycloak %s", name).startsWith("${" + name + ":?"));
  }

  @Test
  void everyDemoClientIsAClientCredentialsServiceAccountWithItsRole() {
    Set<String> demoClients =
        clientIds().stream()
            .filter(id -> !id.equals(GATEWAY_CLIENT) && !id.equals(PROMETHEUS_CLIENT))
            .collect(Collectors.toSet());
    assertThat(demoClients).containsExactlyInAnyOrderElementsOf(DEMO_CLIENT_ROLES.keySet());

    Map<String, JsonNode> serviceAccounts = new LinkedHashMap<>();
    for (JsonNode user : realm.path("users")) {
      if (!user.path("serviceAccountClientId").isMissingNode()) {
        serviceAccounts.put(user.path("serviceAccountClientId").asString(), user);
      }
    }
    assertThat(serviceAccounts.keySet())
        .containsExactlyInAnyOrderElementsOf(concat(List.of(PROMETHEUS_CLIENT), demoClients));

    DEMO_CLIENT_ROLES.forEach(
        (clientId, role) -> {
          JsonNode client = client(clientId);
          assertThat(client.path("serviceAccountsEnabled").asBoolean()).as(clientId).isTrue();
          assertThat(client.path("publicClient").asBoolean(true)).as(clientId).isFalse();
          assertThat(client.path("secret").asString())
              .as(clientId)
              .isEqualTo("${KEYCLOAK_DEMO_CLIENT_SECRET}");
          assertThat(client.path("standardFlowEnabled").asBoolean(true)).as(clientId).isFalse();
          assertThat(client.path("directAccessGrantsEnabled").asBoolean(true))
              .as(clientId)
              .isFalse();

          JsonNode account = serviceAccounts.get(clientId);
          assertThat(account.path("username").asString()).isEqualTo("service-account-" + clientId);
          assertThat(strings(account.path("realmRoles")))
              .as("realm roles of %s", clientId)
              .containsExactly(role);
        });
  }

  @Test
  void everyClientPutsTheRolesClaimTheAudienceAndTheNameIntoItsTokens() {
    assertThat(clientIds())
        .containsExactlyInAnyOrderElementsOf(
            concat(List.of(GATEWAY_CLIENT, PROMETHEUS_CLIENT), DEMO_CLIENT_ROLES.keySet()));

    for (JsonNode client : realm.path("clients")) {
      String clientId = client.path("clientId").asString();

      JsonNode roles = mapper(client, "oidc-usermodel-realm-role-mapper");
      assertThat(roles.path("claim.name").asString()).as(clientId).isEqualTo("roles");
      assertThat(roles.path("multivalued").asString()).as(clientId).isEqualTo("true");
      assertThat(roles.path("access.token.claim").asString()).as(clientId).isEqualTo("true");
      assertThat(roles.path("id.token.claim").asString()).as(clientId).isEqualTo("true");
      // A prefix would turn CLINICIAN into something no service knows.
      assertThat(roles.path("usermodel.realmRoleMapping.rolePrefix").asString())
          .as(clientId)
          .isEmpty();

      JsonNode audience = mapper(client, "oidc-audience-mapper");
      assertThat(audience.path("included.custom.audience").asString())
          .as(clientId)
          .isEqualTo("clinic-api");
      assertThat(audience.path("included.client.audience").isMissingNode())
          .as("%s: a client audience would take the place of the custom one", clientId)
          .isTrue();
      assertThat(audience.path("access.token.claim").asString()).as(clientId).isEqualTo("true");

      JsonNode name = mapper(client, "oidc-full-name-mapper");
      assertThat(name.path("access.token.claim").asString()).as(clientId).isEqualTo("true");
      assertThat(name.path("id.token.claim").asString()).as(clientId).isEqualTo("true");

      // Keycloak's built-in scopes give `sub` (basic) and `preferred_username` (profile) only to
      // clients that keep the realm's default scopes.
      assertThat(client.path("defaultClientScopes").isMissingNode())
          .as("%s must keep Keycloak's default client scopes", clientId)
          .isTrue();
    }
    // Keycloak creates its built-in client scopes only when the realm file declares none.
    assertThat(realm.path("clientScopes").isMissingNode()).isTrue();
    assertThat(realm.path("defaultDefaultClientScopes").isMissingNode()).isTrue();
  }

  // --- the compose file ---

  @Test
  void everyIssuerInTheComposeFileIsKeycloaksBrowserAddressPlusTheRealm() {
    Map<String, String> keycloak = environment("keycloak");
    String issuer = keycloak.get("KC_HOSTNAME") + "/realms/clinic";
    assertThat(issuer).isEqualTo("http://localhost:8180/realms/clinic");

    Map<String, String> issuers = new LinkedHashMap<>();
    services
        .keySet()
        .forEach(
            service ->
                environment(service)
                    .forEach(
                        (name, value) -> {
                          if (name.endsWith("ISSUER_URI")) {
                            issuers.put(service + " " + name, value);
                          }
                        }));
    assertThat(issuers.keySet())
        .contains(
            "gateway CLINIC_ISSUER_URI",
            "intake-service CLINIC_ISSUER_URI",
            "triage-service CLINIC_ISSUER_URI",
            "content-service CLINIC_ISSUER_URI");
    issuers.forEach((where, value) -> assertThat(value).as(where).isEqualTo(issuer));
  }

  @Test
  void theBrowserReachesKeycloakWhereItsHostnameSaysAndContainersReachItInTheNetwork() {
    Map<String, String> keycloak = environment("keycloak");
    URI hostname = URI.create(keycloak.get("KC_HOSTNAME"));
    assertThat(ports("keycloak"))
        .containsExactly("127.0.0.1:" + hostname.getPort() + ":" + inNetworkPort());
    assertThat(keycloak.get("KC_HOSTNAME_BACKCHANNEL_DYNAMIC")).isEqualTo("true");
    assertThat(keycloak.get("KC_HEALTH_ENABLED")).isEqualTo("true");
    assertThat(strings(service("keycloak").get("command"))).contains("--import-realm");
    assertThat(strings(service("keycloak").get("volumes")))
        .containsExactly("./" + REALM_FILE + ":/opt/keycloak/data/import/clinic-realm.json:ro");

    String browserBase = keycloak.get("KC_HOSTNAME") + "/realms/clinic/";
    String networkBase = "http://keycloak:" + inNetworkPort() + "/realms/clinic/";
    List<String> endpoints = new ArrayList<>();
    services
        .keySet()
        .forEach(
            service ->
                environment(service)
                    .forEach(
                        (name, value) -> {
                          if (value.contains("/realms/clinic/")) {
                            endpoints.add(service + " " + name);
                            // Only the sign-in page is opened by the browser; every other call
                            // comes from a container.
                            String base =
                                name.endsWith("_AUTHORIZATION_URI") ? browserBase : networkBase;
                            assertThat(value).as(service + " " + name).startsWith(base);
                          }
                        }));
    assertThat(endpoints)
        .contains(
            "gateway SPRING_SECURITY_OAUTH2_RESOURCESERVER_JWT_JWK_SET_URI",
            "intake-service SPRING_SECURITY_OAUTH2_RESOURCESERVER_JWT_JWK_SET_URI",
            "triage-service SPRING_SECURITY_OAUTH2_RESOURCESERVER_JWT_JWK_SET_URI",
            "content-service CLINIC_JWKS_URI");
    // The gateway reads the discovery document in-network; it must still name the browsers' issuer.
    assertThat(environment("gateway"))
        .containsEntry(
            "CLINIC_ISSUER_DISCOVERY_URI", networkBase.substring(0, networkBase.length() - 1))
        .containsEntry("CLINIC_ISSUER_URI", browserBase.substring(0, browserBase.length() - 1));
  }

  @Test
  void theGatewayRoutesToEveryReplicaOfEachServiceInsideTheNetworkAndPeopleGetTheGatewaysAddress() {
    Map<String, String> gateway = environment("gateway");
    Map<String, String> variables =
        Map.of(
            "intake-service", "INTAKE_URLS",
            "triage-service", "TRIAGE_URLS",
            "content-service", "CONTENT_URLS");
    variables.forEach(
        (service, variable) -> {
          int replicas = replicas(service);
          assertThat(replicas).as("%s replicas", service).isGreaterThanOrEqualTo(2);
          // Compose names replica n <project>-<service>-<n>, and Docker's DNS resolves that name;
          // it gives the project's name to the file as COMPOSE_PROJECT_NAME.
          List<String> replicaUrls =
              IntStream.rangeClosed(1, replicas)
                  .mapToObj(
                      n ->
                          "http://${COMPOSE_PROJECT_NAME}-%s-%d:%s"
                              .formatted(service, n, environment(service).get("SERVER_PORT")))
                  .toList();
          assertThat(gateway.get(variable))
              .as("the gateway's %s", variable)
              .isEqualTo(String.join(",", replicaUrls));
          assertThat(gateway).doesNotContainKey(variable.substring(0, variable.length() - 1));
        });
    assertThat(gateway.get("CLINIC_SECURE_COOKIES")).isEqualTo("false");
    assertThat(ports("gateway")).containsExactly("127.0.0.1:8080:" + gateway.get("SERVER_PORT"));

    // content-service builds the patient's links with it; intake and triage link only under it.
    for (String service : List.of("intake-service", "triage-service", "content-service")) {
      assertThat(environment(service).get("CONTENT_PUBLIC_URL")).as(service).isEqualTo(GATEWAY_URL);
    }
    assertThat(environment("triage-service").get("TRIAGE_PUBLIC_URL")).isEqualTo(GATEWAY_URL);
    assertThat(environment("intake-service").get("INTAKE_PUBLIC_URL")).isEqualTo(GATEWAY_URL);
  }

  @Test
  void onlyTheGatewayKeycloakAndGrafanaArePublishedAndOnlyOnLoopback() {
    Set<String> published = new TreeSet<>();
    services.forEach(
        (name, service) -> {
          if (service.containsKey("ports")) {
            published.add(name);
            assertThat(ports(name)).as(name).allMatch(port -> port.startsWith("127.0.0.1:"));
          }
          // host would publish every port; none (autoheal's) reaches no network at all.
          assertThat(service.get("network_mode")).as(name).isIn(null, "none");
        });
    // The browser must reach the gateway (the one address) and Keycloak's sign-in page; the
    // database, the broker and the mail viewer (patients' names and addresses) stay inside, and so
    // does Prometheus (Grafana, which has its own sign-in, reads it in the network).
    assertThat(published).containsExactly("gateway", "grafana", "keycloak");
    assertThat(ports("grafana")).containsExactly("127.0.0.1:3000:3000");
  }

  @Test
  void theMailViewerOverlayPublishesOnlyMailpitOnLoopback() throws IOException {
    Map<String, Object> overlay =
        new Yaml().load(Files.readString(LocalStack.repositoryRoot().resolve(MAIL_VIEWER)));
    Map<String, Map<String, Object>> overlaid = mapOfMaps(overlay.get("services"), MAIL_VIEWER);
    assertThat(overlaid.keySet()).containsExactly("mailpit");
    assertThat(overlaid.get("mailpit").keySet()).containsExactly("ports");
    assertThat(strings(overlaid.get("mailpit").get("ports")))
        .containsExactly("127.0.0.1:8025:8025");
  }

  // --- safe by default ---

  @Test
  void noVariableHasADefaultSoComposeRefusesToStartWithoutEachOne() {
    Map<String, String> references = variables(composeText);
    assertThat(references).isNotEmpty();
    // ${NAME:?message}: compose stops with the message when NAME is unset or empty.
    references.forEach(
        (name, rest) ->
            assertThat(rest).as("${%s%s}", name, rest).startsWith(":?").contains(".env.example"));
  }

  @Test
  void everyPasswordAndSecretInTheComposeFileComesFromARequiredVariable() {
    List<String> checked = new ArrayList<>();
    services.forEach(
        (service, definition) ->
            environment(service)
                .forEach(
                    (name, value) -> {
                      if (name.contains("PASSWORD") || name.contains("SECRET")) {
                        checked.add(service + " " + name);
                        assertThat(value)
                            .as("%s %s", service, name)
                            .matches("\\$\\{[A-Z0-9_]+:\\?.+}");
                      }
                    }));
    assertThat(checked)
        .contains(
            "postgres POSTGRES_PASSWORD",
            "keycloak KC_BOOTSTRAP_ADMIN_PASSWORD",
            "gateway CLINIC_GATEWAY_CLIENT_SECRET",
            "intake-service DATABASE_PASSWORD",
            "triage-service DATABASE_PASSWORD",
            "content-service DATABASE_PASSWORD");
    // The demo defaults this file once had (admin-demo, gateway-demo-secret) are gone.
    assertThat(composeText).doesNotContainIgnoringCase("-demo");
  }

  @Test
  void envExampleListsEveryVariableOnceWithACommentAndNoValue() {
    Map<String, Integer> lines = new LinkedHashMap<>();
    for (int i = 0; i < envExample.size(); i++) {
      String line = envExample.get(i);
      if (line.isBlank() || line.startsWith("#")) {
        continue;
      }
      String name = line.substring(0, line.indexOf('='));
      assertThat(lines.put(name, i)).as("%s listed twice", name).isNull();
      // Copied as it is, the file must not start anything: compose treats empty as missing.
      assertThat(line).as(ENV_EXAMPLE).isEqualTo(name + "=");
      assertThat(envExample.get(i - 1)).as("the line above %s", name).startsWith("# ");
    }
    assertThat(lines.keySet()).containsExactlyInAnyOrderElementsOf(variables(composeText).keySet());
  }

  @Test
  void eachServiceLogsInToItsOwnDatabaseWithItsOwnRoleAndPassword() {
    Map<String, String> postgres = environment("postgres");
    String superuser = postgres.get("POSTGRES_USER");
    DATABASES.forEach(
        (service, database) -> {
          Map<String, String> environment = environment(service);
          assertThat(environment.get("DATABASE_URL"))
              .as(service)
              .isEqualTo("jdbc:postgresql://postgres:5432/" + database);
          assertThat(environment.get("DATABASE_USER")).as(service).isEqualTo(database);
          String variable = database.toUpperCase(Locale.ROOT) + "_DATABASE_PASSWORD";
          assertThat(environment.get("DATABASE_PASSWORD"))
              .as(service)
              .startsWith("${" + variable + ":?");
          // The init script gets the same variable to create the role with.
          assertThat(postgres.get(variable))
              .as("postgres %s", variable)
              .isEqualTo(environment.get("DATABASE_PASSWORD"));
          assertThat(environment.get("DATABASE_USER")).as(service).isNotEqualTo(superuser);
        });
    // No service shares another's password variable, nor uses the superuser's.
    assertThat(DATABASES.keySet().stream().map(s -> environment(s).get("DATABASE_PASSWORD")))
        .doesNotHaveDuplicates()
        .doesNotContain(postgres.get("POSTGRES_PASSWORD"));
    assertThat(strings(service("postgres").get("volumes")))
        .containsExactly("./" + INIT_SCRIPT + ":/docker-entrypoint-initdb.d/10-databases.sh:ro");
  }

  @Test
  void theInitScriptCreatesOneNonSuperuserRolePerServiceOwningOnlyItsDatabase() {
    String sql = initScript.replaceAll("\\s+", " ");
    assertThat(count(sql, "CREATE ROLE ")).isEqualTo(DATABASES.size());
    assertThat(count(sql, "CREATE DATABASE ")).isEqualTo(DATABASES.size());
    assertThat(sql).doesNotContainPattern("(?<!NO)SUPERUSER").doesNotContain("GRANT ");
    for (String database : DATABASES.values()) {
      String variable = database.toUpperCase(Locale.ROOT) + "_DATABASE_PASSWORD";
      assertThat(sql)
          .contains(
              "CREATE ROLE "
                  + database
                  + " LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE NOREPLICATION NOBYPASSRLS"
                  + " PASSWORD :'"
                  + database
                  + "_password';")
          .contains("--set " + database + "_password=\"$" + variable + "\"")
          .contains("CREATE DATABASE " + database + " OWNER " + database + ";")
          .contains("REVOKE ALL ON DATABASE " + database + " FROM PUBLIC;");
    }
    // It connects as the superuser compose creates, and stops at the first error.
    assertThat(sql).contains("set -euo pipefail").contains("--set ON_ERROR_STOP=1");
  }

  @Test
  void theServicesRunWithTheProductionProfileThatRefusesTheDevelopmentCredentials() {
    assertThat(environment("intake-service")).containsEntry("SPRING_PROFILES_ACTIVE", "prod");
    assertThat(environment("triage-service")).containsEntry("SPRING_PROFILES_ACTIVE", "prod");
    assertThat(environment("content-service")).containsEntry("MICRONAUT_ENVIRONMENTS", "prod");
    services
        .keySet()
        .forEach(
            service ->
                assertThat(environment(service).values())
                    .as(service)
                    .doesNotContain(DEVELOPMENT_PASSWORD));
  }

  @Test
  void everyServiceHasAHealthcheckAndARestartPolicy() {
    assertThat(services.keySet())
        .contains(
            "postgres",
            "kafka",
            "mailpit",
            "keycloak",
            "gateway",
            "intake-service",
            "triage-service",
            "content-service",
            "prometheus",
            "grafana");
    services.forEach(
        (name, service) -> {
          Map<String, Object> healthcheck = mapOfObjects(service.get("healthcheck"), name);
          assertThat(healthcheck).as(name).doesNotContainEntry("disable", true);
          List<String> test = strings(healthcheck.get("test"));
          assertThat(test).as(name).hasSizeGreaterThan(1);
          assertThat(test.getFirst()).as(name).isIn("CMD", "CMD-SHELL");
          assertThat(service.get("restart")).as(name).isEqualTo("unless-stopped");
        });
  }

  // --- healing ---

  @Test
  void autohealRestartsEveryOtherContainerOnceItIsUnhealthy() {
    Map<String, Object> autoheal = service("autoheal");
    assertThat(String.valueOf(autoheal.get("image")))
        .as("a pinned release, not latest")
        .matches("willfarrell/autoheal:\\d+\\.\\d+\\.\\d+");
    assertThat(strings(autoheal.get("volumes")))
        .containsExactly("/var/run/docker.sock:/var/run/docker.sock");
    assertThat(autoheal.get("network_mode")).isEqualTo("none");
    assertThat(autoheal).doesNotContainKey("ports");
    String label = environment("autoheal").get("AUTOHEAL_CONTAINER_LABEL");
    assertThat(label)
        .as("watches this project's label, not every container on the host")
        .isNotIn(null, "all", "autoheal");

    services.keySet().stream()
        .filter(name -> !name.equals("autoheal"))
        .forEach(name -> assertThat(labels(name)).as(name).containsEntry(label, "true"));
  }

  @Test
  void theClinicsServicesAreCheckedForLivenessSoAMissingDatabaseRestartsNothing() {
    for (String name : List.of("gateway", "intake-service", "triage-service", "content-service")) {
      String test = String.join(" ", strings(healthcheck(name).get("test")));
      assertThat(test).as(name).contains("/health/liveness").doesNotContain("readiness");
      int retries = ((Number) healthcheck(name).get("retries")).intValue();
      assertThat(seconds(healthcheck(name).get("interval")) * retries)
          .as("%s: seconds without an answer before autoheal restarts it", name)
          .isBetween(15, 60);
      assertThat(seconds(healthcheck(name).get("start_period")))
          .as("%s: a JVM starting on a busy machine is not restarted", name)
          .isGreaterThanOrEqualTo(60);
    }
  }

  @Test
  void theJvmsExitOnOutOfMemoryErrorSoTheRestartPolicyStartsThemAfresh() {
    for (String name : List.of("gateway", "intake-service", "triage-service", "content-service")) {
      assertThat(environment(name).get("JAVA_TOOL_OPTIONS"))
          .as(name)
          .contains("-XX:+ExitOnOutOfMemoryError");
    }
  }

  // --- metrics ---

  @Test
  void thePrometheusClientIsAServiceAccountWithOnlyTheMetricsRoleAndASecretOfItsOwn() {
    JsonNode client = client(PROMETHEUS_CLIENT);
    assertThat(client.path("serviceAccountsEnabled").asBoolean()).isTrue();
    assertThat(client.path("publicClient").asBoolean(true)).isFalse();
    assertThat(client.path("standardFlowEnabled").asBoolean(true)).isFalse();
    assertThat(client.path("directAccessGrantsEnabled").asBoolean(true)).isFalse();
    assertThat(client.path("secret").asString()).isEqualTo("${KEYCLOAK_PROMETHEUS_CLIENT_SECRET}");
    for (JsonNode user : realm.path("users")) {
      if (user.path("serviceAccountClientId").asString().equals(PROMETHEUS_CLIENT)) {
        assertThat(strings(user.path("realmRoles"))).containsExactly("METRICS");
      } else {
        assertThat(strings(user.path("realmRoles")))
            .as("%s: METRICS is the scraper's alone", user.path("username").asString())
            .doesNotContain("METRICS");
      }
    }
    // Keycloak and the prometheus container read one required variable.
    assertThat(environment("prometheus").get("PROMETHEUS_CLIENT_SECRET"))
        .isEqualTo(environment("keycloak").get("KEYCLOAK_PROMETHEUS_CLIENT_SECRET"))
        .startsWith("${KEYCLOAK_PROMETHEUS_CLIENT_SECRET:?");
  }

  @Test
  void prometheusScrapesEveryServiceInstanceWithAClientCredentialsToken() throws IOException {
    Map<String, Object> config = yaml(PROMETHEUS_CONFIG);
    Map<String, Map<String, Object>> jobs = new LinkedHashMap<>();
    for (Object job : (List<?>) config.get("scrape_configs")) {
      Map<String, Object> scrape = mapOfObjects(job, "scrape config");
      jobs.put(String.valueOf(scrape.get("job_name")), scrape);
    }
    Map<String, String> paths =
        Map.of(
            "intake-service", "/actuator/prometheus",
            "triage-service", "/actuator/prometheus",
            "content-service", "/prometheus");
    assertThat(jobs.keySet()).containsExactlyInAnyOrderElementsOf(paths.keySet());
    paths.forEach(
        (service, path) -> {
          Map<String, Object> job = jobs.get(service);
          assertThat(job.get("metrics_path")).as(service).isEqualTo(path);
          Map<String, Object> oauth2 = mapOfObjects(job.get("oauth2"), service + " oauth2");
          assertThat(oauth2.get("client_id")).as(service).isEqualTo(PROMETHEUS_CLIENT);
          assertThat(String.valueOf(oauth2.get("client_secret_file"))).as(service).isNotBlank();
          assertThat(oauth2).as(service).doesNotContainKey("client_secret");
          assertThat(oauth2.get("token_url"))
              .as(service)
              .isEqualTo(
                  "http://keycloak:"
                      + inNetworkPort()
                      + "/realms/clinic/protocol/openid-connect/token");
          // Every instance, replicas included: Docker's DNS answers one A record per container.
          Map<String, Object> discovery =
              mapOfObjects(((List<?>) job.get("dns_sd_configs")).getFirst(), service + " dns");
          assertThat(strings(discovery.get("names"))).as(service).containsExactly(service);
          assertThat(discovery.get("type")).as(service).isEqualTo("A");
          assertThat(String.valueOf(discovery.get("port")))
              .as(service)
              .isEqualTo(environment(service).get("SERVER_PORT"));
        });
    // The container writes the secret where the config reads it, and mounts both files it names.
    String secretFile =
        String.valueOf(
            mapOfObjects(jobs.get("intake-service").get("oauth2"), "oauth2")
                .get("client_secret_file"));
    assertThat(String.join(" ", strings(service("prometheus").get("command"))))
        .contains("> " + secretFile)
        .contains("--config.file=/etc/prometheus/prometheus.yml");
    assertThat(strings(config.get("rule_files"))).containsExactly("/etc/prometheus/alerts.yml");
    assertThat(strings(service("prometheus").get("volumes")))
        .containsExactlyInAnyOrder(
            "./" + PROMETHEUS_CONFIG + ":/etc/prometheus/prometheus.yml:ro",
            "./" + ALERT_RULES + ":/etc/prometheus/alerts.yml:ro");
    for (String name : List.of("prometheus", "grafana")) {
      assertThat(String.valueOf(service(name).get("image")))
          .as("%s: a pinned release, not latest", name)
          .matches("[a-z/]+:v?\\d+\\.\\d+\\.\\d+");
    }
  }

  @Test
  void theAlertRulesWatchTheBacklogAndUndeliverableNotificationsWithExposedMetrics()
      throws IOException {
    Map<String, String> rules = new LinkedHashMap<>();
    for (Object group : (List<?>) yaml(ALERT_RULES).get("groups")) {
      for (Object rule : (List<?>) mapOfObjects(group, "rule group").get("rules")) {
        Map<String, Object> alert = mapOfObjects(rule, "rule");
        rules.put(String.valueOf(alert.get("alert")), String.valueOf(alert.get("expr")));
        assertThat(alert).as("%s", alert.get("alert")).containsKeys("for", "labels", "annotations");
      }
    }
    assertThat(rules)
        .containsKeys(
            "ClinicOutboxBacklogGrowing",
            "ClinicOutboxEventStuck",
            "ClinicNotificationsUndeliverable");
    assertThat(rules.get("ClinicOutboxBacklogGrowing")).contains("clinic_outbox_backlog");
    assertThat(rules.get("ClinicNotificationsUndeliverable"))
        .contains("clinic_notifications_undeliverable");
    Set<String> exposed = exposedMetrics();
    rules.forEach(
        (alert, expr) -> assertThat(metricNames(expr)).as(alert).isNotEmpty().isSubsetOf(exposed));
  }

  @Test
  void theDashboardIsProvisionedAndQueriesOnlyMetricsTheServicesExpose() throws IOException {
    Path root = LocalStack.repositoryRoot();
    JsonNode dashboard = JsonMapper.builder().build().readTree(root.resolve(DASHBOARD).toFile());
    assertThat(dashboard.path("uid").asString()).isNotBlank();
    assertThat(dashboard.path("title").asString()).isEqualTo("Clinic operations");
    assertThat(dashboard.path("schemaVersion").asInt()).isPositive();

    // The data source the panels name is the provisioned one, which points at the prometheus
    // service.
    Map<String, Object> datasource =
        mapOfObjects(((List<?>) yaml(DATASOURCES).get("datasources")).getFirst(), "datasource");
    assertThat(datasource.get("type")).isEqualTo("prometheus");
    assertThat(datasource.get("url")).isEqualTo("http://prometheus:9090");
    String uid = String.valueOf(datasource.get("uid"));

    Set<String> exposed = exposedMetrics();
    Set<Integer> ids = new TreeSet<>();
    List<String> queried = new ArrayList<>();
    for (JsonNode panel : dashboard.path("panels")) {
      String title = panel.path("title").asString();
      assertThat(ids.add(panel.path("id").asInt())).as("%s: a unique id", title).isTrue();
      assertThat(panel.path("datasource").path("uid").asString()).as(title).isEqualTo(uid);
      assertThat(panel.path("gridPos").path("w").asInt()).as(title).isBetween(1, 24);
      assertThat(panel.path("targets").size()).as("%s: queries", title).isPositive();
      for (JsonNode target : panel.path("targets")) {
        String expr = target.path("expr").asString();
        assertThat(target.path("datasource").path("uid").asString()).as(title).isEqualTo(uid);
        assertThat(metricNames(expr)).as("%s: %s", title, expr).isNotEmpty().isSubsetOf(exposed);
        queried.add(expr);
      }
    }
    // What the issue asks the dashboard to show.
    assertThat(String.join("\n", queried))
        .contains("clinic_intakes_submitted_total")
        .contains("histogram_quantile(0.50, sum by (le) (rate(clinic_intake_time_to_education")
        .contains("histogram_quantile(0.95,")
        .contains("histogram_quantile(0.99,")
        .contains("clinic_outbox_backlog")
        .contains("clinic_outbox_oldest_age_seconds")
        .contains("kafka_consumer_fetch_manager_records_lag_max")
        .contains("kafka_consumer_records_lag_max_records")
        .contains("clinic_triage_red_flags_total")
        .contains("clinic_notifications_undeliverable");

    // Grafana loads the directory the dashboard is mounted in.
    Map<String, Object> provider =
        mapOfObjects(((List<?>) yaml(DASHBOARD_PROVIDERS).get("providers")).getFirst(), "provider");
    String path = String.valueOf(mapOfObjects(provider.get("options"), "options").get("path"));
    assertThat(strings(service("grafana").get("volumes")))
        .contains(
            "./docker/grafana/dashboards:" + path + ":ro",
            "./docker/grafana/provisioning:/etc/grafana/provisioning:ro");
    assertThat(environment("grafana").get("GF_SECURITY_ADMIN_PASSWORD"))
        .startsWith("${GRAFANA_ADMIN_PASSWORD:?");
  }

  @Test
  void metricNamesAreReadFromPromQlWithoutFunctionsLabelsOrKeywords() {
    assertThat(
            metricNames(
                "histogram_quantile(0.95, sum by (le) (rate(a_bucket{job=~\"x|y\"}[5m])))"
                    + " or max by (job, client_id) (b) > 0 and on (job) c offset 5m"))
        .containsExactlyInAnyOrder("a_bucket", "b", "c");
  }

  /**
   * The metric names an expression reads: identifiers left once strings, label matchers, ranges,
   * grouping clauses, function calls and keywords are taken out.
   */
  static Set<String> metricNames(String expr) {
    String bare =
        expr.replaceAll("\"(?:[^\"\\\\]|\\\\.)*\"", "\"\"")
            .replaceAll("\\{[^}]*}", " ")
            .replaceAll("\\[[^\\]]*\\]", " ")
            .replaceAll("\\b(by|without|on|ignoring|group_left|group_right)\\s*\\([^)]*\\)", " ");
    Set<String> keywords =
        Set.of("and", "or", "unless", "bool", "offset", "by", "without", "on", "ignoring");
    Set<String> names = new TreeSet<>();
    Matcher identifier =
        Pattern.compile("(?<![0-9.])\\b([a-zA-Z_:][a-zA-Z0-9_:]*)\\b\\s*(\\()?").matcher(bare);
    while (identifier.find()) {
      String name = identifier.group(1);
      boolean call = identifier.group(2) != null;
      if (!call && !keywords.contains(name) && !name.matches("\\d.*|[0-9]+[smhdwy]")) {
        names.add(name);
      }
    }
    return names;
  }

  /** What docker/prometheus/exposed-metrics.txt lists (the services' tests check it), and up. */
  private static Set<String> exposedMetrics() throws IOException {
    Set<String> names = new TreeSet<>(Set.of("up"));
    for (String line : Files.readAllLines(LocalStack.repositoryRoot().resolve(EXPOSED_METRICS))) {
      String[] parts = line.strip().split("\\s+");
      if (parts.length == 2 && !line.startsWith("#")) {
        names.add(parts[1]);
      }
    }
    assertThat(names).hasSizeGreaterThan(10);
    return names;
  }

  private static Map<String, Object> yaml(String file) throws IOException {
    return new Yaml().load(Files.readString(LocalStack.repositoryRoot().resolve(file)));
  }

  // --- reading ---

  /** Every variable the text interpolates, with what follows its name inside the braces. */
  private static Map<String, String> variables(String text) {
    Map<String, String> found = new LinkedHashMap<>();
    Matcher matcher = VARIABLE.matcher(text);
    while (matcher.find()) {
      if (matcher.group(1).equals(COMPOSE_PROJECT_NAME)) {
        continue; // Compose's own: the project's name, never unset.
      }
      String previous = found.put(matcher.group(1), matcher.group(2));
      assertThat(previous == null || previous.equals(matcher.group(2)))
          .as("%s is interpolated in two ways", matcher.group(1))
          .isTrue();
    }
    return found;
  }

  private static int count(String text, String part) {
    return text.split(Pattern.quote(part), -1).length - 1;
  }

  private static Map<String, Object> service(String name) {
    assertThat(services).as("services").containsKey(name);
    return services.get(name);
  }

  /** A service's environment as strings (YAML reads 8081 as a number). */
  private static Map<String, String> environment(String service) {
    Map<String, String> environment = new LinkedHashMap<>();
    Object declared = service(service).get("environment");
    if (declared == null) {
      return environment;
    }
    mapOfObjects(declared, service + " environment")
        .forEach((name, value) -> environment.put(name, String.valueOf(value)));
    return environment;
  }

  private static Map<String, Object> healthcheck(String service) {
    return mapOfObjects(service(service).get("healthcheck"), service + " healthcheck");
  }

  /** A service's labels, written as a mapping or as a list of {@code name=value}. */
  private static Map<String, String> labels(String service) {
    Object declared = service(service).get("labels");
    Map<String, String> labels = new LinkedHashMap<>();
    if (declared instanceof List<?>) {
      for (String label : strings(declared)) {
        int equals = label.indexOf('=');
        labels.put(label.substring(0, equals), label.substring(equals + 1));
      }
    } else if (declared != null) {
      mapOfObjects(declared, service + " labels")
          .forEach((name, value) -> labels.put(name, String.valueOf(value)));
    }
    return labels;
  }

  /** A compose duration in whole seconds: {@code 5s}, {@code 2m}, {@code 1m30s}. */
  private static int seconds(Object duration) {
    Matcher parts = Pattern.compile("(\\d+)([hms])").matcher(String.valueOf(duration));
    int seconds = 0;
    while (parts.find()) {
      int value = Integer.parseInt(parts.group(1));
      seconds +=
          switch (parts.group(2)) {
            case "h" -> value * 3600;
            case "m" -> value * 60;
            default -> value;
          };
    }
    assertThat(seconds).as("duration %s", duration).isPositive();
    return seconds;
  }

  private static List<String> ports(String service) {
    return strings(service(service).get("ports"));
  }

  private static String inNetworkPort() {
    List<String> keycloakPorts = ports("keycloak");
    assertThat(keycloakPorts).hasSize(1);
    String mapping = keycloakPorts.getFirst();
    return mapping.substring(mapping.lastIndexOf(':') + 1);
  }

  /** {@code deploy.replicas} of a service (1 when unset). */
  private static int replicas(String service) {
    Object deploy = service(service).get("deploy");
    if (deploy == null) {
      return 1;
    }
    Object replicas = mapOfObjects(deploy, service + " deploy").get("replicas");
    return replicas == null ? 1 : Integer.parseInt(String.valueOf(replicas));
  }

  private static List<String> clientIds() {
    return names(realm.path("clients"), "clientId");
  }

  private static JsonNode client(String clientId) {
    for (JsonNode client : realm.path("clients")) {
      if (client.path("clientId").asString().equals(clientId)) {
        return client;
      }
    }
    return fail("no client " + clientId + " in " + REALM_FILE);
  }

  /** The config of the client's one protocol mapper of the given type. */
  private static JsonNode mapper(JsonNode client, String type) {
    List<JsonNode> found =
        StreamSupport.stream(client.path("protocolMappers").spliterator(), false)
            .filter(mapper -> mapper.path("protocolMapper").asString().equals(type))
            .toList();
    assertThat(found).as("%s mappers of %s", type, client.path("clientId").asString()).hasSize(1);
    assertThat(found.getFirst().path("protocol").asString()).isEqualTo("openid-connect");
    return found.getFirst().path("config");
  }

  private static List<String> names(JsonNode array, String field) {
    return StreamSupport.stream(array.spliterator(), false)
        .map(node -> node.path(field).asString())
        .toList();
  }

  private static List<String> strings(JsonNode array) {
    return StreamSupport.stream(array.spliterator(), false).map(JsonNode::asString).toList();
  }

  private static List<String> strings(Object yamlList) {
    if (!(yamlList instanceof List<?> list)) {
      return fail("expected a list, got " + yamlList);
    }
    return list.stream().map(String::valueOf).toList();
  }

  private static List<String> concat(List<String> first, Set<String> second) {
    List<String> all = new ArrayList<>(first);
    all.addAll(second);
    return all;
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> mapOfObjects(Object yaml, String what) {
    if (!(yaml instanceof Map<?, ?>)) {
      return fail(what + ": expected a mapping, got " + yaml);
    }
    return (Map<String, Object>) yaml;
  }

  private static Map<String, Map<String, Object>> mapOfMaps(Object yaml, String what) {
    Map<String, Map<String, Object>> result = new LinkedHashMap<>();
    mapOfObjects(yaml, what).forEach((name, value) -> result.put(name, mapOfObjects(value, name)));
    return result;
  }
}
