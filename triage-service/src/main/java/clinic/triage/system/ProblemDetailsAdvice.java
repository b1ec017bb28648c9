package clinic.triage.system;

import java.util.List;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.TypeMismatchException;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.context.request.WebRequest;
import org.springframework.web.servlet.mvc.method.annotation.ResponseEntityExceptionHandler;
import tools.jackson.core.JacksonException;
import tools.jackson.core.exc.StreamReadException;
import tools.jackson.databind.exc.MismatchedInputException;

/**
 * Every HTTP error as RFC 9457 problem details; input errors carry {@code errors}, one entry per
 * offending field. The dashboard's pages handle their own errors with pages (a handler in the
 * controller comes before this advice). Messages are written here, never copied from exceptions,
 * which may quote what was submitted.
 */
@RestControllerAdvice
class ProblemDetailsAdvice extends ResponseEntityExceptionHandler {

  private static final Logger log = LoggerFactory.getLogger(ProblemDetailsAdvice.class);

  /** The {@code field} of a problem with the request body as a whole. */
  static final String BODY = "body";

  @ExceptionHandler(InvalidRequest.class)
  ProblemDetail invalid(InvalidRequest ex) {
    return invalid(ex.errors());
  }

  private static ProblemDetail invalid(List<FieldProblem> errors) {
    var detail =
        errors.size() == 1
            ? "1 field is invalid, see errors."
            : errors.size() + " fields are invalid, see errors.";
    var problem = ProblemDetail.forStatusAndDetail(HttpStatus.BAD_REQUEST, detail);
    problem.setTitle("Invalid request");
    problem.setProperty("errors", errors);
    return problem;
  }

  @Override
  protected ResponseEntity<Object> handleHttpMessageNotReadable(
      HttpMessageNotReadableException ex,
      HttpHeaders headers,
      HttpStatusCode status,
      WebRequest request) {
    for (Throwable cause = ex; cause != null; cause = cause.getCause()) {
      if (cause instanceof RequestSizeLimit.BodyTooLarge tooLarge) {
        var tooLargeStatus = HttpStatus.CONTENT_TOO_LARGE;
        var limit = tooLarge.limit();
        var problem = ProblemDetail.forStatusAndDetail(tooLargeStatus, limit.detail());
        problem.setTitle("Request too large");
        problem.setProperty("maxBytes", limit.maxBytes());
        problem.setProperty("limit", limit.setting());
        problem.setProperty("errors", List.of(new FieldProblem(BODY, limit.detail())));
        return handleExceptionInternal(ex, problem, headers, tooLargeStatus, request);
      }
    }
    return handleExceptionInternal(
        ex, invalid(List.of(describe(ex.getCause()))), headers, status, request);
  }

  @Override
  protected ResponseEntity<Object> handleTypeMismatch(
      TypeMismatchException ex, HttpHeaders headers, HttpStatusCode status, WebRequest request) {
    var field = ex.getPropertyName() == null ? "path" : ex.getPropertyName();
    var error = new FieldProblem(field, "must be " + describe(ex.getRequiredType()));
    return handleExceptionInternal(ex, invalid(List.of(error)), headers, status, request);
  }

  /** The last resort: the stack trace goes to the log, nothing of it to the client. */
  @ExceptionHandler(Exception.class)
  ResponseEntity<Object> unexpected(Exception ex, WebRequest request) {
    log.error("Request failed", ex);
    var status = HttpStatus.INTERNAL_SERVER_ERROR;
    var problem = ProblemDetail.forStatusAndDetail(status, "Something went wrong on our side.");
    return handleExceptionInternal(ex, problem, new HttpHeaders(), status, request);
  }

  private static FieldProblem describe(Throwable cause) {
    if (cause instanceof MismatchedInputException mismatch && !mismatch.getPath().isEmpty()) {
      return new FieldProblem(path(mismatch), "must be " + describe(mismatch.getTargetType()));
    }
    if (cause instanceof StreamReadException) {
      return new FieldProblem(BODY, "is not valid JSON");
    }
    if (cause instanceof JacksonException) {
      return new FieldProblem(BODY, "does not match the expected fields");
    }
    return new FieldProblem(BODY, "is missing or not JSON");
  }

  private static String path(JacksonException ex) {
    var path = new StringBuilder();
    for (var reference : ex.getPath()) {
      if (reference.getPropertyName() != null) {
        path.append(path.isEmpty() ? "" : ".").append(reference.getPropertyName());
      } else if (reference.getIndex() >= 0) {
        path.append('[').append(reference.getIndex()).append(']');
      }
    }
    return path.isEmpty() ? BODY : path.toString();
  }

  private static String describe(Class<?> type) {
    if (type == null) {
      return "a value of another type";
    }
    if (type == Integer.class || type == int.class || type == Long.class || type == long.class) {
      return "a whole number";
    }
    if (type == Boolean.class || type == boolean.class) {
      return "true or false";
    }
    if (type == UUID.class) {
      return "a UUID";
    }
    if (type == String.class) {
      return "text";
    }
    if (type.isEnum()) {
      return "one of " + List.of(type.getEnumConstants());
    }
    return "an object";
  }
}
