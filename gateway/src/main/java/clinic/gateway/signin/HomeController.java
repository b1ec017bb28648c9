package clinic.gateway.signin;

import clinic.gateway.Pages;
import java.net.URI;
import java.util.Set;
import java.util.stream.Collectors;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.oauth2.client.authentication.OAuth2AuthenticationToken;
import org.springframework.security.oauth2.core.oidc.user.OidcUser;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.web.csrf.CsrfToken;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/** The gateway's {@code /}: each signed-in staff member is sent to where their work starts. */
@RestController
class HomeController {

  private final Pages pages;

  HomeController(Pages pages) {
    this.pages = pages;
  }

  @GetMapping("/")
  ResponseEntity<String> home(Authentication user, CsrfToken csrf) {
    Set<String> roles =
        user.getAuthorities().stream()
            .map(GrantedAuthority::getAuthority)
            .filter(a -> a.startsWith("ROLE_"))
            .map(a -> a.substring("ROLE_".length()))
            .collect(Collectors.toSet());
    // An administrator gets the page of links even with other roles: their work is everywhere.
    if (!roles.contains("ADMIN")) {
      if (roles.contains("FRONT_DESK")) {
        return redirect("/intakes/new");
      }
      if (roles.contains("CLINICIAN") || roles.contains("RECEIVING_TEAM")) {
        return redirect("/dashboard");
      }
    }
    return ResponseEntity.ok()
        .contentType(new MediaType(MediaType.TEXT_HTML, java.nio.charset.StandardCharsets.UTF_8))
        .header("Content-Security-Policy", pages.contentSecurityPolicy())
        .header(HttpHeaders.CACHE_CONTROL, "no-store")
        .body(pages.page("Start", links(displayName(user), roles, signOut(user, csrf))));
  }

  private String links(String name, Set<String> roles, String signOut) {
    StringBuilder items = new StringBuilder();
    if (roles.contains("ADMIN")) {
      items
          .append(link("/intakes/new", "New intake"))
          .append(link("/intakes/today", "Today's intakes"))
          .append(link("/dashboard", "Clinician dashboard"))
          .append(link("/api/referrals", "Referrals (API)"))
          .append(link("/dashboard/rulesets", "Triage rulesets: review and publish"))
          .append(link("/intakes/reads", "Audit of reads"))
          .append(link("/api/triage/ruleset", "Triage ruleset (API)"));
    }
    if (roles.contains("ADMIN") || roles.contains("CONTENT_EDITOR")) {
      items.append(link("/api/items", "Education content items (API)"));
    }
    String list =
        items.isEmpty()
            ? "<p>Your account has no clinic role yet. Ask an administrator to give you one.</p>"
            : "<nav aria-label=\"Where to go\"><ul>\n" + items + "</ul></nav>";
    return """
        <h1>Clinic</h1>
        <p>You are signed in as <strong>%s</strong>.</p>
        %s
        %s
        """
        .formatted(Pages.escape(name), list, signOut);
  }

  /**
   * Only a browser session has something to sign out of; the token is asked for only then, so an
   * API client's call does not start a session.
   */
  private static String signOut(Authentication user, CsrfToken csrf) {
    if (!(user instanceof OAuth2AuthenticationToken)) {
      return "";
    }
    return """
        <form method="post" action="/logout">
        <input type="hidden" name="%s" value="%s">
        <button type="submit">Sign out</button>
        </form>
        """
        .formatted(Pages.escape(csrf.getParameterName()), Pages.escape(csrf.getToken()));
  }

  private static String link(String href, String text) {
    return "<li><a href=\"%s\">%s</a></li>\n".formatted(href, Pages.escape(text));
  }

  private static ResponseEntity<String> redirect(String path) {
    return ResponseEntity.status(302).location(URI.create(path)).build();
  }

  private static String displayName(Authentication user) {
    String name = null;
    if (user.getPrincipal() instanceof OidcUser oidc) {
      name = oidc.getFullName() != null ? oidc.getFullName() : oidc.getPreferredUsername();
    } else if (user.getPrincipal() instanceof Jwt jwt) {
      name = jwt.getClaimAsString("name");
    }
    return name != null ? name : user.getName();
  }
}
