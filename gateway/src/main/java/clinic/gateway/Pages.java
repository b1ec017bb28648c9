package clinic.gateway;

import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.stereotype.Component;

/**
 * The gateway's own small pages (the link page, sign-in and CSRF failures): plain, accessible HTML
 * with a strict Content-Security-Policy. Proxied pages keep the policy their service sets.
 */
@Component
public class Pages {

  private static final String STYLE =
      "body{font-family:system-ui,sans-serif;max-width:40rem;margin:2rem auto;padding:0 1rem;"
          + "line-height:1.5;color:#1b1b1b}a{color:#0b57d0}button{font:inherit;padding:.4rem 1rem}"
          + "li{margin:.25rem 0}";

  private final String contentSecurityPolicy;

  Pages(@Value("${clinic.sign-in.issuer-uri}") String issuerUri) {
    URI issuer = URI.create(issuerUri);
    String issuerOrigin =
        issuer.getScheme()
            + "://"
            + issuer.getHost()
            + (issuer.getPort() < 0 ? "" : ":" + issuer.getPort());
    // form-action also governs the redirect after a form post: sign-out continues at the provider.
    this.contentSecurityPolicy =
        "default-src 'none'; style-src '"
            + sha256(STYLE)
            + "'; form-action 'self' "
            + issuerOrigin
            + "; base-uri 'none'; frame-ancestors 'none'";
  }

  public String contentSecurityPolicy() {
    return contentSecurityPolicy;
  }

  /** A whole page; {@code mainHtml} must already be escaped. */
  public String page(String title, String mainHtml) {
    return """
        <!DOCTYPE html>
        <html lang="en">
        <head>
        <meta charset="utf-8">
        <meta name="viewport" content="width=device-width, initial-scale=1">
        <title>%s – Clinic</title>
        <style>%s</style>
        </head>
        <body>
        <main>
        %s
        </main>
        </body>
        </html>
        """
        .formatted(escape(title), STYLE, mainHtml);
  }

  public void write(HttpServletResponse response, int status, String title, String mainHtml)
      throws IOException {
    response.setStatus(status);
    response.setHeader("Content-Security-Policy", contentSecurityPolicy);
    response.setHeader(HttpHeaders.CACHE_CONTROL, "no-store");
    response.setContentType(MediaType.TEXT_HTML_VALUE + ";charset=UTF-8");
    response.getOutputStream().write(page(title, mainHtml).getBytes(StandardCharsets.UTF_8));
  }

  public static String escape(String text) {
    return org.springframework.web.util.HtmlUtils.htmlEscape(text, "UTF-8");
  }

  private static String sha256(String text) {
    try {
      byte[] digest =
          MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
      return "sha256-" + Base64.getEncoder().encodeToString(digest);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
