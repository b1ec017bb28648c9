package clinic.content.packet;

import io.micronaut.data.annotation.Query;
import io.micronaut.data.jdbc.annotation.JdbcRepository;
import io.micronaut.data.model.query.builder.sql.Dialect;
import io.micronaut.data.repository.CrudRepository;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

@JdbcRepository(dialect = Dialect.POSTGRES)
interface PacketRepository extends CrudRepository<Packet, UUID> {

  Optional<Packet> findByTokenHash(String tokenHash);

  List<Packet> findByIntakeIdOrderByVersion(UUID intakeId);

  Optional<Packet> findFirstByIntakeIdOrderByVersionDesc(UUID intakeId);

  @Query("SELECT COALESCE(MAX(version), 0) FROM packet WHERE intake_id = :intakeId")
  int findLatestVersion(UUID intakeId);
}
