package clinic.triage.referral;

import io.swagger.v3.oas.annotations.media.Schema;

/** A clinician cancels an open referral. Who cancels is the signed-in user, never a field. */
public record CancelRequest(
    @Schema(requiredMode = Schema.RequiredMode.REQUIRED, maxLength = Referral.MAX_REASON)
        String reason,
    @Schema(
            requiredMode = Schema.RequiredMode.REQUIRED,
            description = "The referral version the change was made on.")
        Integer version) {

  void validate() {
    new Checks()
        .reason("reason", reason, "Enter a reason for cancelling the referral")
        .version(version)
        .orThrow();
  }
}
