package clinic.triage.dashboard;

import clinic.events.Actor;
import clinic.events.Route;
import clinic.events.TriageDecided.SuspectedCause;
import clinic.events.Urgency;
import clinic.events.questionnaire.Question;
import clinic.events.questionnaire.Questionnaire;
import clinic.notifications.Delivery;
import clinic.notifications.Notifications;
import clinic.triage.decision.Decision;
import clinic.triage.decision.DecisionRepository;
import clinic.triage.education.EducationPacket;
import clinic.triage.education.EducationPackets;
import clinic.triage.referral.CancelRequest;
import clinic.triage.referral.ConfirmRequest;
import clinic.triage.referral.OverrideRequest;
import clinic.triage.referral.QueueFilter;
import clinic.triage.referral.ReferralNotFound;
import clinic.triage.referral.ReferralStatus;
import clinic.triage.referral.ReferralView;
import clinic.triage.referral.Referrals;
import clinic.triage.referral.StaleReferral;
import clinic.triage.referral.TransitionRefused;
import clinic.triage.system.InvalidRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseBody;
import org.springframework.web.context.request.async.AsyncRequestNotUsableException;
import org.springframework.web.method.annotation.MethodArgumentTypeMismatchException;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;
import org.springframework.web.util.UriComponentsBuilder;

/**
 * The clinician dashboard: the referral queue, a referral's detail with its actions, and the stream
 * of live updates. Pages work without JavaScript (filters are a GET form, actions are POST forms
 * answered with a redirect); the page's script only adds live updates.
 *
 * <p>Who acts is the signed-in user ({@link Actor}, from the access token the gateway relays); no
 * form asks for a name.
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
          "retried", "The notification will be sent again now.");

  private final Referrals referrals;
  private final DecisionRepository decisions;
  private final EducationPackets packets;
  private final LiveUpdates live;
  private final Labels labels;
  private final Times times;
  private final Notifications notifications;

  DashboardController(
      Referrals referrals,
      DecisionRepository decisions,
      EducationPackets packets,
      LiveUpdates live,
      Labels labels,
      Times times,
      Notifications notifications) {
    this.referrals = referrals;
    this.decisions = decisions;
    this.packets = packets;
    this.live = live;
    this.labels = labels;
    this.times = times;
    this.notifications = notifications;
  }

  @GetMapping
  String queue(
      @RequestParam(required = false) String route,
      @RequestParam(required = false) String urgency,
      @RequestParam(required = false) String status,
      Model model) {
    queueModel(route, urgency, status, model);
    return "dashboard/queue";
  }

  /** Only the queue section, which the page's script swaps in when something changed. */
  @GetMapping("/queue")
  String queueFragment(
      @RequestParam(required = false) String route,
      @RequestParam(required = false) String urgency,
      @RequestParam(required = false) String status,
      Model model) {
    queueModel(route, urgency, status, model);
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
    model.addAttribute("notice", done == null ? null : DONE.get(done));
    return detail(referralId, FormState.NONE, null, model);
  }

  @PostMapping("/referrals/{referralId}/confirm")
  String confirm(
      @PathVariable UUID referralId,
      @RequestParam Map<String, String> form,
      Actor by,
      Model model,
      HttpServletResponse response) {
    return act(
        referralId,
        "confirm",
        "confirmed",
        form,
        values -> referrals.confirm(referralId, new ConfirmRequest(version(values)), by),
        model,
        response);
  }

  @PostMapping("/referrals/{referralId}/override")
  String override(
      @PathVariable UUID referralId,
      @RequestParam Map<String, String> form,
      Actor by,
      Model model,
      HttpServletResponse response) {
    return act(
        referralId,
        "override",
        "overridden",
        form,
        values ->
            referrals.override(
                referralId,
                new OverrideRequest(
                    values.get("route"),
                    values.get("urgency"),
                    values.get("reason"),
                    version(values)),
                by),
        model,
        response);
  }

  @PostMapping("/referrals/{referralId}/cancel")
  String cancel(
      @PathVariable UUID referralId,
      @RequestParam Map<String, String> form,
      Actor by,
      Model model,
      HttpServletResponse response) {
    return act(
        referralId,
        "cancel",
        "cancelled",
        form,
        values ->
            referrals.cancel(
                referralId, new CancelRequest(values.get("reason"), version(values)), by),
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
      return detail(
          referralId,
          FormState.NONE,
          new PageProblem(
              "Nothing to retry",
              "That notification is not waiting for a retry (it is being sent, or was delivered)."
                  + " The page shows where it is now."),
          model);
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
      Map<String, String> form,
      Function<Map<String, String>, ReferralView> action,
      Model model,
      HttpServletResponse response) {
    try {
      action.apply(form);
      return "redirect:/dashboard/referrals/" + referralId + "?done=" + done;
    } catch (InvalidRequest e) {
      response.setStatus(HttpStatus.BAD_REQUEST.value());
      return detail(referralId, new FormState(formName, e.errors(), form), null, model);
    } catch (StaleReferral e) {
      response.setStatus(HttpStatus.CONFLICT.value());
      return detail(
          referralId,
          FormState.NONE,
          new PageProblem(
              "Changed by someone else, reload",
              "Someone changed this referral while you had it open, so your change was not"
                  + " saved. The page now shows the referral as it is: check it, then decide"
                  + " again."),
          model);
    } catch (TransitionRefused e) {
      response.setStatus(HttpStatus.CONFLICT.value());
      return detail(
          referralId,
          FormState.NONE,
          new PageProblem(e.title(), "Nothing was changed. The page shows the referral as it is."),
          model);
    }
  }

  /** A problem shown at the top of the page, not tied to one field. */
  record PageProblem(String title, String detail) {}

  private String detail(UUID referralId, FormState state, PageProblem problem, Model model) {
    ReferralView referral = referrals.find(referralId);
    List<Decision> history = decisions.historyFor(referral.intakeId());
    Decision decision = history.isEmpty() ? null : history.getLast();
    model.addAttribute("referral", referral);
    model.addAttribute("decision", decision);
    model.addAttribute("history", history.reversed());
    model.addAttribute("answers", decision == null ? List.of() : answers(decision));
    model.addAttribute("causes", decision == null ? List.of() : causes(decision));
    EducationPacket packet = packets.packetFor(referral.intakeId()).orElse(null);
    model.addAttribute("packet", packet);
    model.addAttribute("notifications", notifications.forReference(referralId.toString()));
    model.addAttribute("state", state);
    model.addAttribute("problem", problem);
    model.addAttribute("routes", Route.values());
    model.addAttribute("urgencies", Urgency.values());
    model.addAttribute("proposed", referral.status() == ReferralStatus.PROPOSED);
    model.addAttribute("labels", labels);
    model.addAttribute("times", times);
    return "dashboard/referral";
  }

  private void queueModel(String route, String urgency, String status, Model model) {
    QueueFilter filter;
    boolean ignored = false;
    try {
      filter = QueueFilter.parse(route, urgency, status);
    } catch (InvalidRequest e) {
      filter = QueueFilter.lenient(route, urgency, status);
      ignored = true;
    }
    Map<Route, String> routeLinks = new LinkedHashMap<>();
    for (Route r : Route.values()) {
      routeLinks.put(r, link("/dashboard", r, filter.urgency(), filter.status()));
    }
    model.addAttribute("filter", filter);
    model.addAttribute("filterIgnored", ignored);
    model.addAttribute("queue", referrals.queue(filter));
    model.addAttribute("undeliverable", undeliverable());
    model.addAttribute("routeLinks", routeLinks);
    model.addAttribute("anyRouteLink", link("/dashboard", null, filter.urgency(), filter.status()));
    model.addAttribute(
        "fragmentLink",
        link("/dashboard/queue", filter.route(), filter.urgency(), filter.status()));
    model.addAttribute("routes", Route.values());
    model.addAttribute("urgencies", Urgency.values());
    model.addAttribute("statuses", ReferralStatus.values());
    model.addAttribute("labels", labels);
    model.addAttribute("times", times);
  }

  private static String link(String path, Route route, Urgency urgency, ReferralStatus status) {
    var uri = UriComponentsBuilder.fromPath(path);
    if (route != null) {
      uri.queryParam("route", route.name());
    }
    if (urgency != null) {
      uri.queryParam("urgency", urgency.name());
    }
    if (status != null) {
      uri.queryParam("status", status.name());
    }
    return uri.toUriString();
  }

  /** The referrals with a notification that gave up and waits for a person. */
  private Set<UUID> undeliverable() {
    Set<UUID> referralIds = new java.util.HashSet<>();
    for (Delivery delivery : notifications.undeliverable(1000)) {
      try {
        referralIds.add(UUID.fromString(delivery.reference()));
      } catch (IllegalArgumentException notAReferral) {
        // Not one of triage's referral notifications.
      }
    }
    return referralIds;
  }

  /** A question with its readable label and the answer in words. */
  record AnswerRow(String question, String label, String answer) {}

  /** Every answer in questionnaire order; ids the questionnaire does not know come last. */
  private List<AnswerRow> answers(Decision decision) {
    List<AnswerRow> rows = new ArrayList<>();
    if (decision.ageYears() != null) {
      rows.add(new AnswerRow("ageYears", labels.question("ageYears"), decision.ageYears() + ""));
    }
    Map<String, Object> answers = decision.answers();
    Set<String> shown = new LinkedHashSet<>();
    Questionnaire.CURRENT
        .clinicalQuestions()
        .map(Question::id)
        .filter(answers::containsKey)
        .forEach(shown::add);
    new TreeSet<>(answers.keySet()).stream().filter(id -> !shown.contains(id)).forEach(shown::add);
    for (String id : shown) {
      rows.add(new AnswerRow(id, labels.question(id), labels.answer(answers.get(id))));
    }
    return rows;
  }

  /** A suspected cause, how strongly, and the answers that support it, in words. */
  record CauseRow(String cause, String strength, List<String> evidence) {}

  private List<CauseRow> causes(Decision decision) {
    return decision.causes().stream()
        .map(
            (SuspectedCause cause) ->
                new CauseRow(
                    labels.code("cause", cause.cause()),
                    labels.code("strength", cause.strength()),
                    cause.evidence().stream()
                        .map(id -> labels.question(id) + ": " + labels.answer(answer(decision, id)))
                        .toList()))
        .toList();
  }

  private static Object answer(Decision decision, String questionId) {
    if ("ageYears".equals(questionId)) {
      return decision.ageYears();
    }
    Object value = decision.answers().get(questionId);
    return value != null ? value : decision.answersUsed().get(questionId);
  }

  private static Integer version(Map<String, String> form) {
    try {
      return Integer.valueOf(form.getOrDefault("version", "").strip());
    } catch (NumberFormatException e) {
      return null;
    }
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
