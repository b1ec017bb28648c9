package clinic.intake.nextstep;

import clinic.intake.system.FieldProblem;
import clinic.notifications.Delivery;
import clinic.notifications.Notifications;
import java.util.List;
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
 * A person sends an undeliverable patient e-mail again: {@code {"by": "front desk: J. Smith"}}.
 * Only a notification sent for this intake can be retried through it.
 */
@RestController
class NotificationRetryController {

  private static final int MAX_BY_LENGTH = 200;

  private final PatientNotices notices;
  private final Notifications notifications;

  NotificationRetryController(PatientNotices notices, Notifications notifications) {
    this.notices = notices;
    this.notifications = notifications;
  }

  @PostMapping("/api/intakes/{id}/notifications/{notificationId}/retry")
  ResponseEntity<Delivery> retry(
      @PathVariable UUID id, @PathVariable UUID notificationId, @RequestBody ObjectNode body) {
    var by = body.get("by");
    if (by == null || !by.isString() || by.asString().isBlank()) {
      throw problem(
          HttpStatus.BAD_REQUEST,
          "Invalid request",
          "Say who asks for the retry, see errors.",
          List.of(new FieldProblem("by", "Say who asks for the retry (your name or role).")));
    }
    if (by.asString().length() > MAX_BY_LENGTH || body.size() > 1) {
      throw problem(
          HttpStatus.BAD_REQUEST,
          "Invalid request",
          "The request is invalid, see errors.",
          body.size() > 1
              ? List.of(new FieldProblem("body", "Send only the field by."))
              : List.of(new FieldProblem("by", "At most 200 characters.")));
    }
    if (!notices.sentFor(id, notificationId)) {
      throw problem(
          HttpStatus.NOT_FOUND,
          "Notification not found",
          "Intake " + id + " has no notification " + notificationId,
          List.of());
    }
    if (!notifications.retry(notificationId, by.asString().strip())) {
      var status = notifications.find(notificationId).map(Delivery::status).orElse(null);
      throw problem(
          HttpStatus.CONFLICT,
          "Notification not retryable",
          "Only a notification that failed or gave up can be retried; this one is " + status + ".",
          List.of());
    }
    return ResponseEntity.accepted().body(notifications.find(notificationId).orElseThrow());
  }

  private static ErrorResponseException problem(
      HttpStatus status, String title, String detail, List<FieldProblem> errors) {
    var problem = ProblemDetail.forStatusAndDetail(status, detail);
    problem.setTitle(title);
    if (!errors.isEmpty()) {
      problem.setProperty("errors", errors);
    }
    return new ErrorResponseException(status, problem, null);
  }
}
