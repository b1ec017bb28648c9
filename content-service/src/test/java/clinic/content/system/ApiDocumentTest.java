package clinic.content.system;

import static org.assertj.core.api.Assertions.assertThat;

import clinic.content.testing.TestInfrastructure;
import clinic.security.testing.TestIssuer;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.client.HttpClient;
import io.micronaut.http.client.annotation.Client;
import io.micronaut.http.client.exceptions.HttpClientResponseException;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import io.micronaut.test.support.TestPropertyProvider;
import io.micronaut.web.router.Router;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.media.Schema;
import io.swagger.v3.parser.OpenAPIV3Parser;
import io.swagger.v3.parser.core.models.ParseOptions;
import jakarta.inject.Inject;
import java.util.Map;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The OpenAPI document that the build writes into the jar (and Swagger UI) is served to signed-in
 * staff only, is a valid OpenAPI 3.1 document, and describes every route of the JSON API with its
 * method: a new endpoint that the document misses fails {@link
 * #everyApiRouteIsInTheDocumentWithItsMethod}.
 */
@MicronautTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ApiDocumentTest implements TestPropertyProvider {

  static final String DOCUMENT = "/docs/content/content-service.yml";
  static final String SWAGGER_UI = "/docs/content/views/swagger-ui/index.html";

  @Inject
  @Client("/")
  HttpClient http;

  @Inject Router router;

  @Override
  public Map<String, String> getProperties() {
    return TestInfrastructure.properties();
  }

  @Test
  void documentAndSwaggerUiAreForSignedInStaffOnly() {
    for (var path :
        new String[] {DOCUMENT, SWAGGER_UI, "/docs/content/views/swagger-ui/res/swagger-ui.css"}) {
      var anonymous = get(path, null);
      assertThat(anonymous.code()).as(path + " without a token").isEqualTo(401);
      assertThat(anonymous.getBody(String.class).orElse("")).doesNotContain("/api/items");
      for (var role : TestIssuer.ROLES) {
        assertThat(get(path, TestIssuer.shared().tokenFor(role)).code())
            .as(path + " as " + role)
            .isEqualTo(200);
      }
    }
    var noRole = TestIssuer.shared().token("u-none", "No Role");
    assertThat(get(DOCUMENT, noRole).code()).isEqualTo(403);
  }

  @Test
  void swaggerUiLoadsThisServicesDocumentAndItsOwnFiles() {
    var page = get(SWAGGER_UI, TestIssuer.shared().tokenFor("FRONT_DESK"));
    assertThat(page.getBody(String.class).orElseThrow())
        .contains("'" + DOCUMENT + "'")
        .contains("/docs/content/views/swagger-ui/res/swagger-ui-bundle.js");
    assertThat(
            get(
                    "/docs/content/views/swagger-ui/res/swagger-ui-bundle.js",
                    TestIssuer.shared().tokenFor("FRONT_DESK"))
                .code())
        .isEqualTo(200);
  }

  @Test
  void documentIsValidOpenApi31() {
    var options = new ParseOptions();
    options.setResolve(true);
    var result = new OpenAPIV3Parser().readContents(document(), null, options);

    assertThat(result.getMessages()).isEmpty();
    assertThat(result.getOpenAPI().getOpenapi()).isEqualTo("3.1.0");
    assertThat(result.getOpenAPI().getInfo().getTitle()).isEqualTo("content-service");
  }

  @Test
  void everyApiRouteIsInTheDocumentWithItsMethod() {
    var mapped = new TreeSet<String>();
    router
        .uriRoutes()
        .forEach(
            route -> {
              // "/api/items/{slug}{?locale}": the query variables are the operation's parameters.
              var template = route.getUriMatchTemplate().toString().replaceAll("\\{\\?[^}]*}", "");
              if (template.startsWith("/api/")) {
                mapped.add(route.getHttpMethodName() + " " + template);
              }
            });
    var documented = new TreeSet<String>();
    var withoutSuccess = new TreeSet<String>();
    parsed()
        .getPaths()
        .forEach(
            (path, item) ->
                item.readOperationsMap()
                    .forEach(
                        (method, operation) -> {
                          documented.add(method.name() + " " + path);
                          if (operation.getResponses().keySet().stream()
                              .noneMatch(status -> status.startsWith("2"))) {
                            withoutSuccess.add(method.name() + " " + path);
                          }
                        }));

    // Micronaut answers HEAD for every GET route itself; the document lists the GET.
    mapped.removeIf(
        route -> route.startsWith("HEAD ") && mapped.contains("GET " + route.substring(5)));
    assertThat(mapped).hasSizeGreaterThanOrEqualTo(8);
    assertThat(documented).containsExactlyElementsOf(mapped);
    assertThat(withoutSuccess).as("operations without a success response").isEmpty();
  }

  @Test
  void requestConstraintsAndProblemsAreDescribed() {
    var api = parsed();
    var schemas = api.getComponents().getSchemas();
    var draft = api.getPaths().get("/api/items/{slug}/drafts").getPost();

    assertThat(draft.getRequestBody().getContent().get("application/json").getSchema().get$ref())
        .isEqualTo("#/components/schemas/DraftRequest");
    Schema<?> request = schemas.get("DraftRequest");
    assertThat(request.getRequired()).contains("title", "summary", "body", "locale");
    Schema<?> title = request.getProperties().get("title");
    assertThat(title.getMaxLength()).isEqualTo(200);

    assertThat(draft.getResponses()).containsKeys("201", "400", "401", "403", "409");
    for (var status : new String[] {"400", "401", "403", "409"}) {
      assertThat(
              draft
                  .getResponses()
                  .get(status)
                  .getContent()
                  .get("application/problem+json")
                  .getSchema()
                  .get$ref())
          .as(status)
          .isEqualTo("#/components/schemas/Problem");
    }
    Schema<?> problem = schemas.get("Problem");
    assertThat(problem.getProperties()).containsKeys("type", "title", "status", "errors");
    assertThat(api.getComponents().getSecuritySchemes().get("bearer").getScheme())
        .isEqualTo("bearer");
    assertThat(draft.getSecurity()).anySatisfy(item -> assertThat(item).containsKey("bearer"));
  }

  private String document() {
    var response = get(DOCUMENT, TestIssuer.shared().tokenFor("CONTENT_EDITOR"));
    assertThat(response.code()).isEqualTo(200);
    return response.getBody(String.class).orElseThrow();
  }

  private OpenAPI parsed() {
    return new OpenAPIV3Parser().readContents(document(), null, new ParseOptions()).getOpenAPI();
  }

  private HttpResponse<?> get(String path, String token) {
    var request = HttpRequest.GET(path);
    if (token != null) {
      request.bearerAuth(token);
    }
    try {
      return http.toBlocking().exchange(request, String.class);
    } catch (HttpClientResponseException e) {
      return e.getResponse();
    }
  }
}
