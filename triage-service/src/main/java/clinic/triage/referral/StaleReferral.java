package clinic.triage.referral;

import java.util.UUID;

/**
 * Someone else changed the referral since the version the request was made on (optimistic locking):
 * the request is refused rather than silently overwriting their change.
 */
public class StaleReferral extends RuntimeException {

  private static final long serialVersionUID = 1L;

  private final UUID referralId;
  private final int requestedVersion;
  private final int currentVersion;

  StaleReferral(UUID referralId, int requestedVersion, int currentVersion) {
    super(
        "Referral "
            + referralId
            + " is at version "
            + currentVersion
            + ", the change was made on version "
            + requestedVersion);
    this.referralId = referralId;
    this.requestedVersion = requestedVersion;
    this.currentVersion = currentVersion;
  }

  public UUID referralId() {
    return referralId;
  }

  public int requestedVersion() {
    return requestedVersion;
  }

  /** -1 when only the update itself found the row changed (a concurrent commit). */
  public int currentVersion() {
    return currentVersion;
  }
}
