package clinic.content.packet;

import io.micronaut.http.HttpHeaders;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.MediaType;
import io.micronaut.http.MutableHttpResponse;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.Produces;
import io.micronaut.http.exceptions.HttpStatusException;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import io.micronaut.security.annotation.Secured;
import io.micronaut.security.rules.SecurityRule;
import io.swagger.v3.oas.annotations.Hidden;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * The patient's page: the packet's items, reached through the unguessable link in {@code
 * EducationAssigned}, without login. A link that leads nowhere (404), has expired or was revoked
 * (410) gets a friendly page in a browser and problem details for a program; neither says anything
 * about the patient or the packet. The token in the link is the key, so the page is open to anyone
 * who has the link.
 */
// The patient's HTML page, not part of the API: left out of the OpenAPI document.
@Hidden
@Controller("/education")
@ExecuteOn(TaskExecutors.BLOCKING)
@Secured(SecurityRule.IS_ANONYMOUS)
class EducationPage {

  private static final Pattern TOKEN = Pattern.compile("^[A-Za-z0-9_-]{43}$");
  private static final MediaType HTML = MediaType.of(MediaType.TEXT_HTML + ";charset=utf-8");

  private final PacketReader packets;
  private final PatientPage page;

  EducationPage(PacketReader packets, PatientPage page) {
    this.packets = packets;
    this.page = page;
  }

  @Get("/{token}")
  @Produces(MediaType.TEXT_HTML + ";charset=utf-8")
  HttpResponse<String> page(String token, HttpRequest<?> request) {
    PatientLink link =
        TOKEN.matcher(token).matches()
            ? packets.byAccessToken(token, Instant.now())
            : new PatientLink.Unknown();
    return switch (link) {
      case PatientLink.Open open -> secured(HttpResponse.ok(page.render(open.packet(), request)));
      case PatientLink.Unknown unknown ->
          nothingToShow(
              HttpStatus.NOT_FOUND,
              PatientPage.Reason.NOT_FOUND,
              "No such information pack",
              request);
      case PatientLink.Expired expired ->
          nothingToShow(
              HttpStatus.GONE, PatientPage.Reason.EXPIRED, "This link has expired", request);
      case PatientLink.Revoked revoked ->
          nothingToShow(
              HttpStatus.GONE,
              PatientPage.Reason.REVOKED,
              "This information pack is no longer available",
              request);
    };
  }

  private MutableHttpResponse<String> nothingToShow(
      HttpStatus status, PatientPage.Reason reason, String detail, HttpRequest<?> request) {
    if (wantsHtml(request)) {
      return secured(
          HttpResponse.<String>status(status)
              .body(page.notice(reason, languages(request), request)));
    }
    throw new HttpStatusException(status, detail);
  }

  /**
   * The token in the address is the only key to the page: keep it out of caches, referrers and
   * search engines, and let the page load nothing but its own style sheet.
   */
  private static MutableHttpResponse<String> secured(MutableHttpResponse<String> response) {
    return response
        .contentType(HTML)
        .header(HttpHeaders.CACHE_CONTROL, "no-store")
        .header("Referrer-Policy", "no-referrer")
        .header("X-Robots-Tag", "noindex, nofollow")
        .header("X-Content-Type-Options", "nosniff")
        .header("Content-Security-Policy", PatientPage.CONTENT_SECURITY_POLICY);
  }

  /** A browser asks for HTML by name; API clients ask for JSON or for anything. */
  private static boolean wantsHtml(HttpRequest<?> request) {
    return request.accept().stream()
        .anyMatch(
            type ->
                type.getName().equals(MediaType.TEXT_HTML)
                    || type.getName().equals(MediaType.APPLICATION_XHTML));
  }

  private static List<String> languages(HttpRequest<?> request) {
    List<String> languages = new ArrayList<>();
    String header = request.getHeaders().get(HttpHeaders.ACCEPT_LANGUAGE);
    if (header != null) {
      try {
        Locale.LanguageRange.parse(header)
            .forEach(range -> languages.add(range.getRange().split("-")[0]));
      } catch (IllegalArgumentException e) {
        // A malformed header: fall back to the default order.
      }
    }
    return languages;
  }
}
