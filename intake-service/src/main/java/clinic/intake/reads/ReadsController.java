package clinic.intake.reads;

import java.util.UUID;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * The audit of reads for administrators, per intake and per staff member, newest first. The paths
 * lie under {@code /api/intakes/} so that the gateway routes them; {@code /reads} is a literal, so
 * it never reaches the intake's {@code /{id}} (a UUID).
 */
@RestController
@RequestMapping("/api/intakes")
class ReadsController {

  private final ReadLog log;

  ReadsController(ReadLog log) {
    this.log = log;
  }

  @GetMapping("/{id}/reads")
  ReadsPage ofIntake(
      @PathVariable UUID id,
      @RequestParam(required = false) Integer page,
      @RequestParam(required = false) Integer size) {
    return log.find(id, null, ReadsPage.page(page), ReadsPage.size(size));
  }

  @GetMapping("/reads")
  ReadsPage ofSubject(
      @RequestParam String subject,
      @RequestParam(required = false) Integer page,
      @RequestParam(required = false) Integer size) {
    return log.find(null, subject, ReadsPage.page(page), ReadsPage.size(size));
  }
}
