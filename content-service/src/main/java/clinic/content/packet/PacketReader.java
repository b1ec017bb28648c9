package clinic.content.packet;

import clinic.content.library.EducationItem;
import clinic.content.library.EducationItemRepository;
import io.micronaut.context.annotation.Value;
import io.micronaut.transaction.annotation.ReadOnly;
import jakarta.inject.Singleton;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Loads a packet together with the exact item versions pinned in it, and resolves a patient's link:
 * a link lives {@code content.links.lifetime} from its packet's assembly, a withdrawn intake's
 * links are revoked, and an open link shows the intake's latest packet (a re-triage supersedes the
 * advice, not the link the patient holds).
 */
@Singleton
class PacketReader {

  private final PacketRepository packets;
  private final PacketItemRepository packetItems;
  private final EducationItemRepository items;
  private final Duration lifetime;

  PacketReader(
      PacketRepository packets,
      PacketItemRepository packetItems,
      EducationItemRepository items,
      @Value("${content.links.lifetime:90d}") Duration lifetime) {
    this.packets = packets;
    this.packetItems = packetItems;
    this.items = items;
    this.lifetime = lifetime;
  }

  @ReadOnly
  Optional<AssignedPacket> byId(UUID id) {
    return packets.findById(id).map(this::withItems);
  }

  @ReadOnly
  PatientLink byAccessToken(String token, Instant now) {
    Optional<Packet> linked = packets.findByTokenHash(Packet.hash(token));
    if (linked.isEmpty()) {
      return new PatientLink.Unknown();
    }
    Packet packet = linked.get();
    Packet latest = packets.findFirstByIntakeIdOrderByVersionDesc(packet.intakeId()).orElseThrow();
    return switch (packet.linkState(now, lifetime)) {
      case REVOKED -> new PatientLink.Revoked();
      case EXPIRED -> new PatientLink.Expired();
      // A packet assembled after the withdrawal is born revoked, so the latest tells.
      case OPEN ->
          latest.revokedAt() != null
              ? new PatientLink.Revoked()
              : new PatientLink.Open(withItems(latest));
    };
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
