package clinic.triage.dashboard;

import clinic.events.Actor;
import clinic.notifications.Notifications;
import clinic.triage.decision.DecisionRepository;
import clinic.triage.education.EducationPacket;
import clinic.triage.education.EducationPackets;
import clinic.triage.referral.AcknowledgeRequest;
import clinic.triage.referral.CancelRequest;
import clinic.triage.referral.ConfirmRequest;
import clinic.triage.referral.OverrideRequest;
import clinic.triage.referral.QueueFilter;
import clinic.triage.referral.ReferralNotFound;
import clinic.triage.referral.ReferralView;
import clinic.triage.referral.Referrals;
import clinic.triage.referral.StaleReferral;
import clinic.triage.referral.TransitionRefused;
import clinic.web.InvalidRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.util.Map;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.validation.BindingResult;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.ModelAttribute;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseBody;
import org.springframework.web.context.request.async.AsyncRequestNotUsableException;
import org.springframework.web.method.annotation.MethodArgumentTypeMismatchException;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;

/**
 * The clinician dashboard: the referral queue, a referral's detail with its actions, and the stream
 * of live updates. Pages work without JavaScript (filters are a GET form, actions are POST forms
 * answered with a redirect); the page's script only adds live updates.
 *
 * <p>The action forms bind to the same request records as the API, and {@link Referrals} checks
 * them the same way; a value that is not even a number (the hidden version) binds as missing, which
 * that check names. Who acts is the signed-in user ({@link Actor}, from the access token the
 * gateway relays); no form asks for a name.
 */
@Controller
@RequestMapping("/dashboard")
class DashboardController {

  private static final Logger log = LoggerFactory.getLogger(DashboardController.class);

  private static final Map<String, String> DONE =
      Map.of(
          "confirmed", "Referral confirmed.",
          "overridden", "Override recorded.",
          "cancelled", "Referral cancelled.",
          "acknowledged", "Review acknowledged.",
          "retried", "The notification will be sent again now.");

  private final Referrals referrals;
  private final DecisionRepository decisions;
  private final EducationPackets packets;
  private final LiveUpdates live;
  private final Labels labels;
  private final Notifications notifications;

  DashboardController(
      Referrals referrals,
      DecisionRepository decisions,
      EducationPackets packets,
      LiveUpdates live,
      Labels labels,
      Notifications notifications) {
    this.referrals = referrals;
    this.decisions = decisions;
    this.packets = packets;
    this.live = live;
    this.labels = labels;
    this.notifications = notifications;
  }

  @GetMapping
  String queue(@ModelAttribute FilterForm filter, Model model) {
    model.addAttribute("page", queuePage(filter));
    return "dashboard/queue";
  }

  /** Only the queue section, which the page's script swaps in when something changed. */
  @GetMapping("/queue")
  String queueFragment(@ModelAttribute FilterForm filter, Model model) {
    model.addAttribute("page", queuePage(filter));
    return "dashboard/queue :: queue";
  }

  @GetMapping(path = "/events", produces = MediaType.TEXT_EVENT_STREAM_VALUE)
  @ResponseBody
  SseEmitter events() {
    return live.subscribe();
  }

  @GetMapping("/referrals/{referralId}")
  String referral(
      @PathVariable UUID referralId, @RequestParam(required = false) String done, Model model) {
    return detail(referralId, FormState.NONE, null, done == null ? null : DONE.get(done), model);
  }

  @PostMapping("/referrals/{referralId}/confirm")
  String confirm(
      @PathVariable UUID referralId,
      @ModelAttribute ConfirmRequest form,
      BindingResult unparsed,
      Actor by,
      Model model,
      HttpServletResponse response) {
    return act(
        referralId,
        "confirm",
        "confirmed",
        form,
        () -> referrals.confirm(referralId, form, by),
        model,
        response);
  }

  @PostMapping("/referrals/{referralId}/override")
  String override(
      @PathVariable UUID referralId,
      @ModelAttribute OverrideRequest form,
      BindingResult unparsed,
      Actor by,
      Model model,
      HttpServletResponse response) {
    return act(
        referralId,
        "override",
        "overridden",
        form,
        () -> referrals.override(referralId, form, by),
        model,
        response);
  }

  @PostMapping("/referrals/{referralId}/cancel")
  String cancel(
      @PathVariable UUID referralId,
      @ModelAttribute CancelRequest form,
      BindingResult unparsed,
      Actor by,
      Model model,
      HttpServletResponse response) {
    return act(
        referralId,
        "cancel",
        "cancelled",
        form,
        () -> referrals.cancel(referralId, form, by),
        model,
        response);
  }

  @PostMapping("/referrals/{referralId}/acknowledge-review")
  String acknowledgeReview(
      @PathVariable UUID referralId,
      @ModelAttribute AcknowledgeRequest form,
      BindingResult unparsed,
      Actor by,
      Model model,
      HttpServletResponse response) {
    return act(
        referralId,
        "acknowledge",
        "acknowledged",
        form,
        () -> referrals.acknowledgeReview(referralId, form, by),
        model,
        response);
  }

  /**
   * A person sends an undeliverable (or failing) team notification again, now, with a fresh budget
   * of attempts; the delivery log records who asked (the signed-in user's name).
   */
  @PostMapping("/referrals/{referralId}/notifications/{notificationId}/retry")
  String retryNotification(
      @PathVariable UUID referralId,
      @PathVariable UUID notificationId,
      Actor by,
      Model model,
      HttpServletResponse response) {
    boolean ofThisReferral =
        notifications
            .find(notificationId)
            .map(d -> d.reference().equals(referralId.toString()))
            .orElse(false);
    if (!ofThisReferral || !notifications.retry(notificationId, by.name())) {
      response.setStatus(HttpStatus.CONFLICT.value());
      return detail(referralId, FormState.NONE, ReferralPage.Problem.NOTHING_TO_RETRY, null, model);
    }
    log.info("Notification {} of referral {} retried by hand", notificationId, referralId);
    return "redirect:/dashboard/referrals/" + referralId + "?done=retried";
  }

  /**
   * Runs an action and redirects to the detail page (so a reload does not repeat it), or shows the
   * page again with what went wrong: field errors next to the fields (400), or a change by someone
   * else or a change the lifecycle refuses (409), with the referral as it is now.
   */
  private String act(
      UUID referralId,
      String formName,
      String done,
      Record form,
      Runnable action,
      Model model,
      HttpServletResponse response) {
    try {
      action.run();
      return "redirect:/dashboard/referrals/" + referralId + "?done=" + done;
    } catch (InvalidRequest e) {
      response.setStatus(HttpStatus.BAD_REQUEST.value());
      return detail(referralId, new FormState(formName, e.errors(), form), null, null, model);
    } catch (StaleReferral e) {
      response.setStatus(HttpStatus.CONFLICT.value());
      return detail(referralId, FormState.NONE, ReferralPage.Problem.STALE, null, model);
    } catch (TransitionRefused e) {
      response.setStatus(HttpStatus.CONFLICT.value());
      return detail(
          referralId, FormState.NONE, ReferralPage.Problem.refused(e.title()), null, model);
    }
  }

  private String detail(
      UUID referralId, FormState state, ReferralPage.Problem problem, String notice, Model model) {
    ReferralView referral = referrals.find(referralId);
    EducationPacket packet = packets.packetFor(referral.intakeId()).orElse(null);
    model.addAttribute(
        "page",
        ReferralPage.from(
            referral,
            decisions.historyFor(referral.intakeId()),
            packet,
            notifications.forReference(referralId.toString()),
            state,
            problem,
            notice,
            labels));
    return "dashboard/referral";
  }

  private QueuePage queuePage(FilterForm form) {
    QueueFilter filter = form.filter();
    return QueuePage.from(
        filter, form.ignoresAValue(), referrals.queue(filter), notifications.undeliverable(1000));
  }

  @ExceptionHandler({ReferralNotFound.class, MethodArgumentTypeMismatchException.class})
  String notFound(Model model, HttpServletResponse response) {
    response.setStatus(HttpStatus.NOT_FOUND.value());
    model.addAttribute("title", "Referral not found");
    model.addAttribute(
        "message", "There is no such referral. It may have been mistyped; go back to the queue.");
    return "dashboard/problem";
  }

  /** The page with the event stream went away: there is nobody to answer. */
  @ExceptionHandler(AsyncRequestNotUsableException.class)
  void gone() {}

  @ExceptionHandler(Exception.class)
  String unexpected(Exception e, Model model, HttpServletResponse response) {
    log.error("Dashboard request failed", e);
    response.setStatus(HttpStatus.INTERNAL_SERVER_ERROR.value());
    model.addAttribute("title", "Something went wrong");
    model.addAttribute("message", "The page could not be shown. Try again in a moment.");
    return "dashboard/problem";
  }
}
