package clinic.content.packet;

import clinic.content.library.EducationItem;
import clinic.content.library.EducationLibrary;
import clinic.content.outbox.Outbox;
import clinic.events.EventType;
import clinic.events.Route;
import clinic.events.TriageDecided;
import clinic.events.TriageDecided.SuspectedCause;
import io.micronaut.context.annotation.Value;
import io.micronaut.transaction.annotation.Transactional;
import jakarta.inject.Singleton;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The transactional half of the triage consumer: records the decision as processed, stores its
 * packet and queues {@code EducationAssigned}, all in one transaction.
 */
@Singleton
class PacketAssembler {

  private static final Logger LOG = LoggerFactory.getLogger(PacketAssembler.class);
  private static final Pattern LANGUAGE = Pattern.compile("^([a-z]{2})(?:[-_].*)?$");

  private final ProcessedEventRepository processedEvents;
  private final PacketRepository packets;
  private final PacketItemRepository packetItems;
  private final IntakeWithdrawalRepository withdrawals;
  private final EducationLibrary library;
  private final Outbox outbox;
  private final String publicUrl;

  PacketAssembler(
      ProcessedEventRepository processedEvents,
      PacketRepository packets,
      PacketItemRepository packetItems,
      IntakeWithdrawalRepository withdrawals,
      EducationLibrary library,
      Outbox outbox,
      @Value("${content.public-url}") String publicUrl) {
    this.processedEvents = processedEvents;
    this.packets = packets;
    this.packetItems = packetItems;
    this.withdrawals = withdrawals;
    this.library = library;
    this.outbox = outbox;
    this.publicUrl = publicUrl;
  }

  /**
   * @param eventId the CloudEvents id the decision arrived with
   * @return the new packet, or empty if this event was handled before
   */
  @Transactional
  Optional<IssuedPacket> assemble(UUID eventId, TriageDecided decision) {
    if (processedEvents.existsById(eventId)) {
      LOG.info("Decision {} was handled before; ignoring the redelivery", eventId);
      return Optional.empty();
    }
    Instant now = Instant.now().truncatedTo(ChronoUnit.MICROS);
    processedEvents.save(new ProcessedEvent(eventId, EventType.TRIAGE_DECIDED.type(), now));

    String wanted = language(decision.preferredLanguage());
    List<Route> routes = new ArrayList<>();
    routes.add(decision.route());
    routes.addAll(decision.secondaryRoutes());
    boolean redFlag = !decision.redFlags().isEmpty();
    List<EducationItem> items =
        library.select(
            decision.causes().stream().map(SuspectedCause::cause).toList(),
            routes,
            redFlag,
            wanted);
    if (items.isEmpty()) {
      throw new IllegalStateException("The library has no item for decision " + eventId);
    }
    // The page is in the patient's language only if at least one item has been translated.
    String language =
        items.stream().anyMatch(item -> item.locale().equals(wanted))
            ? wanted
            : EducationLibrary.FALLBACK_LANGUAGE;

    IssuedPacket issued =
        Packet.issue(
            decision.intakeId(),
            decision.decisionId(),
            packets.findLatestVersion(decision.intakeId()) + 1,
            language,
            redFlag,
            now);
    // The decision can overtake the withdrawal (another topic): its link is then born revoked.
    Packet packet =
        withdrawals
            .findById(decision.intakeId())
            .map(withdrawal -> issued.packet().revoke(withdrawal.withdrawnAt()))
            .orElse(issued.packet());
    packets.save(packet);
    packetItems.pin(packet.id(), items);
    outbox.append(issued.assigned(items.stream().map(EducationItem::slug).toList(), publicUrl));
    LOG.debug(
        "Packet {} version {} ({} items, {}) assigned for decision {}",
        packet.id(),
        packet.version(),
        items.size(),
        language,
        eventId);
    return Optional.of(new IssuedPacket(packet, issued.accessToken()));
  }

  /** The primary language of a preference such as {@code es} or {@code es-MX}; else English. */
  static String language(String preferred) {
    String language = preferred == null ? "" : preferred.trim().toLowerCase(java.util.Locale.ROOT);
    var matcher = LANGUAGE.matcher(language);
    return matcher.matches() ? matcher.group(1) : EducationLibrary.FALLBACK_LANGUAGE;
  }
}
