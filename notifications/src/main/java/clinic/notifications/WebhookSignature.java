package clinic.notifications;

import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.jspecify.annotations.Nullable;

/**
 * The signature on every webhook call, for senders and receivers alike.
 *
 * <p>{@code X-Clinic-Signature: sha256=<hex HMAC-SHA256 of "<timestamp>.<body>" keyed with the
 * target's secret>}, where {@code timestamp} is the {@code X-Clinic-Timestamp} header (Unix
 * seconds) and {@code body} the raw request body. A receiver recomputes it over the bytes it
 * received, compares in constant time, and rejects old timestamps to stop replays; it drops a
 * repeated {@code Idempotency-Key} it has already processed.
 */
public final class WebhookSignature {

  public static final String SIGNATURE_HEADER = "X-Clinic-Signature";
  public static final String TIMESTAMP_HEADER = "X-Clinic-Timestamp";
  public static final String IDEMPOTENCY_KEY_HEADER = "Idempotency-Key";

  private static final String SCHEME = "sha256=";

  private WebhookSignature() {}

  /** The {@code X-Clinic-Signature} header value for this body at this timestamp. */
  public static String sign(String secret, long timestamp, byte[] body) {
    return SCHEME + HexFormat.of().formatHex(hmac(secret, Long.toString(timestamp), body));
  }

  public static String sign(String secret, long timestamp, String body) {
    return sign(secret, timestamp, body.getBytes(StandardCharsets.UTF_8));
  }

  /**
   * Whether {@code signatureHeader} is the signature of {@code body} at {@code timestamp} under
   * {@code secret}. Does not judge the timestamp's age: see {@link #verify(String, String, byte[],
   * String, Duration, Clock)}.
   */
  public static boolean verify(
      String secret, @Nullable String timestamp, byte[] body, @Nullable String signatureHeader) {
    if (timestamp == null
        || signatureHeader == null
        || !signatureHeader.startsWith(SCHEME)
        || !timestamp.matches("\\d{1,12}")) {
      return false;
    }
    byte[] presented;
    try {
      presented = HexFormat.of().parseHex(signatureHeader.substring(SCHEME.length()));
    } catch (IllegalArgumentException notHex) {
      return false;
    }
    return MessageDigest.isEqual(hmac(secret, timestamp, body), presented);
  }

  public static boolean verify(
      String secret, @Nullable String timestamp, String body, @Nullable String signatureHeader) {
    return verify(secret, timestamp, body.getBytes(StandardCharsets.UTF_8), signatureHeader);
  }

  /** As {@link #verify(String, String, byte[], String)}, and the timestamp is within tolerance. */
  public static boolean verify(
      String secret,
      @Nullable String timestamp,
      byte[] body,
      @Nullable String signatureHeader,
      Duration tolerance,
      Clock clock) {
    if (!verify(secret, timestamp, body, signatureHeader)) {
      return false;
    }
    Instant signedAt = Instant.ofEpochSecond(Long.parseLong(timestamp));
    return Duration.between(signedAt, clock.instant()).abs().compareTo(tolerance) <= 0;
  }

  private static byte[] hmac(String secret, String timestamp, byte[] body) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
      mac.update(timestamp.getBytes(StandardCharsets.US_ASCII));
      mac.update((byte) '.');
      return mac.doFinal(body);
    } catch (NoSuchAlgorithmException | InvalidKeyException e) {
      throw new IllegalStateException("HmacSHA256 is part of every JDK", e);
    }
  }
}
