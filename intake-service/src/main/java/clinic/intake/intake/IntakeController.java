package clinic.intake.intake;

import clinic.intake.progress.IntakeProgress;
import clinic.intake.progress.ProgressRepository;
import jakarta.validation.Valid;
import java.util.UUID;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.servlet.support.ServletUriComponentsBuilder;

@RestController
@RequestMapping("/api/intakes")
class IntakeController {

  private final IntakeSubmission submission;
  private final IntakeRepository intakes;
  private final ProgressRepository progress;

  IntakeController(
      IntakeSubmission submission, IntakeRepository intakes, ProgressRepository progress) {
    this.submission = submission;
    this.intakes = intakes;
    this.progress = progress;
  }

  @PostMapping
  ResponseEntity<Submitted> submit(@Valid @RequestBody IntakeRequest request) {
    var intake = submission.submit(request);
    var location =
        ServletUriComponentsBuilder.fromCurrentRequest()
            .path("/{id}")
            .buildAndExpand(intake.id())
            .toUri();
    return ResponseEntity.created(location)
        .body(new Submitted(intake.id(), IntakeProgress.Status.SUBMITTED));
  }

  @GetMapping("/{id}")
  IntakeView show(@PathVariable UUID id) {
    var intake = intakes.find(id).orElseThrow(() -> new IntakeNotFound(id));
    return IntakeView.from(intake, progress.find(id).orElseThrow(() -> new IntakeNotFound(id)));
  }

  record Submitted(UUID intakeId, IntakeProgress.Status status) {}
}
