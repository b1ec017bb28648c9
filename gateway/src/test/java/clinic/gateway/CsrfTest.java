package clinic.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import clinic.gateway.ServiceStub.Received;
import java.net.http.HttpResponse;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.util.MultiValueMap;
import org.springframework.web.util.UriComponentsBuilder;

/**
 * CSRF is enforced at the gateway for the session; the services get the token in X-CSRF-TOKEN to
 * render into their forms. Spring Security's CsrfFilter reads {@code _csrf} with getParameter(),
 * which consumes a form body; Gateway MVC's FormFilter (a servlet filter ordered after Spring
 * Security's) rebuilds the body from the parameters, so the service still gets the whole form.
 */
class CsrfTest extends GatewayTest {

  @Test
  void everyProxiedRequestOfASignedInBrowserCarriesTheSessionsCsrfToken() {
    Browser frontDesk = signedIn("u-frances", "Frances Front-Desk", "FRONT_DESK");

    frontDesk.get("/intakes/new", "Accept", "text/html");

    assertThat(onlyRequestReceived().header("X-CSRF-TOKEN")).isNotBlank();
  }

  @Test
  void formPostWithTheRelayedTokenReachesTheServiceWithItsBodyIntact() {
    Browser frontDesk = signedIn("u-frances", "Frances Front-Desk", "FRONT_DESK");
    frontDesk.get("/intakes/new", "Accept", "text/html", "X-CSRF-TOKEN", "forged-by-client");
    String csrf = onlyRequestReceived().header("X-CSRF-TOKEN");
    assertThat(csrf).isNotEqualTo("forged-by-client");
    RECEIVED.clear();
    Map<String, List<String>> fields = new LinkedHashMap<>();
    fields.put("name", List.of("Ada López & Co = 1"));
    fields.put("painLocation", List.of("LOWER_BACK", "KNEE"));
    fields.put("age", List.of("47"));
    fields.put("_csrf", List.of(csrf));

    HttpResponse<String> response =
        frontDesk.postForm("/intakes?lang=es", form(fields), "Accept", "text/html");

    assertThat(response.statusCode()).isEqualTo(200);
    Received received = onlyRequestReceived();
    assertThat(received.method()).isEqualTo("POST");
    assertThat(received.pathAndQuery()).isEqualTo("/intakes?lang=es");
    assertThat(received.header("Content-Type")).startsWith("application/x-www-form-urlencoded");
    assertThat(received.header("Authorization")).startsWith("Bearer ");
    MultiValueMap<String, String> forwarded =
        UriComponentsBuilder.newInstance().query(received.body()).build().getQueryParams();
    assertThat(decoded(forwarded, "name")).containsExactly("Ada López & Co = 1");
    assertThat(decoded(forwarded, "painLocation")).containsExactly("LOWER_BACK", "KNEE");
    assertThat(decoded(forwarded, "age")).containsExactly("47");
    // The query parameter stays in the query and is not copied into the body.
    assertThat(forwarded).doesNotContainKey("lang");
  }

  @Test
  void jsonPostWithTheTokenInTheHeaderIsForwardedUnchanged() {
    Browser clinician = signedIn("u-ada", "Dr Ada Clinician", "CLINICIAN");
    clinician.get("/dashboard");
    String csrf = onlyRequestReceived().header("X-CSRF-TOKEN");
    RECEIVED.clear();
    String json = "{\"reason\":\"Seen in clinic: no red flags\",\"route\":\"PHYSICAL_THERAPY\"}";

    HttpResponse<String> response =
        clinician.postJson("/api/referrals/7/override", json, "X-CSRF-TOKEN", csrf);

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(onlyRequestReceived().body()).isEqualTo(json);
  }

  @Test
  void formPostWithoutTheTokenIsRefusedWithAFriendlyPageAndNotForwarded() {
    Browser frontDesk = signedIn("u-frances", "Frances Front-Desk", "FRONT_DESK");

    HttpResponse<String> response =
        frontDesk.postForm("/intakes", "name=Ada", "Accept", "text/html,application/xhtml+xml");

    assertThat(response.statusCode()).isEqualTo(403);
    assertThat(response.headers().firstValue("Content-Type"))
        .hasValueSatisfying(type -> assertThat(type).startsWith("text/html"));
    assertThat(response.body()).contains("<h1>Please try again</h1>").doesNotContain("Exception");
    assertThat(RECEIVED).isEmpty();
  }

  @Test
  void formPostWithAWrongTokenIsRefused() {
    Browser frontDesk = signedIn("u-frances", "Frances Front-Desk", "FRONT_DESK");

    HttpResponse<String> response = frontDesk.postForm("/intakes", "name=Ada&_csrf=guessed");

    assertThat(response.statusCode()).isEqualTo(403);
    assertThat(RECEIVED).isEmpty();
  }

  @Test
  void apiPostOfASessionWithoutTheTokenGetsProblemJson() {
    Browser clinician = signedIn("u-ada", "Dr Ada Clinician", "CLINICIAN");

    HttpResponse<String> response = clinician.postJson("/api/referrals/7/confirm", "{}");

    assertThat(response.statusCode()).isEqualTo(403);
    assertThat(response.headers().firstValue("Content-Type")).hasValue("application/problem+json");
    assertThat(RECEIVED).isEmpty();
  }

  private static List<String> decoded(MultiValueMap<String, String> params, String name) {
    return params.getOrDefault(name, List.of()).stream()
        .map(v -> java.net.URLDecoder.decode(v, java.nio.charset.StandardCharsets.UTF_8))
        .toList();
  }
}
