package clinic.intake.system;

import clinic.intake.questionnaire.Languages;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.List;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.context.MessageSource;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.InvalidMediaTypeException;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.oauth2.core.OAuth2AuthenticationException;
import org.springframework.security.oauth2.server.resource.web.BearerTokenAuthenticationEntryPoint;
import org.springframework.security.web.AuthenticationEntryPoint;
import org.springframework.security.web.access.AccessDeniedHandler;
import org.springframework.stereotype.Component;
import org.springframework.web.ErrorResponseException;
import org.springframework.web.servlet.DispatcherServlet;
import org.springframework.web.servlet.HandlerExceptionResolver;
import org.springframework.web.servlet.LocaleResolver;
import org.springframework.web.servlet.ViewResolver;

/**
 * What the filter chain answers when it refuses a request. 401: {@code WWW-Authenticate: Bearer}
 * (with the token's error, if one was sent) and a problem body. 403: a problem body for API
 * clients, and for a browser a page in the front desk's style saying who is signed in and whom the
 * page is for. The problem bodies are written by the service's one problem advice ({@link
 * clinic.web.ProblemDetailsAdvice}), like every other error: the refusal is handed to Spring MVC's
 * exception resolvers. Never the exception's message: it may quote the token's claims.
 */
@Component
class DeniedAnswers implements AuthenticationEntryPoint, AccessDeniedHandler {

  static final String FORBIDDEN_PAGE = "forbidden";

  private final AuthenticationEntryPoint bearer = new BearerTokenAuthenticationEntryPoint();
  private final HandlerExceptionResolver resolver;
  private final ViewResolver views;
  private final LocaleResolver locales;
  private final MessageSource messages;

  DeniedAnswers(
      @Qualifier("handlerExceptionResolver") HandlerExceptionResolver resolver,
      @Qualifier("thymeleafViewResolver") ViewResolver views,
      LocaleResolver locales,
      MessageSource messages) {
    this.resolver = resolver;
    this.views = views;
    this.locales = locales;
    this.messages = messages;
  }

  @Override
  public void commence(
      HttpServletRequest request, HttpServletResponse response, AuthenticationException refused)
      throws IOException, ServletException {
    // Status 401 and the WWW-Authenticate challenge, as RFC 6750 words it; then the body.
    bearer.commence(request, response, refused);
    var problem =
        ProblemDetail.forStatusAndDetail(
            HttpStatus.UNAUTHORIZED,
            refused instanceof OAuth2AuthenticationException
                ? "The access token is not valid: it may have expired, be meant for another"
                    + " service or not come from the clinic's sign-in. Sign in again."
                : "Sign in first: send the access token as Authorization: Bearer <token>.");
    problem.setTitle("Sign-in required");
    resolver.resolveException(
        request,
        response,
        null,
        new ErrorResponseException(HttpStatus.UNAUTHORIZED, problem, null));
  }

  @Override
  public void handle(
      HttpServletRequest request, HttpServletResponse response, AccessDeniedException refused)
      throws IOException, ServletException {
    if (!wantsPage(request)) {
      var roles = AccessRules.rolesFor(request);
      var problem =
          ProblemDetail.forStatusAndDetail(
              HttpStatus.FORBIDDEN,
              roles.isEmpty()
                  ? "Your roles do not allow this request."
                  : "This needs one of the roles " + String.join(", ", roles) + ".");
      problem.setTitle("Not allowed");
      if (!roles.isEmpty()) {
        problem.setProperty("roles", roles);
      }
      resolver.resolveException(
          request, response, null, new ErrorResponseException(HttpStatus.FORBIDDEN, problem, null));
      return;
    }
    var locale = locales.resolveLocale(request);
    // The view renders outside the DispatcherServlet: it finds the language the way pages do.
    request.setAttribute(DispatcherServlet.LOCALE_RESOLVER_ATTRIBUTE, locales);
    var roles =
        AccessRules.rolesFor(request).stream()
            .map(role -> messages.getMessage("role." + role, null, role, locale))
            .toList();
    var actor = SignedIn.actor(SecurityContextHolder.getContext().getAuthentication());
    var model = new LinkedHashMap<String, Object>();
    model.put("lang", Languages.of(locale));
    model.put("path", "/");
    model.put("name", actor.name());
    model.put("roles", inWords(roles, messages.getMessage("forbidden.or", null, " or ", locale)));
    response.setStatus(HttpStatus.FORBIDDEN.value());
    try {
      var view = views.resolveViewName(FORBIDDEN_PAGE, locale);
      if (view == null) {
        throw new IllegalStateException("No view " + FORBIDDEN_PAGE);
      }
      view.render(model, request, response);
    } catch (IOException | ServletException | RuntimeException e) {
      throw e;
    } catch (Exception e) {
      throw new ServletException(e);
    }
  }

  /** "the front desk, clinicians or administrators". */
  private static String inWords(List<String> roles, String or) {
    if (roles.size() < 2) {
      return String.join("", roles);
    }
    return String.join(", ", roles.subList(0, roles.size() - 1)) + or + roles.getLast();
  }

  /** A browser navigating: it asks for HTML by name (a script's fetch asks for JSON). */
  private static boolean wantsPage(HttpServletRequest request) {
    var accept = request.getHeader(HttpHeaders.ACCEPT);
    if (accept == null) {
      return false;
    }
    try {
      return MediaType.parseMediaTypes(accept).stream()
          .anyMatch(type -> type.equalsTypeAndSubtype(MediaType.TEXT_HTML));
    } catch (InvalidMediaTypeException e) {
      return false;
    }
  }
}
