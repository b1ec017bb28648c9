package clinic.triage.referral;

import java.util.UUID;

/** No referral has this id. */
public class ReferralNotFound extends RuntimeException {

  private static final long serialVersionUID = 1L;

  private final UUID referralId;

  ReferralNotFound(UUID referralId) {
    super("No referral " + referralId);
    this.referralId = referralId;
  }

  public UUID referralId() {
    return referralId;
  }
}
