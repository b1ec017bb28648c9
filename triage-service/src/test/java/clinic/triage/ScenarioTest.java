package clinic.triage;

import clinic.security.testing.TestIssuer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.kafka.test.EmbeddedKafkaBroker;
import tools.jackson.databind.json.JsonMapper;

/**
 * What the scenario tests of the running service share (each also carries {@link
 * TriageServiceTest}): a publisher onto the embedded broker for the whole class, and for each test
 * an HTTP client on the service's port, signed in as a clinician ("Test Clinician"), and the
 * scenario steps built on both.
 */
public abstract class ScenarioTest {

  protected static Publisher publisher;

  @Autowired protected EmbeddedKafkaBroker broker;
  @Autowired protected JdbcClient jdbc;
  @Autowired protected JsonMapper json;
  @LocalServerPort protected int port;

  protected Api api;
  protected Scenario scenario;

  @BeforeAll
  static void openPublisher(@Autowired EmbeddedKafkaBroker broker, @Autowired JsonMapper json) {
    publisher = new Publisher(broker, json);
  }

  @AfterAll
  static void closePublisher() {
    publisher.close();
  }

  @BeforeEach
  void scenarioClients() {
    api = new Api(port, json).as(TestIssuer.shared().tokenFor("CLINICIAN"));
    scenario = new Scenario(publisher, jdbc);
  }
}
