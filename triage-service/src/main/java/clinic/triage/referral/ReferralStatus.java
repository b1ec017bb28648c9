package clinic.triage.referral;

import java.util.EnumSet;
import java.util.Set;

/**
 * Where a referral stands. PROPOSED (by triage) becomes CONFIRMED or OVERRIDDEN (by a clinician),
 * then SENT (to the receiving team), which ends ACCEPTED or DECLINED; any open referral can be
 * CANCELLED.
 */
public enum ReferralStatus {
  PROPOSED("proposed"),
  CONFIRMED("confirmed"),
  OVERRIDDEN("overridden"),
  SENT("sent"),
  ACCEPTED("accepted"),
  DECLINED("declined"),
  CANCELLED("cancelled");

  /** Still in progress: these can be cancelled, and the queue shows them unless asked otherwise. */
  public static final Set<ReferralStatus> OPEN = EnumSet.of(PROPOSED, CONFIRMED, OVERRIDDEN, SENT);

  private final String adjective;

  ReferralStatus(String adjective) {
    this.adjective = adjective;
  }

  public boolean isOpen() {
    return OPEN.contains(this);
  }

  /** "a proposed referral", "an overridden referral". */
  String withArticle() {
    return ("aeiou".indexOf(adjective.charAt(0)) >= 0 ? "an " : "a ") + adjective;
  }

  String adjective() {
    return adjective;
  }
}
