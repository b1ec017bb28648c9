package clinic.gateway.route;

import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;
import org.springframework.http.HttpHeaders;
import org.springframework.security.oauth2.client.authentication.OAuth2AuthenticationToken;
import org.springframework.security.web.csrf.CsrfToken;
import org.springframework.web.servlet.function.HandlerFilterFunction;
import org.springframework.web.servlet.function.ServerRequest;
import org.springframework.web.servlet.function.ServerResponse;

/**
 * What the services get of the browser's session at the gateway: the CSRF token their forms must
 * carry back, never the session id itself (the services are stateless and have no use for it).
 */
final class SessionRelay {

  /** The request header the services read the CSRF token from. */
  static final String CSRF_HEADER = "X-CSRF-TOKEN";

  static final String SESSION_COOKIE = "CLINIC_SESSION";

  private SessionRelay() {}

  /**
   * Adds the session's CSRF token for a signed-in browser. Not for bearer API clients: they are
   * exempt from CSRF, and asking for a token would give each of their calls a session.
   */
  static HandlerFilterFunction<ServerResponse, ServerResponse> csrfTokenWithoutSession() {
    return (request, next) -> {
      String token = null;
      if (request.servletRequest().getUserPrincipal() instanceof OAuth2AuthenticationToken
          && request.servletRequest().getAttribute(CsrfToken.class.getName())
              instanceof CsrfToken csrf) {
        token = csrf.getToken();
      }
      return next.handle(relay(request, token));
    };
  }

  /** For the patient's page: neither a CSRF token nor the session cookie. */
  static HandlerFilterFunction<ServerResponse, ServerResponse> withoutSession() {
    return (request, next) -> next.handle(relay(request, null));
  }

  private static ServerRequest relay(ServerRequest request, String csrfToken) {
    return ServerRequest.from(request)
        .headers(
            headers -> {
              // Whatever a client sent under this name is not the gateway's token.
              headers.remove(CSRF_HEADER);
              if (csrfToken != null) {
                headers.set(CSRF_HEADER, csrfToken);
              }
              String cookies = withoutSessionCookie(headers.get(HttpHeaders.COOKIE));
              if (cookies == null) {
                headers.remove(HttpHeaders.COOKIE);
              } else {
                headers.set(HttpHeaders.COOKIE, cookies);
              }
            })
        .build();
  }

  private static String withoutSessionCookie(List<String> cookieHeaders) {
    if (cookieHeaders == null) {
      return null;
    }
    String kept =
        cookieHeaders.stream()
            .flatMap(header -> Arrays.stream(header.split(";")))
            .map(String::strip)
            .filter(c -> !c.isEmpty() && !c.startsWith(SESSION_COOKIE + "="))
            .collect(Collectors.joining("; "));
    return kept.isEmpty() ? null : kept;
  }
}
