package clinic.triage.referral;

/** A clinician cancels an open referral. Who cancels is the signed-in user, never a field. */
public record CancelRequest(String reason, Integer version) {

  void validate() {
    new Checks()
        .reason("reason", reason, "Enter a reason for cancelling the referral")
        .version(version)
        .orThrow();
  }
}
