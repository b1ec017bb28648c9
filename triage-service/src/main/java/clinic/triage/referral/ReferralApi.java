package clinic.triage.referral;

import clinic.events.Actor;
import clinic.notifications.Notifications;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import java.net.URI;
import java.util.UUID;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * The referral queue and its actions for other clinic systems. Every change names the version it
 * was made on; errors are RFC 9457 problems (400 naming each field, 404, 409 for a stale version or
 * a change the lifecycle does not allow). Who made a change is the signed-in user ({@link Actor},
 * from the access token), never a field of the body.
 */
@RestController
@RequestMapping("/api/referrals")
class ReferralApi {

  static final URI STALE = URI.create("urn:clinic:problem:referral-changed");
  static final URI REFUSED = URI.create("urn:clinic:problem:transition-not-allowed");
  static final URI NOT_FOUND = URI.create("urn:clinic:problem:referral-not-found");

  private static final String CONFLICT =
      "Changed since the version sent (referral-changed), or the lifecycle does not allow this"
          + " change from the referral's status (transition-not-allowed).";

  private final Referrals referrals;
  private final Notifications notifications;

  ReferralApi(Referrals referrals, Notifications notifications) {
    this.referrals = referrals;
    this.notifications = notifications;
  }

  /** The queue: open referrals unless {@code status} says otherwise, most urgent first. */
  @GetMapping
  Queue queue(
      @RequestParam(required = false) String route,
      @RequestParam(required = false) String urgency,
      @RequestParam(required = false) String status) {
    return referrals.queue(QueueFilter.parse(route, urgency, status));
  }

  @GetMapping("/{referralId}")
  @ApiResponse(responseCode = "200", description = "The referral, with its notifications.")
  @ApiResponse(responseCode = "404", description = "No such referral.")
  ReferralView referral(@PathVariable UUID referralId) {
    return referrals
        .find(referralId)
        .withNotifications(notifications.forReference(referralId.toString()));
  }

  @PostMapping("/{referralId}/confirm")
  @ApiResponse(responseCode = "200", description = "Confirmed.")
  @ApiResponse(responseCode = "404", description = "No such referral.")
  @ApiResponse(responseCode = "409", description = CONFLICT)
  ReferralView confirm(
      @PathVariable UUID referralId, @RequestBody ConfirmRequest request, Actor by) {
    return referrals.confirm(referralId, request, by);
  }

  @PostMapping("/{referralId}/override")
  @ApiResponse(responseCode = "200", description = "Overridden.")
  @ApiResponse(responseCode = "404", description = "No such referral.")
  @ApiResponse(responseCode = "409", description = CONFLICT)
  ReferralView override(
      @PathVariable UUID referralId, @RequestBody OverrideRequest request, Actor by) {
    return referrals.override(referralId, request, by);
  }

  @PostMapping("/{referralId}/cancel")
  @ApiResponse(responseCode = "200", description = "Cancelled.")
  @ApiResponse(responseCode = "404", description = "No such referral.")
  @ApiResponse(responseCode = "409", description = CONFLICT)
  ReferralView cancel(@PathVariable UUID referralId, @RequestBody CancelRequest request, Actor by) {
    return referrals.cancel(referralId, request, by);
  }

  /**
   * The review flag (answers changed after a clinician acted) has been seen: recorded in the trail
   * with the clinician's note; the status stays.
   */
  @PostMapping("/{referralId}/acknowledge-review")
  @ApiResponse(responseCode = "200", description = "Acknowledged; the review flag is gone.")
  @ApiResponse(responseCode = "404", description = "No such referral.")
  @ApiResponse(
      responseCode = "409",
      description = "Changed since the version sent, or the referral has no review flag.")
  ReferralView acknowledgeReview(
      @PathVariable UUID referralId, @RequestBody AcknowledgeRequest request, Actor by) {
    return referrals.acknowledgeReview(referralId, request, by);
  }

  /** For the receiving team. */
  @PostMapping("/{referralId}/accept")
  @ApiResponse(responseCode = "200", description = "Accepted.")
  @ApiResponse(responseCode = "404", description = "No such referral.")
  @ApiResponse(responseCode = "409", description = CONFLICT)
  ReferralView accept(@PathVariable UUID referralId, @RequestBody TeamRequest request, Actor by) {
    return referrals.accept(referralId, request, by);
  }

  /** For the receiving team; a reason is required. */
  @PostMapping("/{referralId}/decline")
  @ApiResponse(responseCode = "200", description = "Declined.")
  @ApiResponse(responseCode = "404", description = "No such referral.")
  @ApiResponse(responseCode = "409", description = CONFLICT)
  ReferralView decline(@PathVariable UUID referralId, @RequestBody TeamRequest request, Actor by) {
    return referrals.decline(referralId, request, by);
  }

  @ExceptionHandler
  ProblemDetail notFound(ReferralNotFound ex) {
    var problem =
        ProblemDetail.forStatusAndDetail(
            HttpStatus.NOT_FOUND, "There is no referral " + ex.referralId() + ".");
    problem.setType(NOT_FOUND);
    problem.setTitle("Referral not found");
    problem.setProperty("referralId", ex.referralId());
    return problem;
  }

  @ExceptionHandler
  ProblemDetail stale(StaleReferral ex) {
    var problem =
        ProblemDetail.forStatusAndDetail(
            HttpStatus.CONFLICT,
            "The referral was changed by someone else after version "
                + ex.requestedVersion()
                + ": reload it, check the change and try again.");
    problem.setType(STALE);
    problem.setTitle("Changed by someone else, reload");
    problem.setProperty("referralId", ex.referralId());
    problem.setProperty("requestedVersion", ex.requestedVersion());
    if (ex.currentVersion() >= 0) {
      problem.setProperty("currentVersion", ex.currentVersion());
    }
    return problem;
  }

  @ExceptionHandler
  ProblemDetail refused(TransitionRefused ex) {
    var problem =
        ProblemDetail.forStatusAndDetail(
            HttpStatus.CONFLICT,
            "The referral is "
                + ex.status().adjective()
                + "; the lifecycle does not allow it to be "
                + ex.attempted()
                + " from there.");
    problem.setType(REFUSED);
    problem.setTitle(ex.title());
    problem.setProperty("referralId", ex.referralId());
    problem.setProperty("referralStatus", ex.status());
    return problem;
  }
}
