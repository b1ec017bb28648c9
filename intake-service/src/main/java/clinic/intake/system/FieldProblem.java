package clinic.intake.system;

/**
 * One entry of a problem's {@code errors}: the offending field, named the way the request names it
 * ({@code answers.painAreas[1]}), and what the person has to do about it.
 */
public record FieldProblem(String field, String message) {}
