package clinic.content.packet;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.data.annotation.Id;
import io.micronaut.data.annotation.MappedEntity;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.HexFormat;
import java.util.UUID;

/**
 * The education packet assembled for one triage decision. Each re-triage of an intake gets a new
 * packet with the next version. The access token in the patient's link is the only key to the page,
 * so it is random and long (256 bits) and only its SHA-256 is stored: the token itself leaves with
 * {@link IssuedPacket} and the {@code EducationAssigned} event, and nowhere else.
 *
 * @param redFlag whether triage found a warning sign: the page then shows the warning signs first
 * @param tokenHash SHA-256 of the access token, lower-case hex
 * @param revokedAt when the intake was withdrawn, which closes its links; null while open
 */
@MappedEntity("packet")
record Packet(
    @Id UUID id,
    UUID intakeId,
    UUID decisionId,
    int version,
    String language,
    boolean redFlag,
    String tokenHash,
    Instant createdAt,
    @Nullable Instant revokedAt) {

  static final String PAGE_PATH = "/education/";
  private static final SecureRandom RANDOM = new SecureRandom();

  /** What a link to this packet opens, at a moment, for links that live {@code lifetime}. */
  enum LinkState {
    OPEN,
    EXPIRED,
    REVOKED
  }

  /** A new packet and the one copy of its access token. */
  static IssuedPacket issue(
      UUID intakeId,
      UUID decisionId,
      int version,
      String language,
      boolean redFlag,
      Instant createdAt) {
    String token = newAccessToken();
    return new IssuedPacket(
        new Packet(
            UUID.randomUUID(),
            intakeId,
            decisionId,
            version,
            language,
            redFlag,
            hash(token),
            createdAt,
            null),
        token);
  }

  /**
   * A revoked link stays revoked; otherwise a link lives {@code lifetime} from the packet's
   * assembly, whatever happens to later packets of the intake.
   */
  LinkState linkState(Instant now, Duration lifetime) {
    if (revokedAt != null) {
      return LinkState.REVOKED;
    }
    return now.isBefore(createdAt.plus(lifetime)) ? LinkState.OPEN : LinkState.EXPIRED;
  }

  Packet revoke(Instant at) {
    return revokedAt != null
        ? this
        : new Packet(
            id, intakeId, decisionId, version, language, redFlag, tokenHash, createdAt, at);
  }

  /** SHA-256 of the token's UTF-8 bytes as lower-case hex, as V5 computes it in SQL. */
  static String hash(String token) {
    try {
      return HexFormat.of()
          .formatHex(
              MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("Every JDK has SHA-256", e);
    }
  }

  private static String newAccessToken() {
    byte[] bytes = new byte[32];
    RANDOM.nextBytes(bytes);
    return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
  }
}
