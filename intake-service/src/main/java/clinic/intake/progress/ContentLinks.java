package clinic.intake.progress;

import clinic.events.BaseUrl;
import java.util.Set;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.stereotype.Component;

/**
 * Decides whether a link that came in an event may be shown to people: only a link to the content
 * service's own pages ({@code clinic.content.public-url}), so a forged or broken event can never
 * put a {@code javascript:} or foreign link on a page, in the API or in the patient's e-mail (the
 * event reader already refuses such an event; this also guards what was stored before it did); and
 * who may see it: the link is the patient's key to their education page, so it is shown only to the
 * staff who hand it to the patient.
 */
@Component
public class ContentLinks {

  /**
   * The front desk prints the link or reads it out to the patient; an administrator can do the
   * front desk's work. Clinicians see that a packet was assigned and which, not the key to it.
   */
  static final Set<String> GIVE_THE_LINK = Set.of("ROLE_FRONT_DESK", "ROLE_ADMIN");

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
    return withoutLink(progress);
  }

  /** The progress as this viewer may see it: the packet link only for {@link #GIVE_THE_LINK}. */
  public IntakeProgress shownTo(IntakeProgress progress, Authentication viewer) {
    boolean givesTheLink =
        viewer != null
            && viewer.getAuthorities().stream()
                .map(GrantedAuthority::getAuthority)
                .anyMatch(GIVE_THE_LINK::contains);
    return givesTheLink || progress.education() == null ? progress : withoutLink(progress);
  }

  private static IntakeProgress withoutLink(IntakeProgress progress) {
    var education = progress.education();
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
