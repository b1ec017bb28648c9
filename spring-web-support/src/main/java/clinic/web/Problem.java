package clinic.web;

import io.swagger.v3.oas.annotations.media.Schema;
import java.net.URI;
import java.util.List;

/**
 * The shape of every problem the Spring services answer, for their OpenAPI documents only: the
 * advice writes Spring's {@code ProblemDetail}, whose extra members ({@code errors}, {@code
 * maxBytes}, {@code limit}) are properties of it. {@link ApiDocumentation} describes it once as the
 * {@code Problem} schema and points every error response at it.
 */
@Schema(
    name = ApiDocumentation.PROBLEM,
    description =
        "RFC 9457 problem details (application/problem+json). A service may add members of its"
            + " own, such as the roles a 403 names or the referral a 409 is about.")
record Problem(
    @Schema(
            requiredMode = Schema.RequiredMode.REQUIRED,
            description = "What kind of problem; about:blank when the status says it all.",
            example = "about:blank")
        URI type,
    @Schema(
            requiredMode = Schema.RequiredMode.REQUIRED,
            description = "A short summary of the kind of problem.",
            example = "Bad Request")
        String title,
    @Schema(
            requiredMode = Schema.RequiredMode.REQUIRED,
            description = "The HTTP status.",
            example = "400")
        int status,
    @Schema(description = "What went wrong with this request.") String detail,
    @Schema(description = "The path of the request.", example = "/api/intakes") URI instance,
    @Schema(
            description =
                "Input errors (400, 413): one per offending field, named as the request names it"
                    + " (answers.painAreas[1], a query parameter, body for the body as a whole).")
        List<FieldProblem> errors,
    @Schema(description = "413: the largest body accepted, in bytes.") Long maxBytes,
    @Schema(
            description = "413: the setting that sets the limit.",
            example = "intake.max-request-size")
        String limit) {}
