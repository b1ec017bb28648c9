package clinic.content.system;

import io.micronaut.context.annotation.Replaces;
import io.micronaut.http.HttpHeaders;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.MediaType;
import io.micronaut.http.MutableHttpResponse;
import io.micronaut.http.annotation.Produces;
import io.micronaut.http.server.exceptions.ExceptionHandler;
import io.micronaut.http.server.exceptions.response.ErrorContext;
import io.micronaut.http.server.exceptions.response.ErrorResponseProcessor;
import io.micronaut.security.annotation.Secured;
import io.micronaut.security.authentication.Authentication;
import io.micronaut.security.authentication.AuthorizationException;
import io.micronaut.security.authentication.DefaultAuthorizationExceptionHandler;
import io.micronaut.web.router.RouteAttributes;
import jakarta.inject.Singleton;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.List;

/**
 * How the service refuses a request, as RFC 9457 problem details in the service's one problem
 * style: 401 (no token, or one that is invalid, expired or meant for another audience) with {@code
 * WWW-Authenticate: Bearer} (RFC 6750), 403 (signed in without a role the endpoint allows). A
 * browser that is refused with 403 gets a short page naming who is signed in and who the page is
 * for. Never a redirect to a login page: signing in is the gateway's business.
 */
@Singleton
@Produces
@Replaces(DefaultAuthorizationExceptionHandler.class)
class AuthorizationProblemHandler
    implements ExceptionHandler<AuthorizationException, MutableHttpResponse<?>> {

  private static final String STYLE =
      "body{font-family:system-ui,sans-serif;font-size:1.125rem;line-height:1.5;max-width:40rem;"
          + "margin:2rem auto;padding:0 1rem;color:#1a1a1a}a{color:#0b57d0}";
  private static final String CONTENT_SECURITY_POLICY =
      "default-src 'none'; style-src 'sha256-"
          + sha256(STYLE)
          + "'; base-uri 'none';"
          + " form-action 'none'; frame-ancestors 'none'";

  private final ErrorResponseProcessor<?> problems;

  AuthorizationProblemHandler(ErrorResponseProcessor<?> problems) {
    this.problems = problems;
  }

  @Override
  public MutableHttpResponse<?> handle(HttpRequest request, AuthorizationException exception) {
    if (!exception.isForbidden()) {
      boolean tokenSent =
          request
              .getHeaders()
              .getAuthorization()
              .map(value -> value.regionMatches(true, 0, "Bearer ", 0, 7))
              .orElse(false);
      return problem(request, HttpStatus.UNAUTHORIZED, "A valid bearer token is required")
          .header(
              HttpHeaders.WWW_AUTHENTICATE,
              tokenSent ? "Bearer error=\"invalid_token\"" : "Bearer");
    }
    List<String> allowed = allowedRoles(request);
    if (wantsHtml(request)) {
      return HttpResponse.status(HttpStatus.FORBIDDEN)
          .body(page(exception.getAuthentication(), allowed))
          .contentType(MediaType.TEXT_HTML + ";charset=utf-8")
          .header(HttpHeaders.CACHE_CONTROL, "no-store")
          .header("Content-Security-Policy", CONTENT_SECURITY_POLICY);
    }
    return problem(
        request,
        HttpStatus.FORBIDDEN,
        allowed.isEmpty()
            ? "Your roles do not allow this request"
            : "This is for " + String.join(", ", allowed));
  }

  private MutableHttpResponse<?> problem(HttpRequest<?> request, HttpStatus status, String detail) {
    return problems.processResponse(
        ErrorContext.builder(request).errorMessage(detail).build(), HttpResponse.status(status));
  }

  /** The roles the matched endpoint allows, as its {@code @Secured} names them. */
  private static List<String> allowedRoles(HttpRequest<?> request) {
    return RouteAttributes.getRouteMatch(request)
        .map(match -> List.of(match.getAnnotationMetadata().stringValues(Secured.class)))
        .orElse(List.of());
  }

  private static boolean wantsHtml(HttpRequest<?> request) {
    return request.accept().stream()
        .anyMatch(
            type ->
                type.getName().equals(MediaType.TEXT_HTML)
                    || type.getName().equals(MediaType.APPLICATION_XHTML));
  }

  private static String page(Authentication authentication, List<String> allowed) {
    String name =
        authentication == null
            ? "someone"
            : SignedIn.displayName(authentication.getAttributes(), authentication.getName());
    String roles =
        allowed.isEmpty()
            ? "other staff"
            : String.join(", ", allowed.stream().map(role -> role.replace('_', ' ')).toList());
    return """
        <!DOCTYPE html>
        <html lang="en">
        <head>
        <meta charset="utf-8">
        <meta name="viewport" content="width=device-width, initial-scale=1">
        <title>Not for your role</title>
        <style>%s</style>
        </head>
        <body>
        <main>
        <h1>This page is not for your role</h1>
        <p>You are signed in as %s. This page is for %s.</p>
        <p><a href="/">Go to your home page</a></p>
        </main>
        </body>
        </html>
        """
        .formatted(STYLE, escape(name), escape(roles));
  }

  private static String escape(String text) {
    return text.replace("&", "&amp;")
        .replace("<", "&lt;")
        .replace(">", "&gt;")
        .replace("\"", "&quot;")
        .replace("'", "&#39;");
  }

  private static String sha256(String text) {
    try {
      return Base64.getEncoder()
          .encodeToString(
              MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
