package clinic.intake.progress;

import java.net.URI;
import java.net.URISyntaxException;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/**
 * Decides whether a link that came in an event may be shown to people: only a link to the content
 * service's own pages ({@code clinic.content.public-url}), so a forged or broken event can never
 * put a {@code javascript:} or foreign link on a page, in the API or in the patient's e-mail.
 */
@Component
public class ContentLinks {

  private final String base;

  ContentLinks(@Value("${clinic.content.public-url}") String publicUrl) {
    this.base =
        publicUrl.endsWith("/") ? publicUrl.substring(0, publicUrl.length() - 1) : publicUrl;
  }

  /**
   * True for the content service's address itself or a path below it; not for {@code
   * http://localhost:8083.example} nor for anything that is not a plain, well-formed URL.
   */
  public boolean trusted(String url) {
    if (url == null || !(url.equals(base) || url.startsWith(base + "/"))) {
      return false;
    }
    if (url.chars().anyMatch(c -> c <= ' ' || c == '\\' || c == 0x7f)) {
      return false;
    }
    try {
      new URI(url);
      return true;
    } catch (URISyntaxException e) {
      return false;
    }
  }

  /** The progress as it may be shown: an untrusted packet link is left out. */
  IntakeProgress shown(IntakeProgress progress) {
    var education = progress.education();
    if (education == null || trusted(education.packetUrl())) {
      return progress;
    }
    return new IntakeProgress(
        progress.triage(),
        new IntakeProgress.Education(
            education.packetId(),
            education.packetVersion(),
            education.decisionId(),
            null,
            education.assignedAt()),
        progress.referral());
  }
}
