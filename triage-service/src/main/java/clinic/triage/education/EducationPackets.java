package clinic.triage.education;

import clinic.events.EducationAssigned;
import clinic.events.spring.ProcessedEvents;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Optional;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

/**
 * What triage knows of each intake's education packet: which version, in which language, when, so
 * the clinician's view can say what the patient was given. Its address is the key to the patient's
 * page and is never shown here (no role of this service hands it to the patient). Kept per intake,
 * latest packet version wins.
 */
@Component
public class EducationPackets {

  private static final Logger log = LoggerFactory.getLogger(EducationPackets.class);

  private final JdbcClient jdbc;
  private final ProcessedEvents processed;

  EducationPackets(JdbcClient jdbc, ProcessedEvents processed) {
    this.jdbc = jdbc;
    this.processed = processed;
  }

  /** Idempotent: a redelivered event, or an older packet version after a newer one, is ignored. */
  @Transactional
  void record(EducationAssigned assigned) {
    if (!processed.firstDelivery(assigned)) {
      log.info("Event {} was already processed; redelivery ignored", assigned.eventId());
      return;
    }
    jdbc.sql(
            """
            insert into education_packet (intake_id, packet_id, packet_version, decision_id,
                language, packet_url, assigned_at)
            values (?, ?, ?, ?, ?, ?, ?)
            on conflict (intake_id) do update set packet_id = excluded.packet_id,
                packet_version = excluded.packet_version, decision_id = excluded.decision_id,
                language = excluded.language, packet_url = excluded.packet_url,
                assigned_at = excluded.assigned_at
            where education_packet.packet_version < excluded.packet_version
            """)
        .params(
            assigned.intakeId(),
            assigned.packetId(),
            assigned.packetVersion(),
            assigned.decisionId(),
            assigned.language(),
            assigned.packetUrl(),
            OffsetDateTime.ofInstant(assigned.assignedAt(), ZoneOffset.UTC))
        .update();
    log.debug(
        "Intake {} education packet {} v{} noted",
        assigned.intakeId(),
        assigned.packetId(),
        assigned.packetVersion());
  }

  @Transactional(readOnly = true)
  public Optional<EducationPacket> packetFor(UUID intakeId) {
    return jdbc.sql("select * from education_packet where intake_id = ?")
        .param(intakeId)
        .query(
            (rs, row) ->
                new EducationPacket(
                    rs.getObject("intake_id", UUID.class),
                    rs.getObject("packet_id", UUID.class),
                    rs.getInt("packet_version"),
                    rs.getObject("decision_id", UUID.class),
                    rs.getString("language"),
                    rs.getString("packet_url"),
                    rs.getObject("assigned_at", OffsetDateTime.class).toInstant()))
        .optional();
  }
}
