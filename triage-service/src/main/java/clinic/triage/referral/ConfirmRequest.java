package clinic.triage.referral;

/**
 * A clinician confirms the proposal. Who confirms is the signed-in user, never a field.
 *
 * @param version the referral version the clinician saw
 */
public record ConfirmRequest(Integer version) {

  void validate() {
    new Checks().version(version).orThrow();
  }
}
