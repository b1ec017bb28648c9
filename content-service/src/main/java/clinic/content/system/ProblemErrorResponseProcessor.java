package clinic.content.system;

import io.micronaut.http.HttpMethod;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.MutableHttpResponse;
import io.micronaut.http.server.exceptions.response.Error;
import io.micronaut.http.server.exceptions.response.ErrorContext;
import io.micronaut.http.server.exceptions.response.ErrorResponseProcessor;
import jakarta.inject.Singleton;
import java.util.List;

/**
 * Every HTTP error this service answers is RFC 9457 problem details, naming each offending field.
 * Replaces Micronaut's default processor, which answers with its own JSON error format.
 */
@Singleton
class ProblemErrorResponseProcessor implements ErrorResponseProcessor<Problem> {

  @Override
  @SuppressWarnings("unchecked")
  public MutableHttpResponse<Problem> processResponse(
      ErrorContext context, MutableHttpResponse<?> response) {
    if (context.getRequest().getMethod() == HttpMethod.HEAD) {
      return (MutableHttpResponse<Problem>) response;
    }
    int status = response.code();
    boolean serverError = status >= 500;
    // A server error's messages may describe internals; the log has them, the client does not.
    List<Error> errors = serverError ? List.of() : context.getErrors();
    List<Problem.FieldError> fieldErrors =
        errors.stream()
            .filter(e -> e.getPath().isPresent())
            .map(e -> new Problem.FieldError(field(e.getPath().get()), e.getMessage()))
            .toList();
    String detail =
        errors.isEmpty()
            ? null
            : String.join("; ", errors.stream().map(Error::getMessage).toList());
    if (status == HttpStatus.REQUEST_ENTITY_TOO_LARGE.getCode() && fieldErrors.isEmpty()) {
      // The body as a whole is what is wrong, named as the Spring services name it.
      fieldErrors =
          List.of(
              new Problem.FieldError(
                  "body", detail == null ? "The request body is too large." : detail));
    }
    Problem problem =
        new Problem(
            "about:blank",
            title(response.status(), status),
            status,
            detail,
            context.getRequest().getPath(),
            fieldErrors.isEmpty() ? null : fieldErrors);
    return response.body(problem).contentType(Problem.MEDIA_TYPE);
  }

  /**
   * Micronaut names fields as JSON pointers ({@code /body/painNow}); clients want {@code painNow}.
   */
  private static String field(String path) {
    String field = path.startsWith("/") ? path.substring(1) : path;
    if (field.startsWith("body/")) {
      field = field.substring("body/".length());
    }
    return field.replace('/', '.');
  }

  private static String title(HttpStatus status, int code) {
    return status == null ? "HTTP " + code : status.getReason();
  }
}
