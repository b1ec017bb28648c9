package clinic.gateway.signin;

import clinic.gateway.Pages;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import org.springframework.http.MediaType;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.security.authentication.AnonymousAuthenticationToken;
import org.springframework.security.authentication.InsufficientAuthenticationException;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.oauth2.server.resource.web.BearerTokenAuthenticationEntryPoint;
import org.springframework.security.web.AuthenticationEntryPoint;
import org.springframework.security.web.access.AccessDeniedHandler;
import org.springframework.security.web.authentication.AuthenticationFailureHandler;
import org.springframework.security.web.authentication.LoginUrlAuthenticationEntryPoint;
import org.springframework.security.web.csrf.CsrfException;
import org.springframework.security.web.util.matcher.RequestMatcher;

/**
 * The answers when a request may not go on: API clients get RFC 9457 problem JSON and never a
 * redirect, browsers are sent to sign in or get a page that says what happened.
 */
final class SignInFailures implements AuthenticationEntryPoint, AccessDeniedHandler {

  static final String LOGIN = "/oauth2/authorization/" + SignInProperties.REGISTRATION_ID;

  /** The JSON APIs and the FHIR server: token clients, never sent to a sign-in page. */
  private static final RequestMatcher API =
      request -> {
        var path = pathOf(request);
        return path.startsWith("/api/") || path.equals("/fhir") || path.startsWith("/fhir/");
      };

  private final Pages pages;
  private final BearerTokenAuthenticationEntryPoint bearer =
      new BearerTokenAuthenticationEntryPoint();
  private final LoginUrlAuthenticationEntryPoint login =
      new LoginUrlAuthenticationEntryPoint(LOGIN);

  SignInFailures(Pages pages) {
    this.pages = pages;
  }

  /** Not signed in: 401 for the API, the provider's sign-in for pages. */
  @Override
  public void commence(
      HttpServletRequest request, HttpServletResponse response, AuthenticationException failure)
      throws IOException, jakarta.servlet.ServletException {
    if (API.matches(request)) {
      apiClient().commence(request, response, failure);
    } else {
      login.commence(request, response, failure);
    }
  }

  /** For a bearer token that is missing, invalid, expired or for another audience. */
  AuthenticationEntryPoint apiClient() {
    return (request, response, failure) -> {
      bearer.commence(request, response, failure);
      problem(response, 401, "Unauthorized", "Sign in, or send a valid bearer token.");
    };
  }

  /**
   * Denied after authentication; at the gateway that is a missing or stale CSRF token. A request
   * that was not signed in at all is answered as such, so the API still says 401.
   */
  @Override
  public void handle(
      HttpServletRequest request, HttpServletResponse response, AccessDeniedException denied)
      throws IOException, jakarta.servlet.ServletException {
    Authentication authentication =
        SecurityContextHolder.getContextHolderStrategy().getContext().getAuthentication();
    if (authentication == null
        || authentication instanceof AnonymousAuthenticationToken
        || !authentication.isAuthenticated()) {
      commence(request, response, new InsufficientAuthenticationException("Not signed in", denied));
      return;
    }
    boolean csrf = denied instanceof CsrfException;
    if (wantsHtml(request) && !API.matches(request)) {
      pages.write(
          response,
          403,
          "Please try again",
          csrf
              ? """
                <h1>Please try again</h1>
                <p>This form was sent without the security token of your current session, for
                example because it was opened before you last signed in. Nothing was saved.</p>
                <p><a href="/">Go back to your start page</a> and fill it in again.</p>
                """
              : """
                <h1>Not allowed</h1>
                <p>You are signed in, but this request is not allowed.</p>
                <p><a href="/">Go back to your start page</a></p>
                """);
    } else {
      problem(
          response,
          403,
          "Forbidden",
          csrf
              ? "Missing or invalid CSRF token: send the session's token as _csrf or X-CSRF-TOKEN."
              : "Not allowed.");
    }
  }

  /** Sign-in at the provider did not complete (denied, expired or replayed callback). */
  AuthenticationFailureHandler loginFailed() {
    return (request, response, failure) ->
        pages.write(
            response,
            401,
            "Sign-in did not complete",
            """
            <h1>Sign-in did not complete</h1>
            <p>The clinic's sign-in service did not confirm who you are.</p>
            <p><a href="%s">Try signing in again</a></p>
            """
                .formatted(LOGIN));
  }

  private static void problem(HttpServletResponse response, int status, String title, String detail)
      throws IOException {
    response.setStatus(status);
    response.setContentType(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
    String json =
        "{\"type\":\"about:blank\",\"title\":\"%s\",\"status\":%d,\"detail\":\"%s\"}"
            .formatted(title, status, detail);
    response.getOutputStream().write(json.getBytes(StandardCharsets.UTF_8));
  }

  private static boolean wantsHtml(HttpServletRequest request) {
    String accept = request.getHeader("Accept");
    if (accept == null) {
      return false;
    }
    return MediaType.parseMediaTypes(accept).stream()
        .anyMatch(type -> type.isCompatibleWith(MediaType.TEXT_HTML) && !type.isWildcardType());
  }

  private static String pathOf(HttpServletRequest request) {
    String uri = request.getRequestURI();
    String context = request.getContextPath();
    return uri.substring(context == null ? 0 : context.length());
  }
}
