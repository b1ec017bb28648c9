package clinic.intake.system;

import org.springframework.web.bind.annotation.ControllerAdvice;
import org.springframework.web.bind.annotation.ModelAttribute;
import org.springframework.web.bind.annotation.RequestHeader;

/**
 * The gateway checks CSRF for the browser's session and hands each proxied request the token in
 * {@code X-CSRF-TOKEN}; every page form that POSTs sends it back as {@code _csrf}. Without the
 * gateway (tests, a direct call) there is no header and the field is left out.
 */
@ControllerAdvice
class CsrfFieldAdvice {

  static final String HEADER = "X-CSRF-TOKEN";

  @ModelAttribute("csrf")
  String csrf(@RequestHeader(name = HEADER, required = false) String token) {
    return token == null || token.isBlank() ? null : token;
  }
}
