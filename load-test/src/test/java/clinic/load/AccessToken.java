package clinic.load;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A front-desk API client's token from the identity provider (client credentials), renewed every
 * two minutes so that a long run never sends an expired one.
 */
final class AccessToken implements AutoCloseable {

  private static final Pattern TOKEN = Pattern.compile("\"access_token\"\\s*:\\s*\"([^\"]+)\"");

  private final LoadSettings settings;
  private final AtomicReference<String> current = new AtomicReference<>();
  private final ScheduledExecutorService renewal =
      Executors.newSingleThreadScheduledExecutor(r -> new Thread(r, "token-renewal"));
  private final HttpClient http = HttpClient.newHttpClient();

  AccessToken(LoadSettings settings) {
    this.settings = settings;
    current.set(fetch());
    renewal.scheduleAtFixedRate(() -> current.set(fetch()), 2, 2, TimeUnit.MINUTES);
  }

  String bearer() {
    return "Bearer " + current.get();
  }

  private String fetch() {
    String basic =
        Base64.getEncoder()
            .encodeToString(
                (settings.clientId() + ":" + settings.clientSecret())
                    .getBytes(StandardCharsets.UTF_8));
    try {
      HttpResponse<String> response =
          http.send(
              HttpRequest.newBuilder(URI.create(settings.tokenUrl()))
                  .header("Authorization", "Basic " + basic)
                  .header("Content-Type", "application/x-www-form-urlencoded")
                  .POST(HttpRequest.BodyPublishers.ofString("grant_type=client_credentials"))
                  .build(),
              HttpResponse.BodyHandlers.ofString());
      Matcher token = TOKEN.matcher(response.body());
      if (response.statusCode() != 200 || !token.find()) {
        throw new IllegalStateException(
            "No token from " + settings.tokenUrl() + ": " + response.statusCode());
      }
      return token.group(1);
    } catch (java.io.IOException e) {
      throw new IllegalStateException("The identity provider did not answer: " + e, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  @Override
  public void close() {
    renewal.shutdownNow();
  }
}
