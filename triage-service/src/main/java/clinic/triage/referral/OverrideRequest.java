package clinic.triage.referral;

import clinic.events.Route;
import clinic.events.Urgency;
import io.swagger.v3.oas.annotations.media.Schema;

/**
 * A clinician overrides the proposal. Route and urgency are names of {@link Route} and {@link
 * Urgency}; either may be left out to keep the proposal's, but not both. Strings rather than enums
 * so that a bad value is reported together with every other problem of the request. Who overrides
 * is the signed-in user, never a field.
 */
public record OverrideRequest(
    @Schema(implementation = Route.class, description = "Left out: the proposal's route.")
        String route,
    @Schema(implementation = Urgency.class, description = "Left out: the proposal's urgency.")
        String urgency,
    @Schema(requiredMode = Schema.RequiredMode.REQUIRED, maxLength = Referral.MAX_REASON)
        String reason,
    @Schema(
            requiredMode = Schema.RequiredMode.REQUIRED,
            description = "The referral version the change was made on.")
        Integer version) {

  /** The checked route and urgency, either null to keep the proposal's. */
  record Choice(Route route, Urgency urgency) {}

  Choice validate() {
    var checks = new Checks();
    Route chosenRoute = checks.optional("route", route, Route.class);
    Urgency chosenUrgency = checks.optional("urgency", urgency, Urgency.class);
    checks.reason("reason", reason, "Enter a reason for the override").version(version).orThrow();
    return new Choice(chosenRoute, chosenUrgency);
  }
}
