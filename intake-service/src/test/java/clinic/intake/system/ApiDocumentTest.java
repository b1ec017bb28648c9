package clinic.intake.system;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;

import clinic.intake.IntakeServiceTest;
import clinic.intake.Staff;
import clinic.security.testing.TestIssuer;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.media.Schema;
import io.swagger.v3.parser.OpenAPIV3Parser;
import io.swagger.v3.parser.core.models.ParseOptions;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.http.MediaType;
import org.springframework.mock.web.MockHttpServletResponse;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.web.servlet.mvc.method.annotation.RequestMappingHandlerMapping;

/**
 * The OpenAPI document (and Swagger UI) is served to signed-in staff only, is a valid OpenAPI 3.1
 * document, and describes every endpoint of the JSON API with its method: a new endpoint that the
 * document misses fails {@link #everyApiEndpointIsInTheDocumentWithItsMethod}.
 */
@IntakeServiceTest
class ApiDocumentTest {

  static final String DOCUMENT = "/docs/intake/v3/api-docs";

  @Autowired MockMvc mvc;

  @Autowired
  @Qualifier("requestMappingHandlerMapping")
  RequestMappingHandlerMapping mappings;

  @Test
  void documentAndSwaggerUiAreForSignedInStaffOnly() throws Exception {
    for (var path :
        new String[] {DOCUMENT, DOCUMENT + ".yaml", "/docs/intake/swagger-ui/index.html"}) {
      var anonymous = mvc.perform(get(path)).andReturn().getResponse();
      assertThat(anonymous.getStatus()).as(path + " without a token").isEqualTo(401);
      assertThat(anonymous.getContentAsString()).doesNotContain("/api/intakes");
      for (var role : TestIssuer.ROLES) {
        assertThat(mvc.perform(get(path).with(Staff.withRole(role))).andReturn().getResponse())
            .as(path + " as " + role)
            .extracting(MockHttpServletResponse::getStatus)
            .isEqualTo(200);
      }
    }
    var noRole = TestIssuer.shared().token("u-none", "No Role");
    assertThat(mvc.perform(get(DOCUMENT).with(Staff.withToken(noRole))).andReturn().getResponse())
        .extracting(MockHttpServletResponse::getStatus)
        .isEqualTo(403);
  }

  @Test
  void swaggerUiLoadsThisServicesDocument() throws Exception {
    var page =
        mvc.perform(get("/docs/intake/swagger-ui.html").with(Staff.frontDesk()))
            .andReturn()
            .getResponse();
    assertThat(page.getStatus()).isEqualTo(302);
    assertThat(page.getRedirectedUrl()).isEqualTo("/docs/intake/swagger-ui/index.html");

    var config =
        mvc.perform(get(DOCUMENT + "/swagger-config").with(Staff.frontDesk()))
            .andReturn()
            .getResponse()
            .getContentAsString();
    assertThat(config).contains("\"url\":\"" + DOCUMENT + "\"");

    // Swagger UI adds a style element of its own: its pages allow inline styles, not scripts.
    var index =
        mvc.perform(get("/docs/intake/swagger-ui/index.html").with(Staff.frontDesk()))
            .andReturn()
            .getResponse();
    assertThat(index.getHeader("Content-Security-Policy"))
        .contains("script-src 'self';", "style-src 'self' 'unsafe-inline';");
  }

  @Test
  void documentIsValidOpenApi31() throws Exception {
    var options = new ParseOptions();
    options.setResolve(true);
    var result = new OpenAPIV3Parser().readContents(document(), null, options);

    assertThat(result.getMessages()).isEmpty();
    assertThat(result.getOpenAPI().getOpenapi()).isEqualTo("3.1.0");
    assertThat(result.getOpenAPI().getInfo().getTitle()).isEqualTo("intake-service");
  }

  @Test
  void everyApiEndpointIsInTheDocumentWithItsMethod() throws Exception {
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

    assertThat(mapped).hasSizeGreaterThanOrEqualTo(10);
    assertThat(documented).containsExactlyElementsOf(mapped);
    assertThat(withoutSuccess).as("operations without a success response").isEmpty();
  }

  @Test
  void requestConstraintsAndProblemsAreDescribed() throws Exception {
    var api = parsed();
    var schemas = api.getComponents().getSchemas();
    var submit = api.getPaths().get("/api/intakes").getPost();

    assertThat(submit.getRequestBody().getContent().get("application/json").getSchema().get$ref())
        .isEqualTo("#/components/schemas/IntakeSubmission");
    Schema<?> submission = schemas.get("IntakeSubmission");
    assertThat(submission.getRequired()).contains("patientName", "dateOfBirth", "answers");
    assertThat(submission.getProperties().get("patientName").getMaxLength()).isEqualTo(200);
    Schema<?> answers = schemas.get("Answers");
    Schema<?> painAreas = answers.getProperties().get("painAreas");
    assertThat(painAreas.getMinItems()).isEqualTo(1);
    Schema<?> painArea = painAreas.getItems();
    assertThat(painArea.getEnum()).map(String::valueOf).contains("LOWER_BACK", "LEFT_KNEE");

    assertThat(submit.getResponses()).containsKeys("201", "400", "401", "403", "413", "422");
    for (var status : new String[] {"400", "413", "422"}) {
      assertThat(
              submit
                  .getResponses()
                  .get(status)
                  .getContent()
                  .get(MediaType.APPLICATION_PROBLEM_JSON_VALUE)
                  .getSchema()
                  .get$ref())
          .isEqualTo("#/components/schemas/Problem");
    }
    assertThat(api.getPaths().get("/api/intakes/{id}/withdrawal").getPost().getResponses())
        .containsKeys("404", "409");
    Schema<?> problem = schemas.get("Problem");
    assertThat(problem.getProperties()).containsKeys("type", "title", "status", "errors");
    Schema<?> errors = problem.getProperties().get("errors");
    assertThat(errors.getItems().get$ref()).isEqualTo("#/components/schemas/FieldProblem");
    assertThat(api.getComponents().getSecuritySchemes().get("bearer").getScheme())
        .isEqualTo("bearer");
    assertThat(api.getSecurity()).anySatisfy(item -> assertThat(item).containsKey("bearer"));
  }

  private String document() throws Exception {
    var response = mvc.perform(get(DOCUMENT).with(Staff.frontDesk())).andReturn().getResponse();
    assertThat(response.getStatus()).isEqualTo(200);
    return response.getContentAsString();
  }

  private OpenAPI parsed() throws Exception {
    return new OpenAPIV3Parser().readContents(document(), null, new ParseOptions()).getOpenAPI();
  }
}
