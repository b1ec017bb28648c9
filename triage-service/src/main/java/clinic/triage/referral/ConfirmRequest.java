package clinic.triage.referral;

import io.swagger.v3.oas.annotations.media.Schema;

/**
 * A clinician confirms the proposal. Who confirms is the signed-in user, never a field.
 *
 * @param version the referral version the clinician saw
 */
public record ConfirmRequest(
    @Schema(
            requiredMode = Schema.RequiredMode.REQUIRED,
            description = "The referral version the change was made on.")
        Integer version) {

  void validate() {
    new Checks().version(version).orThrow();
  }
}
