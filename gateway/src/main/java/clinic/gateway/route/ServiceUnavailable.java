package clinic.gateway.route;

import clinic.gateway.Pages;
import java.net.ConnectException;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.stereotype.Component;
import org.springframework.web.client.ResourceAccessException;
import org.springframework.web.servlet.function.HandlerFilterFunction;
import org.springframework.web.servlet.function.ServerRequest;
import org.springframework.web.servlet.function.ServerResponse;

/**
 * The answer when a service does not answer (not started yet, restarting): 502 with a page that
 * says so, or problem JSON for the API, rather than the error page of an unhandled exception.
 */
@Component
class ServiceUnavailable {

  private static final Logger log = LoggerFactory.getLogger(ServiceUnavailable.class);

  private final Pages pages;

  ServiceUnavailable(Pages pages) {
    this.pages = pages;
  }

  /**
   * Answers for a route whose service did not answer: no connection to any instance (after the
   * retries), or a connection that broke. Around the route's other filters (a route's {@code
   * onError} would sit inside them, before the retries).
   */
  HandlerFilterFunction<ServerResponse, ServerResponse> whenUnreachable() {
    return (request, next) -> {
      try {
        return next.handle(request);
      } catch (Exception e) {
        if (unreachable(e)) {
          // The path's first segment and the failures' kinds only: paths can hold ids.
          log.warn(
              "{} {}: no instance answered after {} tries ({})",
              request.method(),
              firstSegment(request.path()),
              tries(e),
              kinds(e));
          return answer(request);
        }
        throw e;
      }
    };
  }

  private static String firstSegment(String path) {
    int next = path.indexOf('/', 1);
    return next < 0 ? path : path.substring(0, next) + "/...";
  }

  /** The retry keeps each earlier try's failure beside the last one. */
  static int tries(Throwable failure) {
    for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
      if (cause.getSuppressed().length > 0) {
        return cause.getSuppressed().length + 1;
      }
      if (cause.getCause() == cause) {
        break;
      }
    }
    return 1;
  }

  /**
   * The classes down the failure's chain, and of the earlier tries the retry kept beside it,
   * without messages (they name the instance's URL, which can hold an id).
   */
  static String kinds(Throwable failure) {
    StringBuilder kinds = new StringBuilder();
    for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
      kinds.append(kinds.isEmpty() ? "" : " < ").append(cause.getClass().getSimpleName());
      for (Throwable earlier : cause.getSuppressed()) {
        kinds.append(" [earlier try: ").append(kinds(earlier)).append(']');
      }
      if (cause.getCause() == cause) {
        break;
      }
    }
    return kinds.toString();
  }

  /** The retry filter wraps what it gave up on, so the cause is looked for down the chain. */
  static boolean unreachable(Throwable failure) {
    for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
      if (cause instanceof ResourceAccessException
          || cause instanceof ConnectException
          || cause instanceof ServiceInstances.InstanceLost) {
        return true;
      }
    }
    return false;
  }

  ServerResponse answer(ServerRequest request) {
    List<MediaType> accepted = request.headers().accept();
    boolean page =
        !request.path().startsWith("/api/")
            && !request.path().equals("/fhir")
            && !request.path().startsWith("/fhir/")
            && accepted.stream()
                .anyMatch(t -> !t.isWildcardType() && t.isCompatibleWith(MediaType.TEXT_HTML));
    if (page) {
      return ServerResponse.status(HttpStatus.BAD_GATEWAY)
          .contentType(new MediaType(MediaType.TEXT_HTML, java.nio.charset.StandardCharsets.UTF_8))
          .header("Content-Security-Policy", pages.contentSecurityPolicy())
          .body(
              pages.page(
                  "Not available right now",
                  """
                  <h1>Not available right now</h1>
                  <p>This part of the clinic system is not answering at the moment. Nothing was
                  lost; please try again in a minute.</p>
                  <p><a href="/">Go to your start page</a></p>
                  """));
    }
    ProblemDetail problem =
        ProblemDetail.forStatusAndDetail(
            HttpStatus.BAD_GATEWAY, "The service behind this path is not answering; try again.");
    return ServerResponse.status(HttpStatus.BAD_GATEWAY)
        .contentType(MediaType.APPLICATION_PROBLEM_JSON)
        .body(problem);
  }
}
