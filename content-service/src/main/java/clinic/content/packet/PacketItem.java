package clinic.content.packet;

import clinic.content.library.EducationItem;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.data.annotation.GeneratedValue;
import io.micronaut.data.annotation.Id;
import io.micronaut.data.annotation.MappedEntity;
import java.util.List;
import java.util.UUID;
import java.util.stream.IntStream;

/** One item of a packet, pinned to the exact item version (and language) the patient was given. */
@MappedEntity("packet_item")
record PacketItem(
    @Id @GeneratedValue @Nullable Long id,
    UUID packetId,
    int position,
    long itemId,
    String slug,
    String locale,
    int itemVersion) {

  static List<PacketItem> pin(UUID packetId, List<EducationItem> items) {
    return IntStream.range(0, items.size())
        .mapToObj(
            i -> {
              EducationItem item = items.get(i);
              return new PacketItem(
                  null, packetId, i, item.id(), item.slug(), item.locale(), item.version());
            })
        .toList();
  }
}
