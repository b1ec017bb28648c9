package clinic.triage;

import clinic.security.testing.TestIssuer;
import clinic.testing.TestBroker;
import com.zaxxer.hikari.HikariDataSource;
import java.util.ArrayList;
import java.util.List;
import javax.sql.DataSource;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * A second triage-service instance in the test JVM, on a free loopback port, sharing the test
 * instance's database, the shared broker and the test issuer: two instances of one deployment.
 */
public final class AnotherInstance {

  private AnotherInstance() {}

  /**
   * Starts it; command-line arguments, above application.yml, as the deployment's environment would
   * be.
   *
   * @param extra further arguments ({@code --name=value})
   */
  public static ConfigurableApplicationContext start(DataSource sharedDatabase, String... extra) {
    var database = (HikariDataSource) sharedDatabase;
    List<String> args =
        new ArrayList<>(
            List.of(
                "--server.port=0",
                "--server.address=127.0.0.1",
                "--spring.datasource.url=" + database.getJdbcUrl(),
                "--spring.datasource.username=" + database.getUsername(),
                "--spring.datasource.password=" + database.getPassword(),
                "--spring.kafka.bootstrap-servers=" + TestBroker.shared().getBrokersAsString(),
                "--spring.security.oauth2.resourceserver.jwt.issuer-uri="
                    + TestIssuer.shared().issuerUri()));
    args.addAll(List.of(extra));
    return new SpringApplicationBuilder(TriageApplication.class).run(args.toArray(String[]::new));
  }
}
