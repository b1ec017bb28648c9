package clinic.triage.referral;

/**
 * A clinician confirms the proposal.
 *
 * @param clinician who confirms; until the dashboard has sign-in this is the name the clinician
 *     types, later it becomes the authenticated user
 * @param version the referral version the clinician saw
 */
public record ConfirmRequest(String clinician, Integer version) {

  void validate() {
    new Checks().name("clinician", clinician).version(version).orThrow();
  }
}
