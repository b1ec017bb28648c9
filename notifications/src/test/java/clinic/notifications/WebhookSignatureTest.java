package clinic.notifications;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

class WebhookSignatureTest {

  static final String SECRET = "clinic-webhook-secret";
  static final String BODY = "{\"referralId\":\"r-1\",\"urgency\":\"URGENT\"}";

  @Test
  void signatureIsHexHmacSha256OverTimestampDotBody() {
    // Computed independently: printf '1700000000.<body>' | openssl dgst -sha256 -hmac <secret>
    assertThat(WebhookSignature.sign(SECRET, 1_700_000_000L, BODY))
        .isEqualTo("sha256=ce8a9a2b5a52b700c3ab9f06bb46aa4361e806855f8a286b9c48df2105d184af");
  }

  @Test
  void verifiesOnlyTheSignedBodyTimestampAndSecret() {
    String header = WebhookSignature.sign(SECRET, 1_700_000_000L, BODY);

    assertThat(WebhookSignature.verify(SECRET, "1700000000", BODY, header)).isTrue();
    assertThat(WebhookSignature.verify(SECRET, "1700000001", BODY, header)).isFalse();
    assertThat(
            WebhookSignature.verify(
                SECRET, "1700000000", BODY.replace("URGENT", "ROUTINE"), header))
        .isFalse();
    assertThat(WebhookSignature.verify("another-secret", "1700000000", BODY, header)).isFalse();
  }

  @Test
  void rejectsMissingOrMalformedHeaders() {
    String header = WebhookSignature.sign(SECRET, 1_700_000_000L, BODY);

    assertThat(WebhookSignature.verify(SECRET, null, BODY, header)).isFalse();
    assertThat(WebhookSignature.verify(SECRET, "1700000000", BODY, null)).isFalse();
    assertThat(WebhookSignature.verify(SECRET, "1700000000", BODY, header.substring(7))).isFalse();
    assertThat(WebhookSignature.verify(SECRET, "1700000000", BODY, "sha256=not-hex")).isFalse();
    assertThat(WebhookSignature.verify(SECRET, "17e8", BODY, header)).isFalse();
  }

  @Test
  void rejectsAReplayOutsideTheTolerance() {
    String header = WebhookSignature.sign(SECRET, 1_700_000_000L, BODY);
    byte[] body = BODY.getBytes(java.nio.charset.StandardCharsets.UTF_8);
    Clock fiveMinutesLater = Clock.fixed(Instant.ofEpochSecond(1_700_000_300L), ZoneOffset.UTC);
    Clock tenMinutesLater = Clock.fixed(Instant.ofEpochSecond(1_700_000_600L), ZoneOffset.UTC);

    assertThat(
            WebhookSignature.verify(
                SECRET, "1700000000", body, header, Duration.ofMinutes(5), fiveMinutesLater))
        .isTrue();
    assertThat(
            WebhookSignature.verify(
                SECRET, "1700000000", body, header, Duration.ofMinutes(5), tenMinutesLater))
        .isFalse();
  }
}
