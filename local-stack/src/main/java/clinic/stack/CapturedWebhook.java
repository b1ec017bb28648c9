package clinic.stack;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * One webhook call a service made to a receiving team's local endpoint.
 *
 * @param team the path segment after {@code /webhooks/}, e.g. {@code physical-therapy}
 * @param body the request body as UTF-8 text
 */
record CapturedWebhook(
    int number,
    Instant receivedAt,
    String team,
    List<Map.Entry<String, String>> headers,
    String body,
    Signature signature) {

  static final String SIGNATURE_HEADER = "X-Clinic-Signature";
  static final String TIMESTAMP_HEADER = "X-Clinic-Timestamp";

  CapturedWebhook {
    headers = List.copyOf(headers);
  }

  /** What the receiving team would conclude from the signature headers. */
  enum Signature {
    VALID("valid"),
    INVALID("INVALID: does not match the body and timestamp under the local secret"),
    UNSIGNED("unsigned: no " + SIGNATURE_HEADER + " or " + TIMESTAMP_HEADER + " header");

    private final String description;

    Signature(String description) {
      this.description = description;
    }

    String description() {
      return description;
    }

    /**
     * The notifications library's scheme: {@code X-Clinic-Signature: sha256=<hex HMAC-SHA256 of
     * "<X-Clinic-Timestamp>.<raw body>">}. Checked here so a newcomer sees at once whether sender
     * and receiver agree on the secret; the timestamp's age is not judged.
     */
    static Signature of(String secret, String timestamp, String signature, byte[] body) {
      if (timestamp == null || signature == null) {
        return UNSIGNED;
      }
      try {
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
        mac.update((timestamp + ".").getBytes(StandardCharsets.UTF_8));
        String expected = "sha256=" + HexFormat.of().formatHex(mac.doFinal(body));
        return MessageDigest.isEqual(
                expected.getBytes(StandardCharsets.US_ASCII),
                signature.strip().toLowerCase(Locale.ROOT).getBytes(StandardCharsets.US_ASCII))
            ? VALID
            : INVALID;
      } catch (GeneralSecurityException e) {
        throw new IllegalStateException("HmacSHA256 is part of every JDK", e);
      }
    }
  }
}
