package clinic.intake.nextstep;

import clinic.events.Actor;
import clinic.notifications.Delivery;
import clinic.notifications.Notifications;
import clinic.web.FieldProblem;
import clinic.web.InvalidRequest;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import java.util.UUID;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.ErrorResponseException;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.databind.node.ObjectNode;

/**
 * A person sends an undeliverable patient e-mail again. Who asked is the signed-in user, recorded
 * in the delivery log's manual retries as "name (subject)"; the request has no body (an empty
 * object is accepted too). Only a notification sent for this intake can be retried through it.
 */
@RestController
class NotificationRetryController {

  private final PatientNotices notices;
  private final Notifications notifications;

  NotificationRetryController(PatientNotices notices, Notifications notifications) {
    this.notices = notices;
    this.notifications = notifications;
  }

  @PostMapping("/api/intakes/{id}/notifications/{notificationId}/retry")
  @ApiResponse(responseCode = "202", description = "Sent again, with a fresh budget of attempts.")
  @ApiResponse(responseCode = "404", description = "The intake has no such notification.")
  @ApiResponse(
      responseCode = "409",
      description =
          "The notification is pending, sending or delivered: only a failed one is sent"
              + " again.")
  ResponseEntity<Delivery> retry(
      @PathVariable UUID id,
      @PathVariable UUID notificationId,
      // Documented as no body: one is only read to refuse its fields.
      @Parameter(hidden = true) @RequestBody(required = false) ObjectNode body,
      Actor by) {
    if (body != null && !body.isEmpty()) {
      // Formerly {"by": "..."}: a typed name is not an identity; the token says who asks.
      throw new InvalidRequest(
          body.propertyNames().stream()
              .map(
                  field ->
                      new FieldProblem(
                          field,
                          "This is not a field of this request: who asks is the signed-in user."))
              .toList());
    }
    if (!notices.sentFor(id, notificationId)) {
      throw problem(
          HttpStatus.NOT_FOUND,
          "Notification not found",
          "Intake " + id + " has no notification " + notificationId);
    }
    if (!notifications.retry(notificationId, by.name() + " (" + by.subject() + ")")) {
      var status = notifications.find(notificationId).map(Delivery::status).orElse(null);
      throw problem(
          HttpStatus.CONFLICT,
          "Notification not retryable",
          "Only a notification that failed or gave up can be retried; this one is " + status + ".");
    }
    return ResponseEntity.accepted().body(notifications.find(notificationId).orElseThrow());
  }

  private static ErrorResponseException problem(HttpStatus status, String title, String detail) {
    var problem = ProblemDetail.forStatusAndDetail(status, detail);
    problem.setTitle(title);
    return new ErrorResponseException(status, problem, null);
  }
}
