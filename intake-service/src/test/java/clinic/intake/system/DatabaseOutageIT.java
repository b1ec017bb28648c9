package clinic.intake.system;

import static org.assertj.core.api.Assertions.assertThat;

import clinic.intake.IntakeApplication;
import clinic.intake.Questionnaires;
import clinic.security.testing.TestIssuer;
import clinic.testing.TestDatabase;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.kafka.test.EmbeddedKafkaBroker;
import org.springframework.kafka.test.context.EmbeddedKafka;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * While its database refuses connections, intake-service answers a submission with a 503 problem
 * and {@code Retry-After} within its pool's connection timeout, stores nothing, and takes the same
 * submission once the database is back. The real application on a database of its own, which the
 * test closes to new connections and empties of its sessions (as a restart does).
 */
@EmbeddedKafka(partitions = 3, bootstrapServersProperty = "intake.test.outage-broker")
class DatabaseOutageIT {

  private static final JsonMapper JSON = JsonMapper.builder().build();

  @Test
  void aSubmissionWhileTheDatabaseIsAwayIsA503ThatCanBeSentAgain(EmbeddedKafkaBroker broker)
      throws Exception {
    var database = TestDatabase.newDatabase();
    var name = URI.create(database.substring("jdbc:".length())).getPath().substring(1);
    // The superuser, connected to another database of its own.
    var admin = JdbcClient.create(TestDatabase.newDataSource());
    var arguments =
        List.of(
            "--spring.datasource.url=" + database,
            "--spring.datasource.username=" + TestDatabase.USER,
            "--spring.datasource.password=" + TestDatabase.PASSWORD,
            "--spring.datasource.hikari.connection-timeout=2000",
            "--spring.kafka.bootstrap-servers=" + broker.getBrokersAsString(),
            "--server.address=127.0.0.1",
            "--server.port=0",
            "--spring.security.oauth2.resourceserver.jwt.issuer-uri="
                + TestIssuer.shared().issuerUri());
    try (ConfigurableApplicationContext app =
            new SpringApplicationBuilder(IntakeApplication.class)
                .run(arguments.toArray(String[]::new));
        var http = HttpClient.newHttpClient()) {
      var port = app.getEnvironment().getRequiredProperty("local.server.port");
      var intakes = URI.create("http://127.0.0.1:" + port + "/api/intakes");
      assertThat(submit(http, intakes, "before").statusCode()).isEqualTo(201);

      admin.sql("alter database \"" + name + "\" allow_connections false").update();
      admin
          .sql("select pg_terminate_backend(pid) from pg_stat_activity where datname = ?")
          .param(name)
          .query()
          .listOfRows();
      try {
        var away = submit(http, intakes, "during");
        assertThat(away.statusCode()).isEqualTo(503);
        assertThat(away.headers().firstValue("Content-Type")).hasValue("application/problem+json");
        assertThat(away.headers().firstValue("Retry-After")).hasValue("5");
        JsonNode problem = JSON.readTree(away.body());
        // Refused a connection ("nothing was stored"), or the pooled connection broke mid-way:
        // either way, send it again.
        assertThat(problem.get("detail").asString())
            .containsIgnoringCase("send the same request again in a few seconds");
      } finally {
        admin.sql("alter database \"" + name + "\" allow_connections true").update();
      }

      var again = submit(http, intakes, "during");
      assertThat(again.statusCode()).as(again.body()).isEqualTo(201);
      var stored =
          JdbcClient.create(TestDatabase.dataSource(database))
              .sql("select count(*) from intake")
              .query(Long.class)
              .single();
      assertThat(stored)
          .as("the one before, and the one sent again; none from the outage")
          .isEqualTo(2);
    }
  }

  private static HttpResponse<String> submit(HttpClient http, URI intakes, String key)
      throws Exception {
    return http.send(
        HttpRequest.newBuilder(intakes)
            .header("Content-Type", "application/json")
            .header("Idempotency-Key", "outage-" + key)
            .header("Authorization", TestIssuer.bearer(TestIssuer.shared().tokenFor("FRONT_DESK")))
            .POST(
                HttpRequest.BodyPublishers.ofString(
                    JSON.writeValueAsString(Questionnaires.valid())))
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }
}
