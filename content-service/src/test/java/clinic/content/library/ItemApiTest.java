package clinic.content.library;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import clinic.content.testing.TestInfrastructure;
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
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** The library's HTTP API: list, read, search, write drafts and publish them. */
@MicronautTest(transactional = false)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ItemApiTest implements TestPropertyProvider {

  private static final JsonMapper JSON = JsonMapper.builder().build();

  @Inject
  @Client("/")
  HttpClient http;

  @Override
  public Map<String, String> getProperties() {
    return TestInfrastructure.properties();
  }

  /** Test items are named test-*; the ones a packet pinned must stay. */
  @AfterEach
  void removeTestItems() {
    TestInfrastructure.execute(
        "DELETE FROM education_item WHERE slug LIKE 'test-%' AND id NOT IN"
            + " (SELECT item_id FROM packet_item)");
  }

  @Test
  void listFiltersByKindCauseRouteAndLanguage() {
    JsonNode causes = get("/api/items?kind=CAUSE&locale=es");
    assertThat(slugs(causes))
        .containsExactlyInAnyOrder(
            "herniated-disc",
            "spinal-stenosis",
            "piriformis-syndrome",
            "osteoarthritis",
            "meniscus-tear",
            "ligament-sprain",
            "knee-pain-from-the-back");
    assertThat(causes.valueStream())
        .allSatisfy(
            item -> {
              assertThat(item.get("locale").asString()).isEqualTo("es");
              assertThat(item.get("status").asString()).isEqualTo("PUBLISHED");
              assertThat(item.has("body")).isFalse();
              assertThat(item.get("summary").asString()).isNotBlank();
            });

    assertThat(slugs(get("/api/items?cause=MENISCUS_TEAR&locale=en")))
        .containsExactlyInAnyOrder("knee-pain", "meniscus-tear");
    assertThat(slugs(get("/api/items?route=SURGICAL_CONSULT&locale=en")))
        .containsExactlyInAnyOrder("surgical-consult", "treatment-comparison");
    assertThat(slugs(get("/api/items?kind=QUESTION_AND_ANSWER&cause=REFERRED_KNEE_PAIN")))
        .containsExactly("faq-knee-pain-and-sciatica", "faq-knee-pain-and-sciatica");
    assertThat(slugs(get("/api/items?status=RETIRED&locale=en")))
        .contains("sciatica", "looking-after-your-back-and-knees");
  }

  @Test
  void listRejectsUnknownFilterValuesNamingEachParameter() {
    JsonNode problem =
        problem(
            asEditor(HttpRequest.GET("/api/items?kind=RECIPE&cause=FLU&route=BED_REST&locale=eng")),
            400);

    assertThat(fields(problem)).containsExactly("kind", "cause", "route", "locale");
  }

  @Test
  void itemIsServedInTheLanguageAskedFor() {
    HttpResponse<String> response =
        http.toBlocking()
            .exchange(
                asEditor(HttpRequest.GET("/api/items/meniscus-tear?locale=es")), String.class);

    assertThat(response.header("Content-Language")).isEqualTo("es");
    JsonNode item = JSON.readTree(response.body());
    assertThat(item.get("title").asString()).isEqualTo("Desgarro de menisco");
    assertThat(item.get("locale").asString()).isEqualTo("es");
    assertThat(item.get("fallback").asBoolean()).isFalse();
    assertThat(item.get("status").asString()).isEqualTo("PUBLISHED");
    assertThat(item.get("body").asString()).contains("meniscos");
    assertThat(item.get("causes").get(0).asString()).isEqualTo("MENISCUS_TEAR");
    assertThat(item.get("reviewer").asString()).isEqualTo("Clinical content team (draft)");
    assertThat(item.get("reviewedOn").asString()).isEqualTo("2026-11-24");
  }

  @Test
  void untranslatedItemFallsBackToEnglishAndSaysSo() {
    String slug = "test-" + UUID.randomUUID();
    int version =
        createDraft(slug, draft("Only in English", "en", "TREATMENT")).get("version").asInt();
    post("/api/items/" + slug + "/versions/" + version + "/publish?locale=en");

    HttpResponse<String> response =
        http.toBlocking()
            .exchange(asEditor(HttpRequest.GET("/api/items/" + slug + "?locale=es")), String.class);

    assertThat(response.header("Content-Language")).isEqualTo("en");
    JsonNode item = JSON.readTree(response.body());
    assertThat(item.get("locale").asString()).isEqualTo("en");
    assertThat(item.get("requestedLocale").asString()).isEqualTo("es");
    assertThat(item.get("fallback").asBoolean()).isTrue();
    assertThat(item.get("title").asString()).isEqualTo("Only in English");
  }

  @Test
  void unknownItemIsProblemDetails() {
    JsonNode problem = problem(asEditor(HttpRequest.GET("/api/items/no-such-item?locale=en")), 404);

    assertThat(problem.get("detail").asString()).contains("no-such-item");
  }

  @Test
  void searchFindsNumbnessAndMeniscusInEnglishAndTheirSpanishWords() {
    JsonNode numbness = get("/api/items/search?q=numbness");
    assertThat(slugs(numbness)).contains("sciatica", "seek-help-now", "herniated-disc");
    assertThat(numbness.get(0).get("rank").asDouble()).isPositive();
    assertThat(numbness.get(0).get("rank").asDouble())
        .isGreaterThanOrEqualTo(numbness.get(numbness.size() - 1).get("rank").asDouble());
    assertThat(slugs(get("/api/items/search?q=meniscus&locale=en")))
        .first()
        .isEqualTo("meniscus-tear");
    assertThat(slugs(get("/api/items/search?q=entumecimiento&locale=es")))
        .contains("sciatica", "seek-help-now");
    JsonNode menisco = get("/api/items/search?q=menisco&locale=es");
    assertThat(slugs(menisco)).first().isEqualTo("meniscus-tear");
    assertThat(menisco.get(0).get("title").asString()).isEqualTo("Desgarro de menisco");
  }

  @Test
  void searchFoldsAccentsSoCirugiaWithoutItsAccentFindsTheSurgicalConsult() {
    JsonNode cirugia = get("/api/items/search?q=cirugia&locale=es");
    assertThat(slugs(cirugia)).first().isEqualTo("surgical-consult");
    assertThat(cirugia.get(0).get("title").asString()).isEqualTo("Consulta con cirugía");
  }

  @Test
  void searchWithoutWordsIsAProblemNamingQ() {
    JsonNode problem =
        problem(asEditor(HttpRequest.GET("/api/items/search?q=%20&locale=xyz&limit=0")), 400);

    assertThat(fields(problem)).containsExactly("q", "locale", "limit");
  }

  @Test
  void draftNamesEveryInvalidFieldAndStoresNothing() {
    String slug = "test-" + UUID.randomUUID();
    Map<String, Object> invalid = new LinkedHashMap<>();
    invalid.put("title", " ");
    invalid.put("tags", List.of("MENISCUS_TEAR", "BED_REST"));
    invalid.put("locale", "english");

    JsonNode problem =
        problem(asEditor(HttpRequest.POST("/api/items/" + slug + "/drafts", invalid)), 400);

    assertThat(problem.get("status").asInt()).isEqualTo(400);
    assertThat(fields(problem))
        .containsExactly("title", "summary", "body", "locale", "tags[1]", "kind");
    assertThat(problem.get("errors").get(4).get("message").asString()).contains("BED_REST");
    assertThat(
            TestInfrastructure.queryLong(
                "SELECT count(*) FROM education_item WHERE slug = '" + slug + "'"))
        .isZero();
  }

  @Test
  void draftForAnInvalidSlugOrAChangedKindIsRefused() {
    assertThat(
            fields(
                problem(
                    asEditor(
                        HttpRequest.POST(
                            "/api/items/Not_A_Slug/drafts", draft("T", "en", "CAUSE"))),
                    400)))
        .containsExactly("slug");
    assertThat(
            fields(
                problem(
                    asEditor(
                        HttpRequest.POST("/api/items/sciatica/drafts", draft("T", "en", "CAUSE"))),
                    400)))
        .containsExactly("kind");
  }

  @Test
  void draftIsCreatedThenPublishedAndThePreviousVersionRetires() {
    String slug = "test-" + UUID.randomUUID();
    HttpResponse<String> created =
        http.toBlocking()
            .exchange(
                asEditor(
                    HttpRequest.POST(
                        "/api/items/" + slug + "/drafts", draft("First", "es", "CAUSE"))),
                String.class);
    assertThat(created.code()).isEqualTo(201);
    assertThat(created.header("Location"))
        .isEqualTo("/api/items/" + slug + "/versions/1?locale=es");
    JsonNode first = JSON.readTree(created.body());
    assertThat(first.get("status").asString()).isEqualTo("DRAFT");
    assertThat(first.get("version").asInt()).isEqualTo(1);
    assertThat(first.get("causes").get(0).asString()).isEqualTo("LIGAMENT_SPRAIN");
    assertThat(first.get("routes").get(0).asString()).isEqualTo("PHYSICAL_THERAPY");
    assertThat(first.has("reviewedOn")).isFalse();
    // A draft is not what the library serves.
    problem(asEditor(HttpRequest.GET("/api/items/" + slug + "?locale=es")), 404);

    JsonNode published = post("/api/items/" + slug + "/versions/1/publish?locale=es");
    assertThat(published.get("status").asString()).isEqualTo("PUBLISHED");
    assertThat(published.get("reviewedOn").asString()).isNotBlank();
    createDraft(slug, draft("Second", "es", null));
    post("/api/items/" + slug + "/versions/2/publish?locale=es");

    assertThat(get("/api/items/" + slug + "?locale=es").get("title").asString())
        .isEqualTo("Second");
    JsonNode versions = get("/api/items/" + slug + "/versions?locale=es");
    assertThat(
            versions
                .valueStream()
                .map(v -> v.get("version").asInt() + ":" + v.get("status").asString()))
        .containsExactly("2:PUBLISHED", "1:RETIRED");
    assertThat(get("/api/items/" + slug + "/versions/1?locale=es").get("title").asString())
        .isEqualTo("First");
  }

  @Test
  void draftAndPublicationRecordTheSignedInEditorsNotWhatTheBodySays() {
    String slug = "test-" + UUID.randomUUID();
    Map<String, Object> request = draft("By Edith", "en", "TREATMENT");
    request.put("reviewer", "Somebody Else");
    request.put("author", "Somebody Else");

    JsonNode draft =
        JSON.readTree(
            http.toBlocking()
                .retrieve(
                    HttpRequest.POST("/api/items/" + slug + "/drafts", request)
                        .bearerAuth(
                            TestIssuer.shared().token("u-7", "Edith Editor", "CONTENT_EDITOR")),
                    String.class));
    JsonNode published =
        JSON.readTree(
            http.toBlocking()
                .retrieve(
                    HttpRequest.POST("/api/items/" + slug + "/versions/1/publish?locale=en", "")
                        .bearerAuth(
                            TestIssuer.shared().token("u-8", "Pablo Publisher", "CONTENT_EDITOR")),
                    String.class));

    assertThat(draft.get("author").asString()).isEqualTo("Edith Editor");
    assertThat(draft.has("reviewer")).isFalse();
    assertThat(published.get("author").asString()).isEqualTo("Edith Editor");
    assertThat(published.get("publishedBy").asString()).isEqualTo("Pablo Publisher");
    assertThat(published.get("reviewer").asString()).isEqualTo("Pablo Publisher");
    assertThat(
            TestInfrastructure.queryLong(
                "SELECT count(*) FROM education_item WHERE slug = '"
                    + slug
                    + "' AND author_subject = 'u-7' AND author_name = 'Edith Editor'"
                    + " AND published_by_subject = 'u-8' AND published_by_name = 'Pablo Publisher'"))
        .isEqualTo(1);
  }

  @Test
  void onlyADraftCanBePublishedAndOnlyWithItsLanguage() {
    String slug = "test-" + UUID.randomUUID();
    createDraft(slug, draft("First", "zz", "TREATMENT"));
    post("/api/items/" + slug + "/versions/1/publish?locale=zz");

    assertThat(
            problem(
                    asEditor(
                        HttpRequest.POST(
                            "/api/items/" + slug + "/versions/1/publish?locale=zz", "")),
                    409)
                .get("detail")
                .asString())
        .contains("PUBLISHED");
    problem(
        asEditor(HttpRequest.POST("/api/items/" + slug + "/versions/7/publish?locale=zz", "")),
        404);
    assertThat(
            fields(
                problem(
                    asEditor(HttpRequest.POST("/api/items/" + slug + "/versions/1/publish", "")),
                    400)))
        .containsExactly("locale");
  }

  /** The library is read and written by a content editor in these tests. */
  private static <B> MutableHttpRequest<B> asEditor(MutableHttpRequest<B> request) {
    return request.bearerAuth(TestIssuer.shared().tokenFor("CONTENT_EDITOR"));
  }

  private static Map<String, Object> draft(String title, String locale, String kind) {
    Map<String, Object> draft = new LinkedHashMap<>();
    draft.put("title", title);
    draft.put("summary", "Summary of " + title);
    draft.put("body", "## About\n\nBody of " + title);
    draft.put("tags", List.of("LIGAMENT_SPRAIN", "PHYSICAL_THERAPY"));
    draft.put("locale", locale);
    if (kind != null) {
      draft.put("kind", kind);
    }
    return draft;
  }

  private JsonNode createDraft(String slug, Map<String, Object> draft) {
    return JSON.readTree(
        http.toBlocking()
            .retrieve(
                asEditor(HttpRequest.POST("/api/items/" + slug + "/drafts", draft)), String.class));
  }

  private JsonNode post(String path) {
    return JSON.readTree(
        http.toBlocking().retrieve(asEditor(HttpRequest.POST(path, "")), String.class));
  }

  private JsonNode get(String path) {
    return JSON.readTree(http.toBlocking().retrieve(asEditor(HttpRequest.GET(path)), String.class));
  }

  private JsonNode problem(HttpRequest<?> request, int status) {
    HttpResponse<?> response =
        catchThrowableOfType(
                HttpClientResponseException.class,
                () -> http.toBlocking().exchange(request, String.class))
            .getResponse();
    assertThat(response.code()).isEqualTo(status);
    assertThat(response.getContentType().map(Object::toString))
        .hasValueSatisfying(type -> assertThat(type).startsWith("application/problem+json"));
    return JSON.readTree(response.getBody(String.class).orElseThrow());
  }

  private static List<String> fields(JsonNode problem) {
    return problem.get("errors").valueStream().map(error -> error.get("field").asString()).toList();
  }

  private static List<String> slugs(JsonNode items) {
    return items.valueStream().map(item -> item.get("slug").asString()).toList();
  }
}
