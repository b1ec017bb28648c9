package clinic.intake.system;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import clinic.events.Topics;
import clinic.intake.IntakeApplication;
import clinic.intake.KafkaProbe;
import clinic.intake.Questionnaires;
import clinic.security.testing.TestIssuer;
import clinic.testing.TestDatabase;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.junit.jupiter.api.Test;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.kafka.test.EmbeddedKafkaBroker;
import org.springframework.kafka.test.context.EmbeddedKafka;
import tools.jackson.databind.json.JsonMapper;

/**
 * The outbox across a restart, with the real application started twice on one database. The first
 * run cannot reach the topic (it does not exist and the broker creates none), so the broker never
 * acknowledges: the publication must stay incomplete. The second run finds the topic and must
 * publish the event on start-up.
 */
// Its own property, so this broker never takes over the shared test context's
// spring.kafka.bootstrap-servers system property.
@EmbeddedKafka(
    partitions = 3,
    brokerProperties = "auto.create.topics.enable=false",
    bootstrapServersProperty = "intake.test.restart-broker")
class OutboxRestartIT {

  static final JsonMapper json = JsonMapper.builder().build();

  @Test
  void publicationIsCompletedOnlyAfterTheBrokerAcknowledgedAndIsRepublishedOnRestart(
      EmbeddedKafkaBroker broker) throws Exception {
    var database = TestDatabase.newDatabase();
    // Command-line arguments: they win over application.yml and over system properties.
    var arguments =
        List.of(
            "--spring.datasource.url=" + database,
            "--spring.datasource.username=" + TestDatabase.USER,
            "--spring.kafka.bootstrap-servers=" + broker.getBrokersAsString(),
            "--spring.kafka.admin.auto-create=false",
            "--spring.kafka.listener.auto-startup=false",
            "--spring.kafka.producer.properties.max.block.ms=1500",
            "--clinic.outbox.retry-interval=1h",
            "--server.address=127.0.0.1",
            "--server.port=0",
            "--spring.security.oauth2.resourceserver.jwt.issuer-uri="
                + TestIssuer.shared().issuerUri());
    var jdbc = JdbcClient.create(TestDatabase.dataSource(database));

    UUID intake;
    try (var first = start(arguments)) {
      intake = submit(first);
      await()
          .atMost(Duration.ofSeconds(20))
          .untilAsserted(() -> assertThat(publicationStatus(jdbc, intake)).isEqualTo("FAILED"));
    }
    assertThat(completionDate(jdbc, intake)).as("never acknowledged, never completed").isNull();

    try (var admin =
        Admin.create(
            Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, broker.getBrokersAsString()))) {
      admin.createTopics(List.of(new NewTopic(Topics.INTAKE, 3, (short) 1))).all().get();
    }

    var second = start(arguments);
    try {
      var records =
          KafkaProbe.records(
              broker.getBrokersAsString(),
              Topics.INTAKE,
              intake.toString(),
              1,
              Duration.ofSeconds(30));
      assertThat(records).hasSize(1);
      await()
          .atMost(Duration.ofSeconds(10))
          .untilAsserted(() -> assertThat(publicationStatus(jdbc, intake)).isEqualTo("COMPLETED"));
      assertThat(completionDate(jdbc, intake)).isNotNull();
    } finally {
      second.close();
    }
  }

  private static ConfigurableApplicationContext start(List<String> arguments) {
    return new SpringApplicationBuilder(IntakeApplication.class)
        .run(arguments.toArray(String[]::new));
  }

  private static UUID submit(ConfigurableApplicationContext app) throws Exception {
    var port = app.getEnvironment().getRequiredProperty("local.server.port");
    try (var http = HttpClient.newHttpClient()) {
      var response =
          http.send(
              HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/api/intakes"))
                  .header("Content-Type", "application/json")
                  .header(
                      "Authorization",
                      TestIssuer.bearer(TestIssuer.shared().tokenFor("FRONT_DESK")))
                  .POST(
                      HttpRequest.BodyPublishers.ofString(
                          json.writeValueAsString(Questionnaires.valid())))
                  .build(),
              HttpResponse.BodyHandlers.ofString());
      assertThat(response.statusCode()).isEqualTo(201);
      return UUID.fromString(json.readTree(response.body()).get("intakeId").asString());
    }
  }

  private static String publicationStatus(JdbcClient jdbc, UUID intake) {
    return jdbc.sql("select status from event_publication where serialized_event like :id")
        .param("id", "%" + intake + "%")
        .query(String.class)
        .single();
  }

  private static OffsetDateTime completionDate(JdbcClient jdbc, UUID intake) {
    return jdbc.sql("select completion_date from event_publication where serialized_event like :id")
        .param("id", "%" + intake + "%")
        .query(OffsetDateTime.class)
        .optional()
        .orElse(null);
  }
}
