package clinic.content.packet;

import clinic.content.library.EducationItem;
import io.micronaut.data.annotation.Query;
import io.micronaut.data.jdbc.annotation.JdbcRepository;
import io.micronaut.data.model.query.builder.sql.Dialect;
import io.micronaut.data.repository.CrudRepository;
import java.util.List;
import java.util.UUID;

@JdbcRepository(dialect = Dialect.POSTGRES)
interface PacketItemRepository extends CrudRepository<PacketItem, Long> {

  List<PacketItem> findByPacketIdOrderByPosition(UUID packetId);

  /**
   * Pins a packet's items, each to the exact version and language given, in reading order (position
   * 0 first), in one statement rather than one insert per item: under load those inserts were the
   * content database's most frequent statement, eleven per packet (BENCHMARKS.md).
   */
  default void pin(UUID packetId, List<EducationItem> items) {
    insertPinned(
        packetId,
        items.stream().map(EducationItem::id).toArray(Long[]::new),
        items.stream().map(EducationItem::slug).toArray(String[]::new),
        items.stream().map(EducationItem::locale).toArray(String[]::new),
        items.stream().map(EducationItem::version).toArray(Integer[]::new));
  }

  @Query(
      """
      INSERT INTO packet_item (packet_id, position, item_id, slug, locale, item_version)
      SELECT :packetId, pinned.position - 1, pinned.item_id, pinned.slug, pinned.locale,
             pinned.item_version
        FROM unnest(CAST(:itemIds AS BIGINT[]), CAST(:slugs AS TEXT[]), CAST(:locales AS TEXT[]),
                    CAST(:versions AS INTEGER[]))
             WITH ORDINALITY AS pinned (item_id, slug, locale, item_version, position)
      """)
  void insertPinned(
      UUID packetId, Long[] itemIds, String[] slugs, String[] locales, Integer[] versions);
}
