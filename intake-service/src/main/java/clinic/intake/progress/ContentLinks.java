package clinic.intake.progress;

import clinic.events.BaseUrl;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/**
 * Decides whether a link that came in an event may be shown to people: only a link to the content
 * service's own pages ({@code clinic.content.public-url}), so a forged or broken event can never
 * put a {@code javascript:} or foreign link on a page, in the API or in the patient's e-mail. The
 * event reader already refuses such an event; this also guards what was stored before it did.
 */
@Component
public class ContentLinks {

  private final BaseUrl base;

  ContentLinks(@Value("${clinic.content.public-url}") String publicUrl) {
    this.base = new BaseUrl(publicUrl);
  }

  /**
   * True for the content service's address itself or a path below it; not for {@code
   * http://localhost:8083.example} nor for anything that is not a plain, well-formed URL.
   */
  public boolean trusted(String url) {
    return base.contains(url);
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
