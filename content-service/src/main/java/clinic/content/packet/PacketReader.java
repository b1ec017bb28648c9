package clinic.content.packet;

import clinic.content.library.EducationItem;
import clinic.content.library.EducationItemRepository;
import io.micronaut.transaction.annotation.ReadOnly;
import jakarta.inject.Singleton;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Function;
import java.util.stream.Collectors;

/** Loads a packet together with the exact item versions pinned in it. */
@Singleton
class PacketReader {

  private final PacketRepository packets;
  private final PacketItemRepository packetItems;
  private final EducationItemRepository items;

  PacketReader(
      PacketRepository packets, PacketItemRepository packetItems, EducationItemRepository items) {
    this.packets = packets;
    this.packetItems = packetItems;
    this.items = items;
  }

  @ReadOnly
  Optional<AssignedPacket> byId(UUID id) {
    return packets.findById(id).map(this::withItems);
  }

  @ReadOnly
  Optional<AssignedPacket> byAccessToken(String token) {
    return packets.findByAccessToken(token).map(this::withItems);
  }

  private AssignedPacket withItems(Packet packet) {
    List<PacketItem> pinned = packetItems.findByPacketIdOrderByPosition(packet.id());
    Map<Long, EducationItem> byId =
        items.findByIdIn(pinned.stream().map(PacketItem::itemId).toList()).stream()
            .collect(Collectors.toMap(EducationItem::id, Function.identity()));
    return new AssignedPacket(
        packet,
        pinned.stream()
            .sorted(Comparator.comparingInt(PacketItem::position))
            .map(item -> byId.get(item.itemId()))
            .toList());
  }
}
