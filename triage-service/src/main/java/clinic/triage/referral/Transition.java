package clinic.triage.referral;

import clinic.events.Route;
import clinic.events.Urgency;
import com.fasterxml.jackson.annotation.JsonInclude;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.UUID;

/**
 * One entry of a referral's audit trail: who changed it, when, from which status to which, the
 * route and urgency it had afterwards, and why. The first entry is the proposal ({@code from} is
 * null); a re-triage or a flag keeps the status and says what happened in {@code reason}.
 *
 * @param sequence the referral's version after the change: 1 for the proposal, then 2, 3...
 * @param decisionVersion the triage decision the change was based on
 * @param by the name of who made the change, as their sign-in gave it (or the system part)
 * @param bySubject their token's subject ({@code system:<part>} for the system); null for a change
 *     recorded before the service had sign-in, when the name was typed and never verified
 */
public record Transition(
    UUID transitionId,
    int sequence,
    ReferralStatus from,
    ReferralStatus to,
    Route route,
    Urgency urgency,
    int decisionVersion,
    String by,
    @JsonInclude(JsonInclude.Include.NON_NULL) String bySubject,
    String reason,
    Instant at) {

  /**
   * Derived, not random: the transition's event has this id ({@code ce_id}), so a republished event
   * is recognised as the same one.
   */
  static UUID idFor(UUID referralId, int sequence) {
    return UUID.nameUUIDFromBytes(
        ("referral-transition/" + referralId + "/" + sequence).getBytes(StandardCharsets.UTF_8));
  }
}
