package clinic.triage.candidate;

import clinic.events.Actor;
import clinic.triage.ruleset.RulesetVersions;
import clinic.triage.ruleset.RulesetVersions.AuditEntry;
import clinic.triage.ruleset.RulesetVersions.Status;
import clinic.triage.ruleset.RulesetVersions.Version;
import clinic.triage.system.SignedIn;
import clinic.web.FieldProblem;
import clinic.web.InvalidRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.springframework.security.core.Authentication;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.ModelAttribute;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;

/**
 * The ruleset's versions as pages for administrators: the list with the upload form, and each
 * version with its report, its rule and vignette diff to the active version, its audit and the
 * publish or re-activate form. The same steps as the API ({@link Candidates}); forms post and are
 * answered with a redirect, or the page again with what was wrong.
 */
@Controller
@RequestMapping("/dashboard/rulesets")
class RulesetPages {

  private static final Map<String, String> DONE =
      Map.of(
          "published",
          "Published: every instance now decides with this version.",
          "reactivated",
          "Re-activated: every instance now decides with this version.");

  private final Candidates candidates;
  private final RulesetVersions versions;

  RulesetPages(Candidates candidates, RulesetVersions versions) {
    this.candidates = candidates;
    this.versions = versions;
  }

  /** The upload form as sent: acknowledgements one per line, "intake id or vignette: reason". */
  public record UploadForm(
      String ruleset, String vignettes, String acknowledgements, String reason) {
    static final UploadForm EMPTY = new UploadForm("", "", "", "");
  }

  /** A row of the list. */
  public record Row(Version version, boolean active) {}

  /** The detail page. */
  public record Detail(
      Version version,
      boolean active,
      boolean canPublish,
      boolean canReactivate,
      GateReport report,
      List<AuditEntry> audit) {}

  @ModelAttribute("csrf")
  String csrf(@RequestHeader(name = "X-CSRF-TOKEN", required = false) String token) {
    return token == null || token.isBlank() ? null : token;
  }

  @ModelAttribute("signedIn")
  Actor signedIn(Authentication authentication) {
    return SignedIn.actor(authentication);
  }

  /** Only administrators reach these pages: the navigation shows them the way back. */
  @ModelAttribute("isAdmin")
  boolean isAdmin() {
    return true;
  }

  @GetMapping
  String list(Model model) {
    return listPage(model, UploadForm.EMPTY, List.of(), null);
  }

  @PostMapping
  String upload(UploadForm form, Actor admin, Model model, HttpServletResponse response) {
    List<FieldProblem> errors = new ArrayList<>();
    if (blank(form.ruleset())) {
      errors.add(new FieldProblem("ruleset", "Paste the candidate ruleset's YAML."));
    }
    if (blank(form.reason())) {
      errors.add(new FieldProblem("reason", "Say why this ruleset is proposed."));
    } else if (form.reason().length() > CandidateApi.MAX_REASON) {
      errors.add(new FieldProblem("reason", "At most " + CandidateApi.MAX_REASON + " characters."));
    }
    Map<String, String> reasons = new LinkedHashMap<>();
    String[] lines =
        form.acknowledgements() == null ? new String[0] : form.acknowledgements().split("\\R");
    for (int i = 0; i < lines.length; i++) {
      String line = lines[i].strip();
      if (line.isEmpty()) {
        continue;
      }
      int colon = line.indexOf(':');
      if (colon <= 0 || line.substring(colon + 1).isBlank()) {
        errors.add(
            new FieldProblem(
                "acknowledgements",
                "Line "
                    + (i + 1)
                    + ": write the intake id or vignette name, a colon, then the reason."));
        continue;
      }
      reasons.put(line.substring(0, colon).strip(), line.substring(colon + 1).strip());
    }
    if (!errors.isEmpty()) {
      response.setStatus(400);
      return listPage(model, form, errors, null);
    }
    try {
      Version stored =
          candidates.upload(
              form.ruleset(),
              blank(form.vignettes()) ? null : form.vignettes(),
              form.reason().strip(),
              reasons,
              admin);
      return "redirect:/dashboard/rulesets/" + stored.id();
    } catch (Candidates.Invalid e) {
      response.setStatus(422);
      return listPage(
          model, form, e.problems.stream().map(p -> new FieldProblem(e.field, p)).toList(), null);
    } catch (Candidates.Refused e) {
      response.setStatus(409);
      return listPage(model, form, List.of(), e.getMessage());
    } catch (clinic.triage.decision.CandidateBounds.TooMuchWork e) {
      response.setStatus(422);
      return listPage(model, form, List.of(new FieldProblem("ruleset", e.getMessage())), null);
    }
  }

  @GetMapping("/{id}")
  String version(
      @PathVariable UUID id,
      @RequestParam(required = false) String done,
      Model model,
      HttpServletResponse response) {
    return detailPage(id, model, response, List.of(), null, done == null ? null : DONE.get(done));
  }

  @PostMapping("/{id}/publish")
  String publish(
      @PathVariable UUID id,
      @RequestParam(required = false) String reason,
      Actor admin,
      Model model,
      HttpServletResponse response) {
    return step(
        id,
        reason,
        model,
        response,
        "published",
        () -> candidates.publish(id, reason.strip(), admin));
  }

  @PostMapping("/{id}/reactivate")
  String reactivate(
      @PathVariable UUID id,
      @RequestParam(required = false) String reason,
      Actor admin,
      Model model,
      HttpServletResponse response) {
    return step(
        id,
        reason,
        model,
        response,
        "reactivated",
        () -> candidates.reactivate(id, reason.strip(), admin));
  }

  private String step(
      UUID id,
      String reason,
      Model model,
      HttpServletResponse response,
      String done,
      Runnable action) {
    if (blank(reason) || reason.length() > CandidateApi.MAX_REASON) {
      response.setStatus(400);
      String message =
          blank(reason) ? "Give a reason." : "At most " + CandidateApi.MAX_REASON + " characters.";
      return detailPage(
          id, model, response, List.of(new FieldProblem("reason", message)), null, null);
    }
    try {
      action.run();
      return "redirect:/dashboard/rulesets/" + id + "?done=" + done;
    } catch (Candidates.Refused e) {
      response.setStatus(409);
      return detailPage(id, model, response, List.of(), e.getMessage(), null);
    } catch (InvalidRequest e) {
      response.setStatus(400);
      return detailPage(id, model, response, List.of(), e.getMessage(), null);
    }
  }

  private String listPage(Model model, UploadForm form, List<FieldProblem> errors, String refused) {
    UUID activeId = versions.active().orElseThrow().id();
    model.addAttribute("title", "Triage ruleset versions");
    model.addAttribute(
        "rows", versions.all().stream().map(v -> new Row(v, v.id().equals(activeId))).toList());
    model.addAttribute("form", form);
    model.addAttribute("errors", errors(errors));
    model.addAttribute("refused", refused);
    return "dashboard/rulesets";
  }

  private String detailPage(
      UUID id,
      Model model,
      HttpServletResponse response,
      List<FieldProblem> errors,
      String refused,
      String done) {
    var found = versions.find(id);
    if (found.isEmpty()) {
      response.setStatus(404);
      model.addAttribute("title", "Ruleset version not found");
      model.addAttribute("message", "There is no ruleset version " + id + ".");
      model.addAttribute("home", "/dashboard/rulesets");
      model.addAttribute("homeLabel", "Back to the ruleset versions");
      return "dashboard/problem";
    }
    Version v = found.get();
    boolean active = v.id().equals(versions.active().orElseThrow().id());
    model.addAttribute("title", "Triage ruleset " + v.version());
    model.addAttribute(
        "page",
        new Detail(
            v,
            active,
            !active && v.status() == Status.PASSED && v.firstActivatedAt() == null,
            !active && v.firstActivatedAt() != null,
            candidates.report(v),
            versions.audit(id)));
    model.addAttribute("errors", errors(errors));
    model.addAttribute("refused", refused);
    model.addAttribute("done", done);
    return "dashboard/ruleset";
  }

  /** Field to its messages, joined: what the template shows beside each field. */
  private static Map<String, String> errors(List<FieldProblem> errors) {
    Map<String, String> byField = new LinkedHashMap<>();
    errors.forEach(e -> byField.merge(e.field(), e.message(), (a, b) -> a + "\n" + b));
    return byField;
  }

  private static boolean blank(String value) {
    return value == null || value.isBlank();
  }
}
