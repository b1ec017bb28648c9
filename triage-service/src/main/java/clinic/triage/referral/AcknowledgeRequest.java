package clinic.triage.referral;

import io.swagger.v3.oas.annotations.media.Schema;

/**
 * A clinician acknowledges a referral's review flag (its answers changed after a clinician acted)
 * and says what they make of it. Who acknowledges is the signed-in user, never a field.
 */
public record AcknowledgeRequest(
    @Schema(
            requiredMode = Schema.RequiredMode.REQUIRED,
            maxLength = Referral.MAX_REASON,
            example = "Reviewed the new answers: the plan stands.")
        String reason,
    @Schema(
            requiredMode = Schema.RequiredMode.REQUIRED,
            description = "The referral version the change was made on.")
        Integer version) {

  void validate() {
    new Checks()
        .reason("reason", reason, "Say what you make of the change (for the audit trail)")
        .version(version)
        .orThrow();
  }
}
