package clinic.content.system;

import clinic.events.Actor;
import io.micronaut.security.authentication.Authentication;
import java.util.Map;

/** Who is signed in, from the claims of their validated access token. */
public final class SignedIn {

  private SignedIn() {}

  /**
   * The actor of a change: {@code sub}, and the {@code name} claim, else {@code
   * preferred_username}, else {@code sub}. Never anything the request body says.
   */
  public static Actor actor(Authentication authentication) {
    String subject = authentication.getName();
    return new Actor(subject, displayName(authentication.getAttributes(), subject));
  }

  static String displayName(Map<String, Object> claims, String subject) {
    for (String claim : new String[] {"name", "preferred_username"}) {
      if (claims.get(claim) instanceof String value && !value.isBlank()) {
        return value;
      }
    }
    return subject;
  }
}
