package clinic.intake.system;

import clinic.events.Actor;
import org.springframework.core.MethodParameter;
import org.springframework.security.authentication.AuthenticationCredentialsNotFoundException;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationToken;
import org.springframework.web.bind.support.WebDataBinderFactory;
import org.springframework.web.context.request.NativeWebRequest;
import org.springframework.web.method.support.HandlerMethodArgumentResolver;
import org.springframework.web.method.support.ModelAndViewContainer;

/**
 * The signed-in staff member as the {@link Actor} of a change: taken from the access token, never
 * from a form field or a request body. A controller method gets it by declaring an {@code Actor}
 * parameter.
 */
public final class SignedIn implements HandlerMethodArgumentResolver {

  /**
   * {@code sub} is the stable id; the name is the token's {@code name}, else its {@code
   * preferred_username}, else the {@code sub} itself.
   */
  public static Actor actor(JwtAuthenticationToken token) {
    var jwt = token.getToken();
    var subject = jwt.getSubject();
    var name =
        firstNonBlank(
            jwt.getClaimAsString("name"), jwt.getClaimAsString("preferred_username"), subject);
    return new Actor(subject, name);
  }

  /** The actor of the current request; a request without a token has none (401). */
  public static Actor current() {
    return actor(SecurityContextHolder.getContext().getAuthentication());
  }

  static Actor actor(Authentication authentication) {
    if (authentication instanceof JwtAuthenticationToken token
        && token.getToken().getSubject() != null) {
      return actor(token);
    }
    throw new AuthenticationCredentialsNotFoundException("No signed-in user");
  }

  @Override
  public boolean supportsParameter(MethodParameter parameter) {
    return parameter.getParameterType() == Actor.class;
  }

  @Override
  public Actor resolveArgument(
      MethodParameter parameter,
      ModelAndViewContainer mavContainer,
      NativeWebRequest webRequest,
      WebDataBinderFactory binderFactory) {
    return current();
  }

  private static String firstNonBlank(String... values) {
    for (var value : values) {
      if (value != null && !value.isBlank()) {
        return value;
      }
    }
    return null;
  }
}
