package clinic.triage.referral;

/**
 * The receiving team accepts or declines a sent referral.
 *
 * @param by the team member (or team) answering
 * @param reason required to decline, ignored when accepting
 */
public record TeamRequest(String by, String reason, Integer version) {

  void validateAccept() {
    new Checks().name("by", by).version(version).orThrow();
  }

  void validateDecline() {
    new Checks()
        .name("by", by)
        .reason("reason", reason, "Enter a reason for declining the referral")
        .version(version)
        .orThrow();
  }
}
