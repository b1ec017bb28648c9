package clinic.identity;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.CookieManager;
import java.net.URI;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodyHandlers;
import java.util.Arrays;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * What a browser does against the provider, over real HTTP: keeps the session cookie, sends {@code
 * Accept: text/html}, and lets the test see every redirect instead of following it.
 */
final class Browser {

  private static final Pattern CSRF_FIELD =
      Pattern.compile("<input type=\"hidden\" name=\"_csrf\" value=\"([^\"]+)\"");

  private final HttpClient http =
      HttpClient.newBuilder()
          .cookieHandler(new CookieManager())
          .followRedirects(HttpClient.Redirect.NEVER)
          .build();
  private final String baseUrl;

  Browser(String baseUrl) {
    this.baseUrl = baseUrl;
  }

  HttpResponse<String> get(String pathOrUrl) {
    return send(HttpRequest.newBuilder(uri(pathOrUrl)).header("Accept", "text/html").GET());
  }

  /** A program's request (curl, the launcher): no {@code Accept} header. */
  HttpResponse<String> fetch(String pathOrUrl) {
    return send(HttpRequest.newBuilder(uri(pathOrUrl)).GET());
  }

  HttpResponse<String> postForm(String pathOrUrl, Map<String, String> fields) {
    return send(
        HttpRequest.newBuilder(uri(pathOrUrl))
            .header("Accept", "text/html")
            .header("Content-Type", "application/x-www-form-urlencoded")
            .POST(BodyPublishers.ofString(form(fields))));
  }

  /** Fills in the sign-in page the way a person would, CSRF token included. */
  HttpResponse<String> signIn(String username, String password) {
    HttpResponse<String> page = get("/login");
    assertThat(page.statusCode()).isEqualTo(200);
    Matcher csrf = CSRF_FIELD.matcher(page.body());
    assertThat(csrf.find()).as("the sign-in form carries a CSRF token").isTrue();
    Map<String, String> fields = new LinkedHashMap<>();
    fields.put("username", username);
    fields.put("password", password);
    fields.put("_csrf", csrf.group(1));
    return postForm("/login", fields);
  }

  static String location(HttpResponse<?> response) {
    assertThat(response.statusCode()).as("a redirect").isBetween(300, 399);
    return response.headers().firstValue("Location").orElseThrow();
  }

  /** The query parameters of a URL, decoded. */
  static Map<String, String> query(String url) {
    String query = URI.create(url).getRawQuery();
    if (query == null) {
      return Map.of();
    }
    return Arrays.stream(query.split("&"))
        .map(pair -> pair.split("=", 2))
        .collect(
            Collectors.toMap(
                pair -> URLDecoder.decode(pair[0], UTF_8),
                pair -> pair.length > 1 ? URLDecoder.decode(pair[1], UTF_8) : ""));
  }

  static String form(Map<String, String> fields) {
    return fields.entrySet().stream()
        .map(
            field ->
                URLEncoder.encode(field.getKey(), UTF_8)
                    + "="
                    + URLEncoder.encode(field.getValue(), UTF_8))
        .collect(Collectors.joining("&"));
  }

  static String basic(String clientId, String secret) {
    return "Basic " + Base64.getEncoder().encodeToString((clientId + ":" + secret).getBytes(UTF_8));
  }

  private URI uri(String pathOrUrl) {
    return URI.create(pathOrUrl.startsWith("http") ? pathOrUrl : baseUrl + pathOrUrl);
  }

  private HttpResponse<String> send(HttpRequest.Builder request) {
    try {
      return http.send(request.build(), BodyHandlers.ofString());
    } catch (IOException e) {
      throw new IllegalStateException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
