package clinic.web;

import io.swagger.v3.oas.annotations.media.Schema;

/**
 * One entry of a problem's {@code errors}: the offending field, named the way the request names it
 * ({@code answers.painAreas[1]}, a form field, a query parameter or {@code body} for the body as a
 * whole), and what the person has to do about it. Messages are written by the services, never
 * copied from an exception, so they never repeat what was submitted.
 */
@Schema(description = "One offending field of a request and what to do about it.")
public record FieldProblem(
    @Schema(requiredMode = Schema.RequiredMode.REQUIRED, example = "answers.painNow") String field,
    @Schema(requiredMode = Schema.RequiredMode.REQUIRED, example = "Give a number from 0 to 10.")
        String message) {}
