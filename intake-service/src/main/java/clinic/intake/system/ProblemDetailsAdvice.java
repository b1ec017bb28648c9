package clinic.intake.system;

import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.TypeMismatchException;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.oauth2.core.OAuth2AuthenticationException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.context.request.ServletWebRequest;
import org.springframework.web.context.request.WebRequest;
import org.springframework.web.servlet.mvc.method.annotation.ResponseEntityExceptionHandler;
import tools.jackson.core.JacksonException;
import tools.jackson.core.exc.StreamReadException;
import tools.jackson.databind.exc.MismatchedInputException;
import tools.jackson.databind.exc.UnrecognizedPropertyException;

/**
 * Every HTTP error as RFC 9457 problem details. Input errors carry {@code errors}: one entry per
 * offending field with a message a person can act on. Messages are written here, never copied from
 * exceptions, which may quote the submitted (identifying) values.
 */
@RestControllerAdvice
class ProblemDetailsAdvice extends ResponseEntityExceptionHandler {

  private static final Logger log = LoggerFactory.getLogger(ProblemDetailsAdvice.class);

  /** The {@code field} of a problem with the request body as a whole. */
  static final String BODY = "body";

  @Override
  protected ResponseEntity<Object> handleHttpMessageNotReadable(
      HttpMessageNotReadableException ex,
      HttpHeaders headers,
      HttpStatusCode status,
      WebRequest request) {
    for (Throwable cause = ex; cause != null; cause = cause.getCause()) {
      if (cause instanceof RequestSizeLimit.BodyTooLarge tooLarge) {
        var tooLargeStatus = HttpStatus.CONTENT_TOO_LARGE;
        var problem =
            problem(
                tooLargeStatus,
                tooLarge.getMessage(),
                List.of(new FieldProblem(BODY, tooLarge.getMessage())));
        problem.setTitle("Request too large");
        return handleExceptionInternal(ex, problem, headers, tooLargeStatus, request);
      }
    }
    var error = describe(ex.getCause());
    return handleExceptionInternal(
        ex,
        problem(status, "The request body could not be read, see errors.", List.of(error)),
        headers,
        status,
        request);
  }

  @Override
  protected ResponseEntity<Object> handleTypeMismatch(
      TypeMismatchException ex, HttpHeaders headers, HttpStatusCode status, WebRequest request) {
    var field = ex.getPropertyName() == null ? "path" : ex.getPropertyName();
    var type = ex.getRequiredType() == null ? Object.class : ex.getRequiredType();
    var error = new FieldProblem(field, "Must be " + describe(type) + ".");
    return handleExceptionInternal(
        ex,
        problem(status, "The request is invalid, see errors.", List.of(error)),
        headers,
        status,
        request);
  }

  /**
   * 401 from the filter chain ({@link DeniedAnswers} has set the status and the {@code
   * WWW-Authenticate} challenge). Never the exception's message: it may quote the token's claims.
   */
  @ExceptionHandler(AuthenticationException.class)
  ResponseEntity<Object> handleUnauthenticated(AuthenticationException ex, WebRequest request) {
    var status = HttpStatus.UNAUTHORIZED;
    var problem =
        ProblemDetail.forStatusAndDetail(
            status,
            ex instanceof OAuth2AuthenticationException
                ? "The access token is not valid: it may have expired, be meant for another"
                    + " service or not come from the clinic's sign-in. Sign in again."
                : "Sign in first: send the access token as Authorization: Bearer <token>.");
    problem.setTitle("Sign-in required");
    return handleExceptionInternal(ex, problem, new HttpHeaders(), status, request);
  }

  /** 403 for an API client; a browser gets the page instead (see {@link DeniedAnswers}). */
  @ExceptionHandler(AccessDeniedException.class)
  ResponseEntity<Object> handleForbidden(AccessDeniedException ex, WebRequest request) {
    var status = HttpStatus.FORBIDDEN;
    var roles =
        request instanceof ServletWebRequest servlet
            ? AccessRules.rolesFor(servlet.getRequest())
            : List.<String>of();
    var problem =
        ProblemDetail.forStatusAndDetail(
            status,
            roles.isEmpty()
                ? "Your roles do not allow this request."
                : "This needs one of the roles " + String.join(", ", roles) + ".");
    problem.setTitle("Not allowed");
    if (!roles.isEmpty()) {
      problem.setProperty("roles", roles);
    }
    return handleExceptionInternal(ex, problem, new HttpHeaders(), status, request);
  }

  /** The last resort: the stack trace goes to the log, nothing of it to the client. */
  @ExceptionHandler(Exception.class)
  ResponseEntity<Object> handleUnexpected(Exception ex, WebRequest request) {
    log.error("Request failed", ex);
    var status = HttpStatus.INTERNAL_SERVER_ERROR;
    var problem = ProblemDetail.forStatusAndDetail(status, "Something went wrong on our side.");
    return handleExceptionInternal(ex, problem, new HttpHeaders(), status, request);
  }

  private static ProblemDetail problem(
      HttpStatusCode status, String detail, List<FieldProblem> errors) {
    var problem = ProblemDetail.forStatusAndDetail(status, detail);
    problem.setTitle("Invalid request");
    problem.setProperties(Map.of("errors", errors));
    return problem;
  }

  static FieldProblem describe(Throwable cause) {
    if (cause instanceof UnrecognizedPropertyException unknown) {
      return new FieldProblem(path(unknown), "This is not a field of this form.");
    }
    if (cause instanceof MismatchedInputException mismatch && !mismatch.getPath().isEmpty()) {
      return new FieldProblem(
          path(mismatch), "Must be " + describe(mismatch.getTargetType()) + ".");
    }
    if (cause instanceof StreamReadException) {
      return new FieldProblem(BODY, "The body is not valid JSON.");
    }
    if (cause instanceof JacksonException) {
      return new FieldProblem(BODY, "The body must be a JSON object with the fields of the form.");
    }
    return new FieldProblem(BODY, "Send a JSON object with the fields of the form.");
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
    if (type == java.time.LocalDate.class) {
      return "a date written YYYY-MM-DD";
    }
    if (type == java.util.UUID.class) {
      return "a UUID";
    }
    if (type == String.class) {
      return "text";
    }
    if (java.util.Collection.class.isAssignableFrom(type)) {
      return "a list";
    }
    return "an object";
  }
}
