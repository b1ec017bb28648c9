package clinic.content.packet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import clinic.content.library.EducationItem;
import clinic.content.library.EducationItemRepository;
import clinic.content.library.ItemKind;
import clinic.content.testing.Decisions;
import clinic.content.testing.TestInfrastructure;
import clinic.events.Actor;
import clinic.events.Cause;
import clinic.events.Route;
import clinic.events.TriageDecided;
import clinic.security.testing.TestIssuer;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.MutableHttpRequest;
import io.micronaut.http.client.HttpClient;
import io.micronaut.http.client.annotation.Client;
import io.micronaut.http.client.exceptions.HttpClientResponseException;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import io.micronaut.test.support.TestPropertyProvider;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

@MicronautTest(transactional = false)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class PacketHttpTest implements TestPropertyProvider {

  private static final JsonMapper JSON = JsonMapper.builder().build();

  @Inject
  @Client("/")
  HttpClient http;

  @Inject PacketAssembler assembler;
  @Inject PacketRepository packets;
  @Inject PacketItemRepository packetItems;
  @Inject EducationItemRepository items;

  @Override
  public Map<String, String> getProperties() {
    return TestInfrastructure.properties();
  }

  @Test
  void packetIsServedAsJsonWithItsItemsInReadingOrder() {
    IssuedPacket packet = assemble(Decisions.herniatedDisc(UUID.randomUUID(), "en"));

    HttpResponse<String> response =
        http.toBlocking()
            .exchange(
                asClinician(HttpRequest.GET("/api/packets/" + packet.packet().id())), String.class);

    assertThat(response.code()).isEqualTo(200);
    JsonNode body = JSON.readTree(response.body());
    assertThat(body.get("id").asString()).isEqualTo(packet.packet().id().toString());
    assertThat(body.get("intakeId").asString()).isEqualTo(packet.packet().intakeId().toString());
    assertThat(body.get("version").asInt()).isEqualTo(1);
    assertThat(body.get("language").asString()).isEqualTo("en");
    assertThat(body.get("createdAt").asString()).isEqualTo(packet.packet().createdAt().toString());
    assertThat(body.has("accessToken")).isFalse();
    JsonNode first = body.get("items").get(0);
    assertThat(first.get("slug").asString()).isEqualTo("sciatica");
    assertThat(first.get("title").asString()).isEqualTo("Sciatica");
    assertThat(first.get("kind").asString()).isEqualTo("CONDITION");
    assertThat(first.get("version").asInt()).isEqualTo(2);
    assertThat(body.get("items").valueStream().map(item -> item.get("slug").asString()))
        .containsExactly(
            "sciatica",
            "herniated-disc",
            "orthotics-and-biomechanics",
            "physical-therapy",
            "treatment-comparison",
            "prevention",
            "faq-how-long",
            "faq-prevention",
            "faq-sciatica-symptoms",
            "seek-help-now");
  }

  @Test
  void publishingANewVersionNeverChangesAPacketAlreadySent() {
    // A language no other test uses, so this item reaches no other test's packet.
    String slug = "test-pinned-" + UUID.randomUUID();
    editorDraft(slug, "Version one", "The first text.");
    http.toBlocking()
        .exchange(
            asEditor(HttpRequest.POST("/api/items/" + slug + "/versions/1/publish?locale=zz", "")));
    IssuedPacket sent =
        assemble(
            Decisions.decision(
                UUID.randomUUID(),
                1,
                "zz",
                Route.MEDICATION_REVIEW,
                List.of(Cause.HERNIATED_DISC),
                List.of()));

    editorDraft(slug, "Version two", "The corrected text.");
    http.toBlocking()
        .exchange(
            asEditor(HttpRequest.POST("/api/items/" + slug + "/versions/2/publish?locale=zz", "")));

    String page = page(sent).body();
    assertThat(page)
        .contains("Version one")
        .contains("The first text.")
        .doesNotContain("Version two");
    JsonNode packet =
        JSON.readTree(
            http.toBlocking()
                .retrieve(asClinician(HttpRequest.GET("/api/packets/" + sent.packet().id()))));
    assertThat(packet.get("items").valueStream())
        .filteredOn(item -> item.get("slug").asString().equals(slug))
        .singleElement()
        .satisfies(
            item -> {
              assertThat(item.get("version").asInt()).isEqualTo(1);
              assertThat(item.get("title").asString()).isEqualTo("Version one");
            });
    IssuedPacket next =
        assemble(
            Decisions.decision(
                UUID.randomUUID(),
                1,
                "zz",
                Route.MEDICATION_REVIEW,
                List.of(Cause.HERNIATED_DISC),
                List.of()));
    assertThat(page(next).body()).contains("The corrected text.").doesNotContain("Version one");
  }

  @Test
  void unknownPacketIsProblemDetails() {
    UUID unknown = UUID.randomUUID();

    HttpResponse<?> response = error(asClinician(HttpRequest.GET("/api/packets/" + unknown)));

    assertThat(response.code()).isEqualTo(404);
    assertThat(response.getContentType().map(Object::toString))
        .hasValueSatisfying(type -> assertThat(type).startsWith("application/problem+json"));
    JsonNode problem = JSON.readTree(response.getBody(String.class).orElseThrow());
    assertThat(problem.get("status").asInt()).isEqualTo(404);
    assertThat(problem.get("title").asString()).isEqualTo("Not Found");
    assertThat(problem.get("detail").asString()).contains(unknown.toString());
    assertThat(problem.get("instance").asString()).isEqualTo("/api/packets/" + unknown);
  }

  @Test
  void malformedPacketIdIsProblemDetailsNamingTheParameter() {
    HttpResponse<?> response = error(asClinician(HttpRequest.GET("/api/packets/not-a-uuid")));

    assertThat(response.code()).isEqualTo(400);
    JsonNode problem = JSON.readTree(response.getBody(String.class).orElseThrow());
    assertThat(problem.get("status").asInt()).isEqualTo(400);
    assertThat(problem.get("errors").get(0).get("field").asString()).isEqualTo("id");
  }

  @Test
  void spanishPageWithARedFlagShowsTheWarningSignsFirstThenTheContents() {
    IssuedPacket packet =
        assemble(
            Decisions.decision(
                UUID.randomUUID(),
                1,
                "es",
                Route.PHYSICAL_THERAPY,
                List.of(Cause.HERNIATED_DISC),
                List.of(Decisions.caudaEquina())));

    HttpResponse<String> response = page(packet);

    assertThat(response.code()).isEqualTo(200);
    assertThat(response.getContentType().map(type -> type.getName())).contains("text/html");
    assertThat(response.header("Cache-Control")).isEqualTo("no-store");
    assertThat(response.header("Referrer-Policy")).isEqualTo("no-referrer");
    String page = response.body();
    assertThat(page)
        .contains("<html lang=\"es\">")
        .contains("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">")
        .contains("Información, no un diagnóstico.")
        .contains("No es un diagnóstico")
        .contains("<h2 id=\"seek-help-now_title\">Busque ayuda de inmediato</h2>")
        .contains("Sus respuestas incluyen una señal de alarma")
        .contains("<h2 id=\"sciatica_title\">Ciática</h2>")
        .contains("<article id=\"herniated-disc\" class=\"cause\"")
        .contains("<a href=\"#herniated-disc\">Hernia de disco</a>")
        .contains("<time datetime=\"2026-11-24\">24 de noviembre de 2026</time>")
        .doesNotContain(" lang=\"en\"");
    assertThat(page.indexOf("id=\"seek-help-now\""))
        .isLessThan(page.indexOf("class=\"toc\""))
        .isLessThan(page.indexOf("id=\"sciatica\""));
    assertThat(page.indexOf("class=\"toc\"")).isLessThan(page.indexOf("id=\"sciatica\""));
  }

  @Test
  void withoutARedFlagTheWarningSignsCloseThePage() {
    IssuedPacket packet = assemble(Decisions.herniatedDisc(UUID.randomUUID(), "en"));

    String page = page(packet).body();

    assertThat(page)
        .contains("<html lang=\"en\">")
        .contains("Information, not a diagnosis.")
        .doesNotContain("Your answers include a warning sign");
    assertThat(page.indexOf("class=\"toc\"")).isLessThan(page.indexOf("id=\"sciatica\""));
    assertThat(page.lastIndexOf("<article"))
        .isEqualTo(page.indexOf("<article id=\"seek-help-now\""));
  }

  @Test
  void treatmentComparisonIsARealTableWithColumnAndRowHeaders() {
    IssuedPacket packet = assemble(Decisions.herniatedDisc(UUID.randomUUID(), "en"));

    String page = page(packet).body();

    assertThat(page)
        .contains(
            "<div class=\"table-scroll\" role=\"region\" aria-label=\"At a glance\""
                + " tabindex=\"0\"><table>");
    String table = page.substring(page.indexOf("<table>"), page.indexOf("</table>"));
    assertThat(table)
        .contains("<thead>")
        .contains("<th scope=\"col\">Approach</th>")
        .contains("<th scope=\"col\">Sciatica</th>")
        .contains("<th scope=\"col\">Knee pain</th>")
        .contains("<th scope=\"row\"><strong>Physical therapy</strong></th>")
        .contains("<th scope=\"row\"><strong>Surgery</strong></th>")
        .contains("<td>Pain relievers and anti-inflammatory medicines, as tablets or a gel</td>")
        .doesNotContain("|");
  }

  @Test
  void itemHeadingsSitBelowTheItemTitle() {
    IssuedPacket packet = assemble(Decisions.herniatedDisc(UUID.randomUUID(), "en"));

    String page = page(packet).body();

    assertThat(page).contains("<h3>What is sciatica?</h3>").doesNotContain("<h2>What is");
    assertThat(page.split("<h1")).hasSize(2);
  }

  @Test
  void pageAllowsItsOwnStyleSheetAndNoScript() throws Exception {
    IssuedPacket packet = assemble(Decisions.herniatedDisc(UUID.randomUUID(), "en"));

    HttpResponse<String> response = page(packet);

    String style =
        response
            .body()
            .substring(
                response.body().indexOf("<style>") + "<style>".length(),
                response.body().indexOf("</style>"));
    String hash =
        Base64.getEncoder()
            .encodeToString(
                MessageDigest.getInstance("SHA-256")
                    .digest(style.getBytes(StandardCharsets.UTF_8)));
    assertThat(response.header("Content-Security-Policy"))
        .startsWith("default-src 'none';")
        .contains("style-src 'sha256-" + hash + "'")
        .doesNotContain("script-src")
        .doesNotContain("unsafe");
    assertThat(response.body()).doesNotContain("<script");
  }

  @Test
  void scriptInAnItemIsShownAsTextNeverRunAsATag() {
    IssuedPacket packet =
        pinned(
            hostile(
                "Title <script>alert('title')</script>",
                """
                Hello <script>alert('body')</script>

                <img src=x onerror="alert(1)">

                [click me](javascript:alert(2))
                """));

    String page = page(packet).body();

    assertThat(page)
        .doesNotContain("<script")
        .doesNotContain("<img")
        .doesNotContain("javascript:")
        .contains("&lt;script&gt;alert(")
        .contains("Information, not a diagnosis.");
  }

  @Test
  void unknownTokenIsProblemDetailsForAnApiClient() {
    HttpResponse<?> response = error(HttpRequest.GET("/education/no-such-token"));

    assertThat(response.code()).isEqualTo(404);
    assertThat(response.getContentType().map(Object::toString))
        .hasValueSatisfying(type -> assertThat(type).startsWith("application/problem+json"));
  }

  @Test
  void unknownTokenIsAFriendlyPageForABrowserInItsLanguage() {
    HttpResponse<?> response =
        error(
            HttpRequest.GET("/education/" + "A".repeat(43))
                .accept("text/html,application/xhtml+xml,*/*;q=0.8")
                .header("Accept-Language", "es-MX,es;q=0.9,en;q=0.5"));

    assertThat(response.code()).isEqualTo(404);
    assertThat(response.getContentType().map(Object::toString))
        .hasValueSatisfying(type -> assertThat(type).startsWith("text/html"));
    assertThat(response.header("Cache-Control")).isEqualTo("no-store");
    String page = response.getBody(String.class).orElseThrow();
    assertThat(page)
        .contains("<html lang=\"es\">")
        .contains("<h1 id=\"not-found-es\">Este enlace no funciona</h1>")
        .contains("<section lang=\"en\" aria-labelledby=\"not-found-en\">")
        .contains("This link does not work");
  }

  private void editorDraft(String slug, String title, String body) {
    http.toBlocking()
        .exchange(
            asEditor(
                HttpRequest.POST(
                    "/api/items/" + slug + "/drafts",
                    Map.of(
                        "title", title,
                        "summary", "Summary",
                        "body", body,
                        "tags", List.of("HERNIATED_DISC"),
                        "locale", "zz",
                        "reviewer", "Test reviewer",
                        "kind", "CAUSE"))));
  }

  private static <B> MutableHttpRequest<B> asClinician(MutableHttpRequest<B> request) {
    return request.bearerAuth(TestIssuer.shared().tokenFor("CLINICIAN"));
  }

  private static <B> MutableHttpRequest<B> asEditor(MutableHttpRequest<B> request) {
    return request.bearerAuth(TestIssuer.shared().tokenFor("CONTENT_EDITOR"));
  }

  private HttpResponse<String> page(IssuedPacket packet) {
    return http.toBlocking()
        .exchange(HttpRequest.GET("/education/" + packet.accessToken()), String.class);
  }

  private IssuedPacket assemble(TriageDecided decision) {
    return assembler.assemble(decision.decisionId(), decision).orElseThrow();
  }

  /** A draft never published (so no other packet picks it up), pinned in a packet of its own. */
  private EducationItem hostile(String title, String body) {
    return items.save(
        EducationItem.draft(
            "test-hostile-" + UUID.randomUUID(),
            "en",
            1,
            title,
            ItemKind.CONDITION,
            "Hostile",
            body,
            List.of(),
            List.of(),
            new Actor("test-content-editor", "Test")));
  }

  private IssuedPacket pinned(EducationItem item) {
    IssuedPacket packet =
        Packet.issue(
            UUID.randomUUID(),
            UUID.randomUUID(),
            1,
            "en",
            false,
            Instant.now().truncatedTo(ChronoUnit.MICROS));
    packets.save(packet.packet());
    packetItems.pin(packet.packet().id(), List.of(item));
    return packet;
  }

  private HttpResponse<?> error(HttpRequest<?> request) {
    return catchThrowableOfType(
            HttpClientResponseException.class,
            () -> http.toBlocking().exchange(request, String.class))
        .getResponse();
  }
}
