package clinic.triage.referral;

/**
 * The receiving team accepts or declines a sent referral. Who answers is the signed-in team member,
 * never a field.
 *
 * @param reason required to decline, ignored when accepting
 */
record TeamRequest(String reason, Integer version) {

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
