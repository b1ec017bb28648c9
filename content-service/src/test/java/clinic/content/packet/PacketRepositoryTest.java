package clinic.content.packet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.groups.Tuple.tuple;

import clinic.content.library.EducationItem;
import clinic.content.library.EducationLibrary;
import clinic.content.testing.TestInfrastructure;
import clinic.events.Cause;
import clinic.events.Route;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import io.micronaut.test.support.TestPropertyProvider;
import jakarta.inject.Inject;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

@MicronautTest(transactional = false)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class PacketRepositoryTest implements TestPropertyProvider {

  @Inject PacketRepository packets;
  @Inject PacketItemRepository packetItems;
  @Inject PacketReader reader;
  @Inject EducationLibrary library;

  @Override
  public Map<String, String> getProperties() {
    return TestInfrastructure.properties();
  }

  @Test
  void storedPacketReadsBackByTokenWithItsPinnedItemsInOrder() {
    List<EducationItem> items =
        library.select(List.of(Cause.HERNIATED_DISC), List.of(Route.PHYSICAL_THERAPY), true, "es");
    IssuedPacket issued = store(UUID.randomUUID(), 1, items);
    Packet packet = issued.packet();

    AssignedPacket read =
        ((PatientLink.Open) reader.byAccessToken(issued.accessToken(), Instant.now())).packet();

    assertThat(read.packet()).isEqualTo(packet);
    assertThat(read.items()).isEqualTo(items);
    assertThat(packetItems.findByPacketIdOrderByPosition(packet.id()))
        .extracting(PacketItem::slug, PacketItem::locale, PacketItem::itemVersion)
        .first()
        .isEqualTo(tuple("seek-help-now", "es", items.getFirst().version()));
    assertThat(packetItems.findByPacketIdOrderByPosition(packet.id()))
        .extracting(PacketItem::position, PacketItem::itemId)
        .containsExactlyElementsOf(
            java.util.stream.IntStream.range(0, items.size())
                .mapToObj(i -> tuple(i, items.get(i).id()))
                .toList());
  }

  @Test
  void latestVersionCountsThePacketsOfOneIntakeOnly() {
    UUID intake = UUID.randomUUID();
    List<EducationItem> items =
        library.select(List.of(Cause.MENISCUS_TEAR), List.of(Route.PHYSICAL_THERAPY), false, "en");

    assertThat(packets.findLatestVersion(intake)).isZero();
    store(intake, 1, items);
    store(intake, 2, items);
    store(UUID.randomUUID(), 1, items);

    assertThat(packets.findLatestVersion(intake)).isEqualTo(2);
    assertThat(packets.findByIntakeIdOrderByVersion(intake))
        .extracting(Packet::version)
        .containsExactly(1, 2);
  }

  @Test
  void accessTokensAreUrlSafeAndAtLeast128Bits() {
    IssuedPacket packet =
        Packet.issue(UUID.randomUUID(), UUID.randomUUID(), 1, "en", false, Instant.now());
    IssuedPacket other =
        Packet.issue(UUID.randomUUID(), UUID.randomUUID(), 1, "en", false, Instant.now());

    assertThat(packet.accessToken()).matches("^[A-Za-z0-9_-]{43}$");
    assertThat(packet.accessToken()).isNotEqualTo(other.accessToken());
    assertThat(packet.pageUrl("https://clinic.test/"))
        .isEqualTo("https://clinic.test/education/" + packet.accessToken());
  }

  private IssuedPacket store(UUID intake, int version, List<EducationItem> items) {
    IssuedPacket packet =
        Packet.issue(
            intake,
            UUID.randomUUID(),
            version,
            "es",
            true,
            Instant.now().truncatedTo(ChronoUnit.MICROS));
    packets.save(packet.packet());
    packetItems.pin(packet.packet().id(), items);
    return packet;
  }
}
