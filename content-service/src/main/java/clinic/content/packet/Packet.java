package clinic.content.packet;

import clinic.events.EducationAssigned;
import io.micronaut.data.annotation.Id;
import io.micronaut.data.annotation.MappedEntity;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.UUID;

/**
 * The education packet assembled for one triage decision. Each re-triage of an intake gets a new
 * packet with the next version. The access token is the patient's only key to the page, so it is
 * random and long (256 bits) rather than derived from anything guessable.
 *
 * @param redFlag whether triage found a warning sign: the page then shows the warning signs first
 */
@MappedEntity("packet")
record Packet(
    @Id UUID id,
    UUID intakeId,
    UUID decisionId,
    int version,
    String language,
    boolean redFlag,
    String accessToken,
    Instant createdAt) {

  static final String PAGE_PATH = "/education/";
  private static final SecureRandom RANDOM = new SecureRandom();

  static Packet assemble(
      UUID intakeId,
      UUID decisionId,
      int version,
      String language,
      boolean redFlag,
      Instant createdAt) {
    return new Packet(
        UUID.randomUUID(),
        intakeId,
        decisionId,
        version,
        language,
        redFlag,
        newAccessToken(),
        createdAt);
  }

  EducationAssigned assigned(List<String> itemSlugs, String publicUrl) {
    return new EducationAssigned(
        intakeId, id, version, decisionId, language, itemSlugs, pageUrl(publicUrl), createdAt);
  }

  String pageUrl(String publicUrl) {
    String base =
        publicUrl.endsWith("/") ? publicUrl.substring(0, publicUrl.length() - 1) : publicUrl;
    return base + PAGE_PATH + accessToken;
  }

  private static String newAccessToken() {
    byte[] bytes = new byte[32];
    RANDOM.nextBytes(bytes);
    return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
  }
}
