package clinic.intake.system;

import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationToken;
import org.springframework.web.bind.annotation.ControllerAdvice;
import org.springframework.web.bind.annotation.ModelAttribute;
import org.springframework.web.bind.annotation.RequestHeader;

/**
 * The gateway checks CSRF for the browser's session and hands each proxied request the token in
 * {@code X-CSRF-TOKEN}; every page form that POSTs sends it back as {@code _csrf}. Without the
 * gateway (tests, a direct call) there is no header and the field is left out. The same token signs
 * the person out at the gateway, so the header shows their name and a sign-out button.
 */
@ControllerAdvice
class CsrfFieldAdvice {

  static final String HEADER = "X-CSRF-TOKEN";

  @ModelAttribute("csrf")
  String csrf(@RequestHeader(name = HEADER, required = false) String token) {
    return token == null || token.isBlank() ? null : token;
  }

  /** The signed-in person's display name for the page header; null without a token. */
  @ModelAttribute("signedInName")
  String signedInName() {
    return SecurityContextHolder.getContext().getAuthentication()
            instanceof JwtAuthenticationToken t
        ? SignedIn.actor(t).name()
        : null;
  }
}
