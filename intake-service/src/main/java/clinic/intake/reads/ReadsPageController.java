package clinic.intake.reads;

import clinic.intake.questionnaire.Languages;
import java.time.Clock;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.ModelAndView;

/** The audit of reads as a page for administrators, filtered by intake and/or staff member. */
@Controller
class ReadsPageController {

  private final ReadLog log;
  private final Clock clock;

  ReadsPageController(ReadLog log, Clock clock) {
    this.log = log;
    this.clock = clock;
  }

  @GetMapping("/intakes/reads")
  ModelAndView reads(
      @RequestParam(required = false) UUID intake,
      @RequestParam(required = false) String subject,
      @RequestParam(required = false) Integer page,
      @RequestParam(required = false) Integer size,
      Locale locale) {
    var who = subject == null || subject.isBlank() ? null : subject.strip();
    var found = log.find(intake, who, ReadsPage.page(page), ReadsPage.size(size));
    var time = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss").withZone(clock.getZone());
    var rows =
        found.reads().stream()
            .map(
                read ->
                    new Row(
                        time.format(read.readAt()),
                        read.name(),
                        read.subject(),
                        read.view().name(),
                        read.intakeIds().stream().map(UUID::toString).toList(),
                        read.clientAddress()))
            .toList();
    return new ModelAndView("reads/reads")
        .addObject("lang", Languages.of(locale))
        .addObject("path", "/intakes/reads")
        .addObject("intake", intake)
        .addObject("subject", who)
        .addObject("rows", rows)
        .addObject("page", found.page())
        .addObject("size", found.size())
        .addObject("hasNext", found.hasNext());
  }

  record Row(
      String time,
      String name,
      String subject,
      String view,
      List<String> intakeIds,
      String address) {}
}
