package clinic.triage.system;

/**
 * One thing wrong with a request: the field (JSON property, form field or query parameter) and a
 * message a person can act on. Messages are written by this service, never copied from an
 * exception, so they never repeat what was submitted.
 */
public record FieldProblem(String field, String message) {}
