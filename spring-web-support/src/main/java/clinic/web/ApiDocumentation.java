package clinic.web;

import io.swagger.v3.core.converter.AnnotatedType;
import io.swagger.v3.core.converter.ModelConverters;
import io.swagger.v3.oas.models.Components;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.Operation;
import io.swagger.v3.oas.models.headers.Header;
import io.swagger.v3.oas.models.media.Content;
import io.swagger.v3.oas.models.media.MediaType;
import io.swagger.v3.oas.models.media.Schema;
import io.swagger.v3.oas.models.responses.ApiResponse;
import io.swagger.v3.oas.models.responses.ApiResponses;
import io.swagger.v3.oas.models.security.SecurityRequirement;
import io.swagger.v3.oas.models.security.SecurityScheme;
import java.util.Map;
import java.util.Set;
import org.springdoc.core.customizers.OpenApiCustomizer;

/**
 * What the Spring services' OpenAPI documents share, added to what springdoc infers from the
 * controllers: the bearer token every endpoint needs, the problem-details shape ({@link Problem},
 * described once) as the content of every error response, and the errors every API endpoint can
 * answer: 401 and 403 (each needs a role), 400 when it takes a body or parameters (unreadable,
 * mistyped, missing), 413 when it takes a body (over the {@link RequestSizeLimit}). Errors that
 * depend on the endpoint (404, 409, 422) are declared on the controller method
 * ({@code @ApiResponse(responseCode = "404", description = "...")}); this gives them the problem
 * content. A service declares it as a bean.
 */
public class ApiDocumentation implements OpenApiCustomizer {

  /** The name of the security scheme and of the problem schema in the document. */
  public static final String BEARER = "bearer";

  public static final String PROBLEM = "Problem";

  private static final String PROBLEM_JSON = "application/problem+json";

  private static final Map<String, String> ALWAYS =
      Map.of(
          "401",
          "No token, or one that is invalid, expired or meant for another API.",
          "403",
          "The token's roles do not include one this endpoint allows.");

  @Override
  public void customise(OpenAPI api) {
    var components = api.getComponents() == null ? new Components() : api.getComponents();
    api.setComponents(components);
    components.addSecuritySchemes(
        BEARER,
        new SecurityScheme()
            .type(SecurityScheme.Type.HTTP)
            .scheme("bearer")
            .bearerFormat("JWT")
            .description(
                "An access token from the clinic's identity provider for the audience clinic-api,"
                    + " with the staff roles in its roles claim. Behind the gateway a signed-in"
                    + " browser's token is sent for it."));
    api.addSecurityItem(new SecurityRequirement().addList(BEARER));
    ModelConverters.getInstance(true)
        .readAll(new AnnotatedType(Problem.class))
        .forEach(components::addSchemas);
    if (api.getPaths() == null) {
      return;
    }
    api.getPaths()
        .values()
        .forEach(path -> path.readOperations().forEach(ApiDocumentation::addProblems));
  }

  private static void addProblems(Operation operation) {
    var responses =
        operation.getResponses() == null ? new ApiResponses() : operation.getResponses();
    operation.setResponses(responses);
    ALWAYS.forEach((status, description) -> declare(responses, status, description));
    var parameters = operation.getParameters() != null && !operation.getParameters().isEmpty();
    var body = operation.getRequestBody() != null;
    if (parameters || body) {
      declare(
          responses,
          "400",
          "The request cannot be read or breaks a rule; errors names every offending field.");
    }
    if (body) {
      declare(responses, "413", "The body is over its limit (maxBytes, limit); it was not read.");
    }
    responses
        .get("401")
        .addHeaderObject(
            "WWW-Authenticate",
            new Header()
                .description("Bearer, with error=\"invalid_token\" when a token was sent.")
                .schema(string()));
    responses.forEach(
        (status, response) -> {
          if (status.startsWith("4") || status.startsWith("5")) {
            response.setContent(
                new Content()
                    .addMediaType(
                        PROBLEM_JSON,
                        new MediaType()
                            .schema(new Schema<>().$ref("#/components/schemas/" + PROBLEM))));
          }
        });
  }

  private static void declare(ApiResponses responses, String status, String description) {
    if (!responses.containsKey(status)) {
      responses.addApiResponse(status, new ApiResponse().description(description));
    }
  }

  private static Schema<String> string() {
    var schema = new Schema<String>();
    schema.setTypes(Set.of("string"));
    schema.setType("string");
    return schema;
  }
}
