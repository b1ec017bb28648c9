package clinic.content.packet;

import clinic.events.EducationAssigned;
import java.util.List;

/**
 * A packet just assembled, with its access token: the only moment the token exists in this service.
 * It goes into the patient's link in {@code EducationAssigned}; the database keeps its hash.
 */
record IssuedPacket(Packet packet, String accessToken) {

  EducationAssigned assigned(List<String> itemSlugs, String publicUrl) {
    return new EducationAssigned(
        packet.intakeId(),
        packet.id(),
        packet.version(),
        packet.decisionId(),
        packet.language(),
        itemSlugs,
        pageUrl(publicUrl),
        packet.createdAt());
  }

  String pageUrl(String publicUrl) {
    String base =
        publicUrl.endsWith("/") ? publicUrl.substring(0, publicUrl.length() - 1) : publicUrl;
    return base + Packet.PAGE_PATH + accessToken;
  }

  /** Never the token: a record's own toString would put it in any log line that names this. */
  @Override
  public String toString() {
    return "IssuedPacket[packet=" + packet + "]";
  }
}
