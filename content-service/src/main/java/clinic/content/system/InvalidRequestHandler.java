package clinic.content.system;

import io.micronaut.context.annotation.Requires;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.annotation.Produces;
import io.micronaut.http.server.exceptions.ExceptionHandler;
import io.micronaut.http.server.exceptions.response.Error;
import io.micronaut.http.server.exceptions.response.ErrorContext;
import io.micronaut.http.server.exceptions.response.ErrorResponseProcessor;
import jakarta.inject.Singleton;
import java.util.List;
import java.util.Optional;

/** A 400 problem naming each invalid field, through the same processor as every other error. */
@Produces
@Singleton
@Requires(classes = {InvalidRequestException.class, ExceptionHandler.class})
class InvalidRequestHandler implements ExceptionHandler<InvalidRequestException, HttpResponse<?>> {

  private final ErrorResponseProcessor<?> problems;

  InvalidRequestHandler(ErrorResponseProcessor<?> problems) {
    this.problems = problems;
  }

  @Override
  public HttpResponse<?> handle(HttpRequest request, InvalidRequestException exception) {
    List<Error> errors =
        exception.fields().entrySet().stream()
            .map(field -> (Error) new FieldError(field.getKey(), field.getValue()))
            .toList();
    return problems.processResponse(
        ErrorContext.builder(request).cause(exception).errors(errors).build(),
        HttpResponse.badRequest());
  }

  private record FieldError(String field, String message) implements Error {

    @Override
    public Optional<String> getPath() {
      return Optional.of(field);
    }

    @Override
    public String getMessage() {
      return field + ": " + message;
    }
  }
}
