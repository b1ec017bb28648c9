package clinic.triage.dashboard;

import clinic.events.Actor;
import clinic.events.Route;
import clinic.events.Urgency;
import clinic.triage.referral.ReferralStatus;
import clinic.triage.system.SignedIn;
import org.springframework.security.core.Authentication;
import org.springframework.web.bind.annotation.ControllerAdvice;
import org.springframework.web.bind.annotation.ModelAttribute;
import org.springframework.web.bind.annotation.RequestHeader;

/**
 * What every dashboard page shows besides its own content ({@code page}): who is signed in, the
 * CSRF token the gateway adds to each proxied request ({@code X-CSRF-TOKEN}) for the forms to send
 * back as {@code _csrf} (without the gateway there is no token and the forms leave the field out),
 * the words for codes and times, and the values the filters and forms choose from.
 */
@ControllerAdvice(assignableTypes = DashboardController.class)
class DashboardModel {

  private final Labels labels;
  private final Times times;

  DashboardModel(Labels labels, Times times) {
    this.labels = labels;
    this.times = times;
  }

  @ModelAttribute("labels")
  Labels labels() {
    return labels;
  }

  @ModelAttribute("times")
  Times times() {
    return times;
  }

  @ModelAttribute("routes")
  Route[] routes() {
    return Route.values();
  }

  @ModelAttribute("urgencies")
  Urgency[] urgencies() {
    return Urgency.values();
  }

  @ModelAttribute("statuses")
  ReferralStatus[] statuses() {
    return ReferralStatus.values();
  }

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

  /** Administrators also see the ruleset versions in the navigation. */
  @ModelAttribute("isAdmin")
  boolean isAdmin(Authentication authentication) {
    return authentication.getAuthorities().stream()
        .anyMatch(a -> "ROLE_ADMIN".equals(a.getAuthority()));
  }

  /** Only clinicians confirm, override or cancel; an administrator sees the referral only. */
  @ModelAttribute("canDecide")
  boolean canDecide(Authentication authentication) {
    return authentication.getAuthorities().stream()
        .anyMatch(a -> "ROLE_CLINICIAN".equals(a.getAuthority()));
  }
}
