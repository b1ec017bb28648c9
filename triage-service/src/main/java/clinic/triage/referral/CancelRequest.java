package clinic.triage.referral;

/**
 * A clinician cancels an open referral.
 *
 * @param clinician who cancels; the typed name until there is sign-in
 */
public record CancelRequest(String clinician, String reason, Integer version) {

  void validate() {
    new Checks()
        .name("clinician", clinician)
        .reason("reason", reason, "Enter a reason for cancelling the referral")
        .version(version)
        .orThrow();
  }
}
