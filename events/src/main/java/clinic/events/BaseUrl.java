package clinic.events;

import java.net.URI;
import java.net.URISyntaxException;

/**
 * Whether an address lies under a base address, such as a packet link under the content service's
 * public URL ({@code clinic.content.public-url}). The one check both the event reader and the pages
 * that show such links use: a forged or broken event must never put a {@code javascript:} or
 * foreign link on a page, in the API or in a patient's e-mail.
 */
public final class BaseUrl {

  private final URI base;

  public BaseUrl(String base) {
    var parsed = URI.create(base.endsWith("/") ? base : base + "/").normalize();
    if (!parsed.isAbsolute() || parsed.getHost() == null) {
      throw new IllegalArgumentException("Not an absolute http(s) address: " + base);
    }
    this.base = parsed;
  }

  /**
   * True for the base itself or a path below it: same scheme, host and port, no user info, no
   * {@code ..} out of the base path. Not for {@code http://localhost:8083.example}, {@code
   * http://localhost:8083@example}, another port or scheme, nor anything that is not a plain,
   * well-formed URL (control characters, spaces, backslashes).
   */
  public boolean contains(String url) {
    if (url == null || url.chars().anyMatch(c -> c <= ' ' || c == '\\' || c == 0x7f)) {
      return false;
    }
    URI candidate;
    try {
      candidate = new URI(url).normalize();
    } catch (URISyntaxException e) {
      return false;
    }
    return candidate.isAbsolute()
        && base.getScheme().equalsIgnoreCase(candidate.getScheme())
        && candidate.getRawUserInfo() == null
        && base.getHost().equalsIgnoreCase(candidate.getHost())
        && port(base) == port(candidate)
        && candidate.getRawPath() != null
        && (candidate.getRawPath() + "/").startsWith(base.getRawPath())
        && !candidate.getRawPath().contains("/../");
  }

  @Override
  public String toString() {
    return base.toString();
  }

  private static int port(URI uri) {
    if (uri.getPort() != -1) {
      return uri.getPort();
    }
    return "https".equalsIgnoreCase(uri.getScheme()) ? 443 : 80;
  }
}
