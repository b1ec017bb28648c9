package clinic.web;

import java.time.LocalDate;
import java.util.Collection;
import java.util.List;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.TypeMismatchException;
import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.transaction.CannotCreateTransactionException;
import org.springframework.transaction.TransactionSystemException;
import org.springframework.web.bind.MethodArgumentNotValidException;
import org.springframework.web.bind.MissingServletRequestParameterException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.context.request.WebRequest;
import org.springframework.web.servlet.mvc.method.annotation.ResponseEntityExceptionHandler;
import tools.jackson.core.JacksonException;
import tools.jackson.core.exc.StreamReadException;
import tools.jackson.databind.exc.MismatchedInputException;
import tools.jackson.databind.exc.UnrecognizedPropertyException;

/**
 * Every HTTP error of a Spring service as RFC 9457 problem details ({@code
 * application/problem+json}), through Spring MVC's own {@link ProblemDetail} handling. Input errors
 * carry {@code errors}: one {@link FieldProblem} per offending field (see {@link InvalidRequest}).
 * A body over its {@link RequestSizeLimit} is a 413 with the same members, plus {@code maxBytes}
 * and the {@code limit} setting. A service imports this advice
 * ({@code @Import(ProblemDetailsAdvice.class)}); a controller's own handler (a page's) comes before
 * it. Messages are written here, never copied from exceptions, which may quote submitted
 * (identifying) values.
 */
@RestControllerAdvice
public class ProblemDetailsAdvice extends ResponseEntityExceptionHandler {

  private static final Logger log = LoggerFactory.getLogger(ProblemDetailsAdvice.class);

  /** The {@code field} of a problem with the request body as a whole. */
  public static final String BODY = "body";

  /** Long enough for a pool timeout to pass or a restarted database to take connections. */
  static final long DATABASE_RETRY_AFTER_SECONDS = 5;

  /** A body over its limit whose declared length {@link RequestSizeLimit} refused unread. */
  @ExceptionHandler(RequestSizeLimit.BodyTooLarge.class)
  ResponseEntity<Object> tooLarge(RequestSizeLimit.BodyTooLarge ex, WebRequest request) {
    return handleExceptionInternal(
        ex, tooLarge(ex), new HttpHeaders(), HttpStatus.CONTENT_TOO_LARGE, request);
  }

  @Override
  protected ResponseEntity<Object> handleHttpMessageNotReadable(
      HttpMessageNotReadableException ex,
      HttpHeaders headers,
      HttpStatusCode status,
      WebRequest request) {
    for (Throwable cause = ex; cause != null; cause = cause.getCause()) {
      if (cause instanceof RequestSizeLimit.BodyTooLarge tooLarge) {
        return handleExceptionInternal(
            ex, tooLarge(tooLarge), headers, HttpStatus.CONTENT_TOO_LARGE, request);
      }
    }
    return invalid(ex, List.of(describe(ex.getCause())), headers, status, request);
  }

  @Override
  protected ResponseEntity<Object> handleTypeMismatch(
      TypeMismatchException ex, HttpHeaders headers, HttpStatusCode status, WebRequest request) {
    var field = ex.getPropertyName() == null ? "path" : ex.getPropertyName();
    var error = new FieldProblem(field, "Must be " + describe(ex.getRequiredType()) + ".");
    return invalid(ex, List.of(error), headers, status, request);
  }

  @Override
  protected ResponseEntity<Object> handleMissingServletRequestParameter(
      MissingServletRequestParameterException ex,
      HttpHeaders headers,
      HttpStatusCode status,
      WebRequest request) {
    var error = new FieldProblem(ex.getParameterName(), "This parameter is required.");
    return invalid(ex, List.of(error), headers, status, request);
  }

  /** Bean Validation of a request body: the constraint's message, never the rejected value. */
  @Override
  protected ResponseEntity<Object> handleMethodArgumentNotValid(
      MethodArgumentNotValidException ex,
      HttpHeaders headers,
      HttpStatusCode status,
      WebRequest request) {
    var errors =
        ex.getBindingResult().getFieldErrors().stream()
            .map(error -> new FieldProblem(error.getField(), error.getDefaultMessage()))
            .toList();
    return invalid(ex, errors, headers, status, request);
  }

  /**
   * The database cannot be reached (restarting, or every connection busy for longer than the pool's
   * connection timeout): nothing was stored, and the same request may simply be sent again a little
   * later, so a 503 with {@code Retry-After}, not a 500.
   */
  @ExceptionHandler({
    CannotCreateTransactionException.class,
    DataAccessResourceFailureException.class
  })
  ResponseEntity<Object> databaseAway(Exception ex, WebRequest request) {
    log.warn("Database unavailable: {}", ex.getClass().getSimpleName());
    return retryLater(
        ex,
        "The service cannot reach its database just now. Nothing was stored: send the same"
            + " request again in a few seconds.",
        request);
  }

  /**
   * The database went away in the middle of the request's transaction (its connection broke on
   * commit or rollback): a 503 with {@code Retry-After} too, without claiming what was stored; the
   * same request sent again with the same {@code Idempotency-Key} creates nothing twice.
   */
  @ExceptionHandler(TransactionSystemException.class)
  ResponseEntity<Object> databaseLost(TransactionSystemException ex, WebRequest request) {
    log.warn("Database connection lost during a transaction");
    return retryLater(
        ex,
        "The service lost its database while handling the request. Send the same request"
            + " again in a few seconds; with the same Idempotency-Key nothing is created twice.",
        request);
  }

  /** A 503 with {@code Retry-After}: the database is away for a moment. */
  private ResponseEntity<Object> retryLater(Exception ex, String detail, WebRequest request) {
    var status = HttpStatus.SERVICE_UNAVAILABLE;
    var headers = new HttpHeaders();
    headers.set(HttpHeaders.RETRY_AFTER, Long.toString(DATABASE_RETRY_AFTER_SECONDS));
    return handleExceptionInternal(
        ex, ProblemDetail.forStatusAndDetail(status, detail), headers, status, request);
  }

  /** The last resort: the stack trace goes to the log, nothing of it to the client. */
  @ExceptionHandler(Exception.class)
  ResponseEntity<Object> unexpected(Exception ex, WebRequest request) {
    log.error("Request failed", ex);
    var status = HttpStatus.INTERNAL_SERVER_ERROR;
    var problem = ProblemDetail.forStatusAndDetail(status, "Something went wrong on our side.");
    return handleExceptionInternal(ex, problem, new HttpHeaders(), status, request);
  }

  private ResponseEntity<Object> invalid(
      Exception ex,
      List<FieldProblem> errors,
      HttpHeaders headers,
      HttpStatusCode status,
      WebRequest request) {
    var problem =
        InvalidRequest.problem(
            HttpStatus.BAD_REQUEST, InvalidRequest.TITLE, InvalidRequest.detail(errors), errors);
    return handleExceptionInternal(ex, problem, headers, status, request);
  }

  private static ProblemDetail tooLarge(RequestSizeLimit.BodyTooLarge ex) {
    var limit = ex.limit();
    var problem =
        InvalidRequest.problem(
            HttpStatus.CONTENT_TOO_LARGE,
            "Request too large",
            limit.detail(),
            List.of(new FieldProblem(BODY, limit.detail())));
    problem.setProperty("maxBytes", limit.maxBytes());
    problem.setProperty("limit", limit.setting());
    return problem;
  }

  private static FieldProblem describe(Throwable cause) {
    if (cause instanceof UnrecognizedPropertyException unknown) {
      return new FieldProblem(path(unknown), "This is not a field of this request.");
    }
    if (cause instanceof MismatchedInputException mismatch && !mismatch.getPath().isEmpty()) {
      return new FieldProblem(
          path(mismatch), "Must be " + describe(mismatch.getTargetType()) + ".");
    }
    if (cause instanceof StreamReadException) {
      return new FieldProblem(BODY, "The body is not valid JSON.");
    }
    if (cause instanceof JacksonException) {
      return new FieldProblem(BODY, "The body must be a JSON object with the expected fields.");
    }
    return new FieldProblem(BODY, "Send a JSON object with the expected fields.");
  }

  /** {@code answers.painAreas[0]}, the way Bean Validation names fields too. */
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
    if (type == LocalDate.class) {
      return "a date written YYYY-MM-DD";
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
    if (Collection.class.isAssignableFrom(type)) {
      return "a list";
    }
    return "an object";
  }
}
