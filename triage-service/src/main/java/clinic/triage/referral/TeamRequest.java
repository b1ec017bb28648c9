package clinic.triage.referral;

import io.swagger.v3.oas.annotations.media.Schema;

/**
 * The receiving team accepts or declines a sent referral. Who answers is the signed-in team member,
 * never a field.
 *
 * @param reason required to decline, ignored when accepting
 */
record TeamRequest(
    @Schema(maxLength = Referral.MAX_REASON, description = "Required to decline.") String reason,
    @Schema(
            requiredMode = Schema.RequiredMode.REQUIRED,
            description = "The referral version the change was made on.")
        Integer version) {

  void validateAccept() {
    new Checks().version(version).orThrow();
  }

  void validateDecline() {
    new Checks()
        .reason("reason", reason, "Enter a reason for declining the referral")
        .version(version)
        .orThrow();
  }
}
