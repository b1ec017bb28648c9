package clinic.content.packet;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.data.annotation.GeneratedValue;
import io.micronaut.data.annotation.Id;
import io.micronaut.data.annotation.MappedEntity;
import java.util.UUID;

/** One item of a packet, pinned to the exact item version (and language) the patient was given. */
@MappedEntity("packet_item")
record PacketItem(
    @Id @GeneratedValue @Nullable Long id,
    UUID packetId,
    int position,
    long itemId,
    String slug,
    String locale,
    int itemVersion) {}
