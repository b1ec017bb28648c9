package clinic.triage.dashboard;

import clinic.events.Actor;
import clinic.triage.system.SignedIn;
import org.springframework.security.core.Authentication;
import org.springframework.web.bind.annotation.ControllerAdvice;
import org.springframework.web.bind.annotation.ModelAttribute;
import org.springframework.web.bind.annotation.RequestHeader;

/**
 * What every dashboard page shows besides its own content: who is signed in, and the CSRF token the
 * gateway adds to each proxied request ({@code X-CSRF-TOKEN}) for the forms to send back as {@code
 * _csrf}. Without the gateway there is no token and the forms leave the field out.
 */
@ControllerAdvice(assignableTypes = DashboardController.class)
class DashboardModel {

  /** The header the gateway's session CSRF protection reads and adds (Spring Security's name). */
  static final String CSRF_HEADER = "X-CSRF-TOKEN";

  @ModelAttribute("csrf")
  String csrf(@RequestHeader(name = CSRF_HEADER, required = false) String token) {
    return token == null || token.isBlank() ? null : token;
  }

  @ModelAttribute("signedIn")
  Actor signedIn(Authentication authentication) {
    return SignedIn.actor(authentication);
  }

  /** Only clinicians confirm, override or cancel; an administrator sees the referral only. */
  @ModelAttribute("canDecide")
  boolean canDecide(Authentication authentication) {
    return authentication.getAuthorities().stream()
        .anyMatch(a -> "ROLE_CLINICIAN".equals(a.getAuthority()));
  }
}
