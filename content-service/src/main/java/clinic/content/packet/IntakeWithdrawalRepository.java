package clinic.content.packet;

import io.micronaut.data.jdbc.annotation.JdbcRepository;
import io.micronaut.data.model.query.builder.sql.Dialect;
import io.micronaut.data.repository.CrudRepository;
import java.util.UUID;

@JdbcRepository(dialect = Dialect.POSTGRES)
interface IntakeWithdrawalRepository extends CrudRepository<IntakeWithdrawal, UUID> {}
