package clinic.intake;

import clinic.fhir.Validation;
import clinic.security.testing.TestIssuer;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.hl7.fhir.instance.model.api.IBaseResource;

/**
 * Requests to the running service's {@code /fhir} servlet over real HTTP (MockMvc reaches only
 * Spring MVC's dispatcher), with a real token of the test issuer.
 */
public final class FhirClient {

  public static final String FHIR_JSON = "application/fhir+json";

  private final HttpClient http = HttpClient.newHttpClient();
  private final String base;

  public FhirClient(int port) {
    this.base = "http://127.0.0.1:" + port;
  }

  public HttpResponse<String> get(String path, String role) throws Exception {
    return send(request(path, role).GET());
  }

  public HttpResponse<String> post(String path, String role, IBaseResource body, String... headers)
      throws Exception {
    var request =
        request(path, role)
            .header("Content-Type", FHIR_JSON)
            .POST(HttpRequest.BodyPublishers.ofString(encode(body)));
    for (int i = 0; i < headers.length; i += 2) {
      request.header(headers[i], headers[i + 1]);
    }
    return send(request);
  }

  /** With exactly these roles; none: without a token. */
  private HttpRequest.Builder request(String path, String role) {
    var request = HttpRequest.newBuilder(URI.create(base + path)).header("Accept", FHIR_JSON);
    if (role != null) {
      request.header(
          "Authorization",
          TestIssuer.bearer(TestIssuer.shared().token("u-fhir-" + role, "Fhir " + role, role)));
    }
    return request;
  }

  private HttpResponse<String> send(HttpRequest.Builder request) throws Exception {
    return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }

  public static String encode(IBaseResource resource) {
    return Validation.R4.newJsonParser().encodeResourceToString(resource);
  }

  public static <T extends IBaseResource> T parse(Class<T> type, String body) {
    return Validation.R4.newJsonParser().parseResource(type, body);
  }
}
