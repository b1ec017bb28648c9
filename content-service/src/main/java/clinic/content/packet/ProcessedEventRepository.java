package clinic.content.packet;

import io.micronaut.data.jdbc.annotation.JdbcRepository;
import io.micronaut.data.model.query.builder.sql.Dialect;
import io.micronaut.data.repository.CrudRepository;
import java.time.Instant;
import java.util.UUID;

@JdbcRepository(dialect = Dialect.POSTGRES)
interface ProcessedEventRepository extends CrudRepository<ProcessedEvent, UUID> {

  int deleteByProcessedAtLessThan(Instant cutoff);
}
