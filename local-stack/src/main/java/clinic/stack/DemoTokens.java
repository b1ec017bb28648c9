package clinic.stack;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Access tokens of the demo provider's command-line clients (client credentials, secret {@code
 * demo-secret}, as the ready message shows with curl), taken again once they are a minute old so
 * that a long run never sends an expired one.
 */
final class DemoTokens {

  private static final Pattern ACCESS_TOKEN =
      Pattern.compile("\"access_token\"\\s*:\\s*\"([^\"]+)\"");
  private static final Duration RENEW_AFTER = Duration.ofMinutes(1);
  private static final HttpClient HTTP =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

  private final URI issuer;
  private final String client;
  private String token;
  private long takenAt;

  DemoTokens(URI issuer, String client) {
    this.issuer = issuer;
    this.client = client;
  }

  /** {@code Bearer <token>}; a renewal that fails keeps the token it has. */
  synchronized String bearer() throws IOException, InterruptedException {
    if (token == null || System.nanoTime() - takenAt > RENEW_AFTER.toNanos()) {
      try {
        token = fetch();
        takenAt = System.nanoTime();
      } catch (IOException | IllegalStateException e) {
        if (token == null) {
          throw e;
        }
      }
    }
    return "Bearer " + token;
  }

  private String fetch() throws IOException, InterruptedException {
    String basic =
        Base64.getEncoder()
            .encodeToString((client + ":demo-secret").getBytes(StandardCharsets.UTF_8));
    HttpResponse<String> response =
        HTTP.send(
            HttpRequest.newBuilder(issuer.resolve("/oauth2/token"))
                .timeout(Duration.ofSeconds(10))
                .header("Authorization", "Basic " + basic)
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString("grant_type=client_credentials"))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    Matcher matcher = ACCESS_TOKEN.matcher(response.body());
    if (response.statusCode() != 200 || !matcher.find()) {
      throw new IllegalStateException("No token for " + client + ": " + response.statusCode());
    }
    return matcher.group(1);
  }
}
