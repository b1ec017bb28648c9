package clinic.triage.system;

import clinic.events.Actor;
import org.springframework.core.MethodParameter;
import org.springframework.security.authentication.AuthenticationCredentialsNotFoundException;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationToken;
import org.springframework.web.bind.support.WebDataBinderFactory;
import org.springframework.web.context.request.NativeWebRequest;
import org.springframework.web.method.support.HandlerMethodArgumentResolver;
import org.springframework.web.method.support.ModelAndViewContainer;

/**
 * The signed-in staff member as the {@link Actor} of a change, from their access token: the subject
 * is {@code sub}; the name is the {@code name} claim, else {@code preferred_username}, else {@code
 * sub}. Who made a change is never taken from a form field or a request body: a handler method
 * declares an {@code Actor} parameter and gets it from here.
 */
public final class SignedIn {

  /** The longest subject and name the event contracts accept. */
  static final int MAX = 200;

  private SignedIn() {}

  /** The actor of the current request. */
  public static Actor actor() {
    return actor(SecurityContextHolder.getContext().getAuthentication());
  }

  /**
   * @throws AuthenticationCredentialsNotFoundException if the request was not made with a token
   */
  public static Actor actor(Authentication authentication) {
    if (!(authentication instanceof JwtAuthenticationToken token)) {
      throw new AuthenticationCredentialsNotFoundException("A change needs a signed-in user");
    }
    return actor(token.getToken());
  }

  static Actor actor(Jwt jwt) {
    String subject = jwt.getSubject();
    if (!hasText(subject) || subject.strip().length() > MAX) {
      throw new AuthenticationCredentialsNotFoundException("The token has no usable subject");
    }
    subject = subject.strip();
    String name = jwt.getClaimAsString("name");
    if (!hasText(name)) {
      name = jwt.getClaimAsString("preferred_username");
    }
    if (!hasText(name)) {
      name = subject;
    }
    name = name.strip();
    // A display name only: cut to the contracts' limit rather than refuse the person.
    return new Actor(subject, name.length() > MAX ? name.substring(0, MAX).strip() : name);
  }

  private static boolean hasText(String value) {
    return value != null && !value.isBlank();
  }

  /** Resolves a handler method's {@link Actor} parameter to the signed-in user. */
  static final class ArgumentResolver implements HandlerMethodArgumentResolver {

    @Override
    public boolean supportsParameter(MethodParameter parameter) {
      return Actor.class.equals(parameter.getParameterType());
    }

    @Override
    public Actor resolveArgument(
        MethodParameter parameter,
        ModelAndViewContainer mavContainer,
        NativeWebRequest webRequest,
        WebDataBinderFactory binderFactory) {
      return actor();
    }
  }
}
