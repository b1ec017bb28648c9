package clinic.content.packet;

import static org.assertj.core.api.Assertions.assertThat;

import clinic.content.testing.TestInfrastructure;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.UUID;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.Test;

/**
 * V5 on a database that V1–V4 filled, as a running clinic's is: the tokens already sent are hashed
 * in place, so the links patients hold keep working, and the tokens themselves are gone.
 */
class TokenHashMigrationTest {

  @Test
  void existingTokensAreHashedInPlaceAndStillOpenTheirPacket() throws SQLException {
    String database = "v5_" + UUID.randomUUID().toString().replace("-", "");
    TestInfrastructure.execute("CREATE DATABASE " + database);
    String url = TestInfrastructure.jdbcUrl(database);
    Flyway.configure()
        .dataSource(url, "postgres", "postgres")
        .locations("classpath:db/migration")
        .target("4")
        .load()
        .migrate();
    String token = "AbCdEfGhIjKlMnOpQrStUvWxYz0123456789-_abcde";
    UUID packet = UUID.randomUUID();
    try (Connection connection = TestInfrastructure.connect(database)) {
      connection
          .createStatement()
          .execute(
              ("INSERT INTO packet (id, intake_id, decision_id, version, language, access_token,"
                      + " created_at) VALUES ('%s', gen_random_uuid(), gen_random_uuid(), 1, 'en',"
                      + " '%s', now())")
                  .formatted(packet, token));
    }

    Flyway.configure()
        .dataSource(url, "postgres", "postgres")
        .locations("classpath:db/migration")
        .load()
        .migrate();

    try (Connection connection = TestInfrastructure.connect(database);
        ResultSet row =
            connection
                .createStatement()
                .executeQuery(
                    "SELECT token_hash, revoked_at, p::text AS whole FROM packet p WHERE id = '%s'"
                        .formatted(packet))) {
      assertThat(row.next()).isTrue();
      assertThat(row.getString("token_hash")).isEqualTo(Packet.hash(token));
      assertThat(row.getObject("revoked_at")).isNull();
      assertThat(row.getString("whole")).doesNotContain(token);
    }
  }
}
