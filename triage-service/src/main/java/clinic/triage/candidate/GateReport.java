package clinic.triage.candidate;

import java.util.List;
import java.util.UUID;

/**
 * The safety gate's verdict on a candidate ruleset against the active version, as stored with the
 * candidate and shown to the reviewer. It names intakes by id and vignettes by name, and says what
 * each would lose; never an answer.
 *
 * @param passed whether the candidate may be published: every vignette passes and every finding has
 *     a reason
 * @param failingVignettes the candidate's vignettes it decides otherwise than they expect: these
 *     refuse it whatever the reviewer says
 * @param findings what it would weaken (an intake losing a red flag, its escalation or urgency; a
 *     vignette of the active version dropped or changed), each with the reviewer's reason if given
 * @param rules the rules added, removed and changed, by id
 * @param vignetteDiff the decisions of the vignettes that change, active → candidate ({@code
 *     RulesetDiff})
 */
public record GateReport(
    boolean passed,
    UUID activeId,
    String activeVersion,
    String candidateVersion,
    int intakesReplayed,
    int intakesChanged,
    int vignettesRun,
    List<FailingVignette> failingVignettes,
    List<Finding> findings,
    RuleChanges rules,
    String vignetteDiff) {

  /** A vignette the candidate decides otherwise than it expects: one line per aspect. */
  public record FailingVignette(String name, List<String> failures) {}

  /**
   * @param kind INTAKE or VIGNETTE
   * @param subject the intake's id or the vignette's name: what the reviewer lists
   * @param losses what it loses, one line each ("red flag CAUDA_EQUINA lost")
   * @param reason the reviewer's reason, or null if not listed
   */
  public record Finding(String kind, String subject, List<String> losses, String reason) {
    boolean acknowledged() {
      return reason != null;
    }
  }

  public record RuleChanges(List<String> added, List<String> removed, List<String> changed) {}

  List<Finding> unacknowledged() {
    return findings.stream().filter(f -> !f.acknowledged()).toList();
  }

  /** The report as a reviewer reads it. */
  public String render() {
    StringBuilder text = new StringBuilder();
    text.append("Safety gate: ")
        .append(passed ? "passed" : "refused")
        .append(" (ruleset ")
        .append(activeVersion)
        .append(" → ")
        .append(candidateVersion)
        .append(")\n");
    text.append(vignettesRun)
        .append(" vignettes run, ")
        .append(failingVignettes.size())
        .append(" failing; ")
        .append(intakesReplayed)
        .append(" stored intakes replayed, ")
        .append(intakesChanged)
        .append(" decided differently\n");
    if (!failingVignettes.isEmpty()) {
      text.append("\nVignettes the candidate gets wrong (these refuse it)\n");
      for (FailingVignette v : failingVignettes) {
        text.append("  ").append(v.name()).append('\n');
        v.failures().forEach(f -> text.append("    ").append(f).append('\n'));
      }
    }
    if (!findings.isEmpty()) {
      text.append("\nWhat it weakens (each needs the reviewer's reason)\n");
      for (Finding f : findings) {
        text.append("  ")
            .append(f.kind().equals("INTAKE") ? "intake " : "vignette ")
            .append(f.subject())
            .append(": ")
            .append(String.join("; ", f.losses()))
            .append('\n')
            .append("    ")
            .append(f.acknowledged() ? "reason given: " + f.reason() : "NO REASON GIVEN")
            .append('\n');
      }
    }
    return text.toString();
  }
}
