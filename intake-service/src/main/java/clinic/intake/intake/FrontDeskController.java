package clinic.intake.intake;

import clinic.events.Actor;
import clinic.events.Escalation;
import clinic.events.IntakeWithdrawn;
import clinic.intake.progress.ContentLinks;
import clinic.intake.progress.IntakeProgress;
import clinic.intake.progress.ProgressRepository;
import clinic.intake.questionnaire.Labels;
import clinic.intake.questionnaire.Languages;
import clinic.intake.questionnaire.QuestionnaireStore;
import clinic.intake.reads.ReadLog;
import clinic.intake.reads.ReadView;
import jakarta.servlet.http.HttpServletRequest;
import java.time.Clock;
import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.security.core.Authentication;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.util.MultiValueMap;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.ModelAttribute;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.method.annotation.MethodArgumentTypeMismatchException;
import org.springframework.web.servlet.ModelAndView;
import org.springframework.web.servlet.view.RedirectView;
import tools.jackson.databind.json.JsonMapper;

/**
 * The front desk's pages: the questionnaire form, the confirmation with live progress, and the list
 * of the day. Server-rendered and complete without JavaScript; the scripts only hide the questions
 * that do not apply and refresh the progress.
 *
 * <p>The form is sent through the same validator and the same {@link IntakeSubmission} as the JSON
 * API. Each rendering carries a fresh idempotency key in a hidden field, so a double click or a
 * resent form creates one intake.
 */
@Controller
class FrontDeskController {

  private final QuestionnaireStore questionnaires;
  private final IntakeValidator validator;
  private final IntakeSubmission submission;
  private final IntakeRepository intakes;
  private final ProgressRepository progress;
  private final Labels labels;
  private final JsonMapper json;
  private final Clock clock;
  private final ReadLog reads;
  private final ContentLinks links;

  FrontDeskController(
      QuestionnaireStore questionnaires,
      IntakeValidator validator,
      IntakeSubmission submission,
      IntakeRepository intakes,
      ProgressRepository progress,
      Labels labels,
      JsonMapper json,
      Clock clock,
      ReadLog reads,
      ContentLinks links) {
    this.questionnaires = questionnaires;
    this.validator = validator;
    this.submission = submission;
    this.intakes = intakes;
    this.progress = progress;
    this.labels = labels;
    this.json = json;
    this.clock = clock;
    this.reads = reads;
    this.links = links;
  }

  /**
   * The page's language, for {@code <html lang>}. Each page also names its own address ({@code
   * path}) for the language switch; never the request's, which a crafted link could make point
   * elsewhere.
   */
  @ModelAttribute
  void common(Locale locale, Model model) {
    model.addAttribute("lang", Languages.of(locale));
  }

  @GetMapping({"/", "/intakes/new"})
  ModelAndView form(Locale locale) {
    var page =
        FormPage.empty(
            questionnaires.current(),
            labels,
            locale,
            Languages.of(locale),
            UUID.randomUUID().toString());
    return form(page, HttpStatus.OK, locale);
  }

  /**
   * The form page. Its address is always {@code /}, also when it comes back from {@code POST
   * /intakes} with errors, so that the language switch has a page to go to.
   */
  private ModelAndView form(FormPage page, HttpStatus status, Locale locale) {
    var title = labels.message("form.title", locale);
    if (!page.errors().isEmpty() || page.generalError() != null) {
      title = labels.message("form.titleWithErrors", locale, title);
    }
    return new ModelAndView("intake/form", status)
        .addObject("page", page)
        .addObject("title", title)
        .addObject("heading", labels.message("form.title", locale))
        .addObject("intro", labels.message("form.intro", locale))
        .addObject("submitLabel", labels.message("form.submit", locale))
        .addObject("action", "/intakes")
        .addObject("path", "/");
  }

  /**
   * The intake's clinical answers in the questionnaire's form, to correct them with a reason (the
   * same path as {@code PUT /api/intakes/{id}/answers}). The identity is not on it: an amendment
   * does not change it.
   */
  @GetMapping("/intakes/{id}/answers")
  ModelAndView correction(
      @PathVariable UUID id,
      Locale locale,
      Actor by,
      Authentication viewer,
      HttpServletRequest request) {
    var intake = intakes.find(id).orElseThrow(() -> new IntakeNotFound(id));
    if (intake.withdrawn()) {
      return intakePage(
          id,
          locale,
          by,
          viewer,
          request,
          labels.message("amend.withdrawn", locale),
          null,
          HttpStatus.CONFLICT);
    }
    reads.record(by, ReadView.PAGE_INTAKE, List.of(id), request);
    var page =
        FormPage.correction(
            questionnaires.current(),
            labels,
            locale,
            FormInput.fields(intake.answers()),
            List.of());
    return correctionForm(intake, page, null, null, HttpStatus.OK, locale);
  }

  @PostMapping(
      path = "/intakes/{id}/answers",
      consumes = MediaType.APPLICATION_FORM_URLENCODED_VALUE)
  ModelAndView correct(
      @PathVariable UUID id,
      @RequestParam MultiValueMap<String, String> form,
      Locale locale,
      Actor by,
      Authentication viewer,
      HttpServletRequest request) {
    var intake = intakes.find(id).orElseThrow(() -> new IntakeNotFound(id));
    var questionnaire = questionnaires.current();
    var body = FormInput.toBody(questionnaire, form, json);
    var reason = form.getFirst(IntakeValidator.REASON);
    if (reason != null && !reason.isBlank()) {
      body.put(IntakeValidator.REASON, reason);
    }
    try {
      var correction = validator.amendment(questionnaire, body, true, locale);
      submission.amend(id, correction, questionnaire.version(), by);
    } catch (InvalidIntake invalid) {
      var reasonError =
          invalid.errors().stream()
                  .anyMatch(problem -> IntakeValidator.REASON.equals(problem.field()))
              ? labels.message("amend.error", locale)
              : null;
      var answerProblems =
          invalid.errors().stream()
              .filter(problem -> !IntakeValidator.REASON.equals(problem.field()))
              .toList();
      var page = FormPage.correction(questionnaire, labels, locale, form, answerProblems);
      return correctionForm(intake, page, reason, reasonError, HttpStatus.BAD_REQUEST, locale);
    } catch (IntakeConflict withdrawn) {
      return intakePage(
          id,
          locale,
          by,
          viewer,
          request,
          labels.message("amend.withdrawn", locale),
          null,
          HttpStatus.CONFLICT);
    }
    return seeOther("/intakes/" + id + "?done=amended");
  }

  private ModelAndView correctionForm(
      Intake intake,
      FormPage page,
      String chosenReason,
      String reasonError,
      HttpStatus status,
      Locale locale) {
    var heading = labels.message("amend.title", locale) + " " + intake.reference();
    var title =
        page.errors().isEmpty() && reasonError == null && page.generalError() == null
            ? heading
            : labels.message("form.titleWithErrors", locale, heading);
    var reasons =
        Arrays.stream(Intake.AmendmentReason.values())
            .map(r -> new StatusLabel(r.name(), labels.message("amend.reason." + r.name(), locale)))
            .toList();
    return new ModelAndView("intake/form", status)
        .addObject("page", page)
        .addObject("title", title)
        .addObject("heading", heading)
        .addObject("intro", labels.message("amend.intro", locale))
        .addObject("submitLabel", labels.message("amend.submit", locale))
        .addObject("action", "/intakes/" + intake.id() + "/answers")
        .addObject("amendReasons", reasons)
        .addObject("chosenReason", chosenReason)
        .addObject("reasonError", reasonError)
        .addObject("back", "/intakes/" + intake.id())
        .addObject("path", "/intakes/" + intake.id() + "/answers");
  }

  @PostMapping(path = "/intakes", consumes = MediaType.APPLICATION_FORM_URLENCODED_VALUE)
  ModelAndView submit(@RequestParam MultiValueMap<String, String> form, Locale locale, Actor by) {
    var questionnaire = questionnaires.current();
    var key = form.getFirst(FormInput.IDEMPOTENCY_KEY);
    try {
      var body = FormInput.toBody(questionnaire, form, json);
      var valid = validator.submission(questionnaire, body, key, locale);
      var intake = submission.submit(valid, questionnaire.version(), key, by).intake();
      return seeOther("/intakes/" + intake.id());
    } catch (InvalidIntake invalid) {
      var page = FormPage.of(questionnaire, labels, locale, form, invalid.errors(), key);
      return form(page, HttpStatus.BAD_REQUEST, locale);
    } catch (IntakeConflict conflict) {
      // This form was sent before with other answers (the back button, then a change): say so,
      // link the intake it created, and give the form a new key should they mean a new intake.
      var page =
          FormPage.of(questionnaire, labels, locale, form, List.of(), UUID.randomUUID().toString())
              .withEarlierIntake(
                  labels.message("form.alreadySent", locale), "/intakes/" + conflict.intakeId());
      return form(page, HttpStatus.UNPROCESSABLE_CONTENT, locale);
    }
  }

  @GetMapping("/intakes/{id}")
  ModelAndView confirmation(
      @PathVariable UUID id,
      @RequestParam(required = false) String done,
      Locale locale,
      Actor by,
      Authentication viewer,
      HttpServletRequest request) {
    String notice =
        switch (done == null ? "" : done) {
          case "withdrawn" -> labels.message("withdraw.done", locale);
          case "amended" -> labels.message("amend.done", locale);
          default -> null;
        };
    return intakePage(id, locale, by, viewer, request, notice, null, HttpStatus.OK);
  }

  /**
   * Withdraws the intake from its page, with a reason (the same path as {@code POST
   * /api/intakes/{id}/withdrawal}); the page then shows who withdrew it, when and why.
   */
  @PostMapping(
      path = "/intakes/{id}/withdrawal",
      consumes = MediaType.APPLICATION_FORM_URLENCODED_VALUE)
  ModelAndView withdraw(
      @PathVariable UUID id,
      @RequestParam(required = false) String reason,
      Locale locale,
      Actor by,
      Authentication viewer,
      HttpServletRequest request) {
    var body = json.createObjectNode();
    if (reason != null && !reason.isBlank()) {
      body.put("reason", reason);
    }
    try {
      var checked = validator.withdrawal(questionnaires.current(), body, locale);
      submission.withdraw(id, checked, by);
    } catch (InvalidIntake invalid) {
      return intakePage(
          id,
          locale,
          by,
          viewer,
          request,
          null,
          labels.message("withdraw.error", locale),
          HttpStatus.BAD_REQUEST);
    } catch (IntakeConflict alreadyWithdrawn) {
      return intakePage(
          id,
          locale,
          by,
          viewer,
          request,
          labels.message("withdraw.already", locale),
          null,
          HttpStatus.CONFLICT);
    }
    return seeOther("/intakes/" + id + "?done=withdrawn");
  }

  /**
   * 303 to the page that shows the result: the browser fetches it with GET, and reloading it sends
   * nothing again.
   */
  private static ModelAndView seeOther(String path) {
    var redirect = new RedirectView(path, true);
    redirect.setStatusCode(HttpStatus.SEE_OTHER);
    return new ModelAndView(redirect);
  }

  private ModelAndView intakePage(
      UUID id,
      Locale locale,
      Actor by,
      Authentication viewer,
      HttpServletRequest request,
      String notice,
      String withdrawError,
      HttpStatus status) {
    var intake = intakes.find(id).orElseThrow(() -> new IntakeNotFound(id));
    reads.record(by, ReadView.PAGE_INTAKE, List.of(id), request);
    var current =
        IntakeView.Progress.from(intake, links.shownTo(progress.find(id).orElseThrow(), viewer));
    var steps =
        List.of(
                IntakeProgress.Status.SUBMITTED,
                IntakeProgress.Status.TRIAGED,
                IntakeProgress.Status.EDUCATION_ASSIGNED)
            .stream()
            .map(
                step ->
                    new Step(
                        step.name(),
                        labels.message("status." + step.name(), locale),
                        step.ordinal() <= current.status().ordinal()
                            && current.status() != IntakeProgress.Status.WITHDRAWN))
            .toList();
    // Every status in words, for the script that follows the progress without a reload.
    var statusLabels =
        Arrays.stream(IntakeProgress.Status.values())
            .map(s -> new StatusLabel(s.name(), statusLabel(s, locale)))
            .toList();
    var escalationLabels =
        Arrays.stream(Escalation.values())
            .map(e -> new StatusLabel(e.name(), escalationLabel(e, locale)))
            .toList();
    var reasons =
        Arrays.stream(IntakeWithdrawn.Reason.values())
            .map(
                r ->
                    new StatusLabel(
                        r.name(), labels.message("withdraw.reason." + r.name(), locale)))
            .toList();
    String history = null;
    if (intake.withdrawn()) {
      var withdrawal = intake.withdrawal();
      history =
          labels.message(
              "withdraw.history",
              locale,
              DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm")
                  .withZone(clock.getZone())
                  .format(withdrawal.withdrawnAt()),
              withdrawal.withdrawnBy() == null ? "?" : withdrawal.withdrawnBy().name(),
              labels.message("withdraw.reason." + withdrawal.reason().name(), locale));
    }
    var at = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm").withZone(clock.getZone());
    var corrections =
        intakes.amendments(id).stream()
            .map(
                a ->
                    labels.message(
                        "amend.history",
                        locale,
                        at.format(a.amendedAt()),
                        a.amendedBy() == null ? "?" : a.amendedBy().name(),
                        labels.message(
                            "amend.reason." + (a.reason() == null ? "none" : a.reason().name()),
                            locale)))
            .toList();
    return new ModelAndView("intake/confirmation", status)
        .addObject("path", "/intakes/" + id)
        .addObject("corrections", corrections)
        .addObject("intake", current)
        .addObject("steps", steps)
        .addObject("statusLabel", statusLabel(current.status(), locale))
        .addObject("statusLabels", statusLabels)
        .addObject("escalationLabel", escalationLabel(current.escalation(), locale))
        .addObject("escalationLabels", escalationLabels)
        .addObject("withdrawReasons", reasons)
        .addObject("withdrawal", history)
        .addObject("notice", notice)
        .addObject("withdrawError", withdrawError);
  }

  private String statusLabel(IntakeProgress.Status status, Locale locale) {
    return labels.message(
        "confirmation.status", locale, labels.message("status." + status.name(), locale));
  }

  private String escalationLabel(Escalation escalation, Locale locale) {
    return escalation == null
        ? null
        : labels.message("confirmation.escalation." + escalation.name(), locale);
  }

  /** One step of the progress: done when the intake has reached it. */
  record Step(String status, String label, boolean done) {}

  record StatusLabel(String status, String label) {}

  @GetMapping("/intakes/today")
  ModelAndView today(Locale locale, Actor by, HttpServletRequest request) {
    var today = LocalDate.now(clock);
    var time = DateTimeFormatter.ofPattern("HH:mm").withZone(clock.getZone());
    var entries = intakes.submittedSince(today.atStartOfDay(clock.getZone()).toInstant());
    // One row for the whole list, with every intake shown (the names are on the page).
    reads.record(
        by,
        ReadView.PAGE_TODAY,
        entries.stream().map(IntakeRepository.DayEntry::id).toList(),
        request);
    var rows =
        entries.stream()
            .map(
                entry ->
                    new DayRow(
                        time.format(entry.submittedAt()),
                        entry.reference(),
                        "/intakes/" + entry.id(),
                        entry.patientName(),
                        labels.message("status." + entry.status().name(), locale)))
            .toList();
    return new ModelAndView("intake/today")
        .addObject("path", "/intakes/today")
        .addObject("day", DateTimeFormatter.ISO_LOCAL_DATE.format(today))
        .addObject("rows", rows);
  }

  record DayRow(String time, String reference, String href, String name, String status) {}

  /** A page, not a JSON problem, for a person who followed an old or mistyped link. */
  @ExceptionHandler({IntakeNotFound.class, MethodArgumentTypeMismatchException.class})
  ModelAndView notFound(Locale locale) {
    return new ModelAndView("intake/not-found", HttpStatus.NOT_FOUND)
        .addObject("lang", Languages.of(locale))
        .addObject("path", "/intakes/today");
  }
}
