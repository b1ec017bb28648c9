package clinic.triage.referral;

import java.util.UUID;

/**
 * An in-process notice that a referral was created or changed, for live views. Not a {@code
 * ClinicEvent}, so it never leaves the service; it is published inside the transaction that made
 * the change, and listeners act only once that commits.
 */
public record ReferralChanged(UUID referralId, UUID intakeId, int version) {}
