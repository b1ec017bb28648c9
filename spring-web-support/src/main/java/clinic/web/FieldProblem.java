package clinic.web;

/**
 * One entry of a problem's {@code errors}: the offending field, named the way the request names it
 * ({@code answers.painAreas[1]}, a form field, a query parameter or {@code body} for the body as a
 * whole), and what the person has to do about it. Messages are written by the services, never
 * copied from an exception, so they never repeat what was submitted.
 */
public record FieldProblem(String field, String message) {}
