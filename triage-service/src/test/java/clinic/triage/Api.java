package clinic.triage;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

/**
 * A plain HTTP client for the service under test, on loopback, signed in with an access token
 * ({@code Authorization: Bearer}) or, without one, anonymous.
 */
public final class Api {

  private static final HttpClient HTTP = HttpClient.newHttpClient();

  private final int port;
  private final JsonMapper json;
  private final String token;

  public Api(int port, JsonMapper json) {
    this(port, json, null);
  }

  private Api(int port, JsonMapper json, String token) {
    this.port = port;
    this.json = json;
    this.token = token;
  }

  /** The same client sending this access token. */
  public Api as(String accessToken) {
    return new Api(port, json, accessToken);
  }

  /** The same client without a token. */
  public Api anonymous() {
    return new Api(port, json, null);
  }

  public String url(String path) {
    return "http://127.0.0.1:" + port + path;
  }

  public HttpResponse<String> get(String path) {
    return send(HttpRequest.newBuilder(URI.create(url(path))).GET().build());
  }

  /** A GET with extra headers, e.g. {@code Accept} or {@code X-CSRF-TOKEN}. */
  public HttpResponse<String> get(String path, String... headers) {
    return send(HttpRequest.newBuilder(URI.create(url(path))).headers(headers).GET().build());
  }

  public HttpResponse<String> post(String path, Object body) {
    return postJson(path, json.writeValueAsString(body));
  }

  public HttpResponse<String> postJson(String path, String body) {
    return send(
        HttpRequest.newBuilder(URI.create(url(path)))
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(body))
            .build());
  }

  /** Any body with its content type; {@code accept} may be null (no Accept header). */
  public HttpResponse<String> post(String path, String contentType, String accept, String body) {
    var request =
        HttpRequest.newBuilder(URI.create(url(path)))
            .header("Content-Type", contentType)
            .POST(HttpRequest.BodyPublishers.ofString(body));
    if (accept != null) {
      request.header("Accept", accept);
    }
    return send(request.build());
  }

  /** A body sent without a declared length ({@code Transfer-Encoding: chunked}). */
  public HttpResponse<String> postChunked(String path, String contentType, String body) {
    byte[] bytes = body.getBytes(java.nio.charset.StandardCharsets.UTF_8);
    return send(
        HttpRequest.newBuilder(URI.create(url(path)))
            .header("Content-Type", contentType)
            .POST(
                HttpRequest.BodyPublishers.ofInputStream(
                    () -> new java.io.ByteArrayInputStream(bytes)))
            .build());
  }

  /** A form post as a browser without JavaScript sends it; redirects are not followed. */
  public HttpResponse<String> postForm(String path, String form) {
    return send(
        HttpRequest.newBuilder(URI.create(url(path)))
            .header("Content-Type", "application/x-www-form-urlencoded")
            .header("Accept", "text/html")
            .POST(HttpRequest.BodyPublishers.ofString(form))
            .build());
  }

  public Map<String, Object> map(HttpResponse<String> response) {
    return json.readValue(response.body(), new TypeReference<>() {});
  }

  public List<Map<String, Object>> list(Object value) {
    return json.convertValue(value, new TypeReference<>() {});
  }

  private HttpResponse<String> send(HttpRequest request) {
    if (token != null) {
      var signed = HttpRequest.newBuilder(request, (name, value) -> true);
      signed.header("Authorization", "Bearer " + token);
      request = signed.build();
    }
    try {
      return HTTP.send(request, HttpResponse.BodyHandlers.ofString());
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
