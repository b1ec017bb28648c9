package clinic.triage.referral;

import java.util.UUID;

/** The lifecycle does not allow this change from the referral's current status. */
public class TransitionRefused extends RuntimeException {

  private static final long serialVersionUID = 1L;

  private final UUID referralId;
  private final ReferralStatus status;
  private final String attempted;

  /**
   * @param attempted what was tried, as a past participle: "confirmed", "sent"
   */
  TransitionRefused(UUID referralId, ReferralStatus status, String attempted) {
    super(capitalised(status.withArticle()) + " referral cannot be " + attempted);
    this.referralId = referralId;
    this.status = status;
    this.attempted = attempted;
  }

  /** "A cancelled referral cannot be confirmed". */
  public String title() {
    return getMessage();
  }

  public UUID referralId() {
    return referralId;
  }

  public ReferralStatus status() {
    return status;
  }

  public String attempted() {
    return attempted;
  }

  private static String capitalised(String text) {
    return Character.toUpperCase(text.charAt(0)) + text.substring(1);
  }
}
