package clinic.triage.system;

import static org.assertj.core.api.Assertions.assertThat;

import clinic.security.testing.TestIssuer;
import clinic.triage.Api;
import clinic.triage.TriageServiceTest;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.media.Schema;
import io.swagger.v3.parser.OpenAPIV3Parser;
import io.swagger.v3.parser.core.models.ParseOptions;
import java.util.TreeSet;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.web.servlet.mvc.method.annotation.RequestMappingHandlerMapping;
import tools.jackson.databind.json.JsonMapper;

/**
 * The OpenAPI document (and Swagger UI) is served to signed-in staff only, is a valid OpenAPI 3.1
 * document, and describes every endpoint of the JSON API with its method: a new endpoint that the
 * document misses fails {@link #everyApiEndpointIsInTheDocumentWithItsMethod}.
 */
@TriageServiceTest
class ApiDocumentTest {

  static final String DOCUMENT = "/docs/triage/v3/api-docs";

  @Autowired JsonMapper json;
  @LocalServerPort int port;

  @Autowired
  @Qualifier("requestMappingHandlerMapping")
  RequestMappingHandlerMapping mappings;

  Api api;

  @BeforeEach
  void client() {
    api = new Api(port, json);
  }

  @Test
  void documentAndSwaggerUiAreForSignedInStaffOnly() {
    for (var path :
        new String[] {DOCUMENT, DOCUMENT + ".yaml", "/docs/triage/swagger-ui/index.html"}) {
      var anonymous = api.anonymous().get(path);
      assertThat(anonymous.statusCode()).as(path + " without a token").isEqualTo(401);
      assertThat(anonymous.body()).doesNotContain("/api/referrals");
      for (var role : TestIssuer.ROLES) {
        assertThat(api.as(TestIssuer.shared().tokenFor(role)).get(path).statusCode())
            .as(path + " as " + role)
            .isEqualTo(200);
      }
    }
    var noRole = TestIssuer.shared().token("u-none", "No Role");
    assertThat(api.as(noRole).get(DOCUMENT).statusCode()).isEqualTo(403);
  }

  @Test
  void swaggerUiLoadsThisServicesDocument() {
    var staff = api.as(TestIssuer.shared().tokenFor("RECEIVING_TEAM"));
    var page = staff.get("/docs/triage/swagger-ui.html");
    assertThat(page.statusCode()).isEqualTo(302);
    assertThat(page.headers().firstValue("Location"))
        .hasValueSatisfying(
            location -> assertThat(location).endsWith("/docs/triage/swagger-ui/index.html"));
    assertThat(staff.get(DOCUMENT + "/swagger-config").body())
        .contains("\"url\":\"" + DOCUMENT + "\"");
  }

  @Test
  void documentIsValidOpenApi31() {
    var options = new ParseOptions();
    options.setResolve(true);
    var result = new OpenAPIV3Parser().readContents(document(), null, options);

    assertThat(result.getMessages()).isEmpty();
    assertThat(result.getOpenAPI().getOpenapi()).isEqualTo("3.1.0");
    assertThat(result.getOpenAPI().getInfo().getTitle()).isEqualTo("triage-service");
  }

  @Test
  void everyApiEndpointIsInTheDocumentWithItsMethod() {
    var mapped = new TreeSet<String>();
    mappings
        .getHandlerMethods()
        .keySet()
        .forEach(
            info ->
                info.getPatternValues().stream()
                    .filter(pattern -> pattern.startsWith("/api/"))
                    .forEach(
                        pattern ->
                            info.getMethodsCondition()
                                .getMethods()
                                .forEach(method -> mapped.add(method.name() + " " + pattern))));
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

    assertThat(mapped).hasSizeGreaterThanOrEqualTo(13);
    assertThat(documented).containsExactlyElementsOf(mapped);
    assertThat(withoutSuccess).as("operations without a success response").isEmpty();
  }

  @Test
  void requestConstraintsAndProblemsAreDescribed() {
    var api = parsed();
    var schemas = api.getComponents().getSchemas();
    var override = api.getPaths().get("/api/referrals/{referralId}/override").getPost();

    assertThat(override.getRequestBody().getContent().get("application/json").getSchema().get$ref())
        .isEqualTo("#/components/schemas/OverrideRequest");
    Schema<?> request = schemas.get("OverrideRequest");
    assertThat(request.getRequired()).containsExactlyInAnyOrder("reason", "version");
    assertThat(request.getProperties().get("reason").getMaxLength()).isEqualTo(2000);
    Schema<?> route = request.getProperties().get("route");
    assertThat(route.getEnum())
        .map(String::valueOf)
        .contains("PHYSICAL_THERAPY", "SURGICAL_CONSULT");

    assertThat(override.getResponses())
        .containsKeys("200", "400", "401", "403", "404", "409", "413");
    for (var status : new String[] {"400", "404", "409", "413"}) {
      assertThat(
              override
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
    assertThat(problem.getProperties()).containsKeys("type", "title", "status", "detail", "errors");
    assertThat(api.getComponents().getSecuritySchemes().get("bearer").getScheme())
        .isEqualTo("bearer");
    assertThat(api.getSecurity()).anySatisfy(item -> assertThat(item).containsKey("bearer"));
  }

  private String document() {
    var response = api.as(TestIssuer.shared().tokenFor("CLINICIAN")).get(DOCUMENT);
    assertThat(response.statusCode()).isEqualTo(200);
    return response.body();
  }

  private OpenAPI parsed() {
    return new OpenAPIV3Parser().readContents(document(), null, new ParseOptions()).getOpenAPI();
  }
}
