package clinic.triage.candidate;

import clinic.events.Escalation;
import clinic.events.TriageDecided.RedFlag;
import clinic.triage.candidate.GateReport.FailingVignette;
import clinic.triage.candidate.GateReport.Finding;
import clinic.triage.candidate.GateReport.RuleChanges;
import clinic.triage.rules.Answers;
import clinic.triage.rules.Decision;
import clinic.triage.rules.RulesetDiff;
import clinic.triage.rules.Vignettes;
import clinic.triage.rules.Vignettes.Vignette;
import clinic.triage.ruleset.TriageRuleset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.UUID;
import tools.jackson.databind.JsonNode;
import tools.jackson.dataformat.yaml.YAMLMapper;

/**
 * What stands between a candidate ruleset and every patient: (a) the candidate's vignettes must all
 * be decided as they expect, and a vignette of the active version that the candidate drops or
 * changes is a finding; (b) a stored intake that would lose a red flag, lose or lower its
 * escalation, or drop in urgency is a finding. A finding passes only if the reviewer lists it (the
 * intake's id, the vignette's name) with a reason. Pure: the same inputs give the same report.
 */
final class SafetyGate {

  private static final YAMLMapper YAML = YAMLMapper.builder().build();

  private SafetyGate() {}

  /**
   * @param reasons the reviewer's reasons, by intake id or vignette name
   */
  static GateReport check(
      UUID activeId,
      TriageRuleset active,
      List<Vignette> activeVignettes,
      TriageRuleset candidate,
      List<Vignette> candidateVignettes,
      Map<UUID, Answers> stored,
      Map<String, String> reasons) {
    List<FailingVignette> failing = new ArrayList<>();
    for (Vignette vignette : candidateVignettes) {
      List<String> failures = Vignettes.failures(candidate.ruleset(), vignette);
      if (!failures.isEmpty()) {
        failing.add(new FailingVignette(vignette.name(), failures));
      }
    }

    List<Finding> findings = new ArrayList<>();
    Map<String, Vignette> kept = new LinkedHashMap<>();
    candidateVignettes.forEach(v -> kept.put(v.name(), v));
    for (Vignette was : activeVignettes) {
      Vignette now = kept.get(was.name());
      if (now == null) {
        findings.add(finding("VIGNETTE", was.name(), List.of("dropped"), reasons));
      } else if (!now.equals(was)) {
        findings.add(
            finding(
                "VIGNETTE", was.name(), List.of("changed (its answers or expectations)"), reasons));
      }
    }

    Map<String, Answers> labelled = new LinkedHashMap<>();
    stored.forEach((id, answers) -> labelled.put(id.toString(), answers));
    RulesetDiff intakes = RulesetDiff.compare(active.ruleset(), candidate.ruleset(), labelled);
    for (RulesetDiff.Change change : intakes.changes()) {
      List<String> losses = losses(change.before(), change.after());
      if (!losses.isEmpty()) {
        findings.add(finding("INTAKE", change.label(), losses, reasons));
      }
    }

    Map<String, Answers> vignetteInputs = new LinkedHashMap<>();
    activeVignettes.forEach(v -> vignetteInputs.put(v.name(), v.answers()));
    candidateVignettes.forEach(v -> vignetteInputs.putIfAbsent(v.name(), v.answers()));
    String vignetteDiff =
        RulesetDiff.compare(active.ruleset(), candidate.ruleset(), vignetteInputs).render();

    boolean passed = failing.isEmpty() && findings.stream().allMatch(Finding::acknowledged);
    return new GateReport(
        passed,
        activeId,
        active.version(),
        candidate.version(),
        intakes.compared(),
        intakes.changes().size(),
        candidateVignettes.size(),
        List.copyOf(failing),
        List.copyOf(findings),
        ruleChanges(active.yaml(), candidate.yaml()),
        vignetteDiff);
  }

  private static Finding finding(
      String kind, String subject, List<String> losses, Map<String, String> reasons) {
    String reason = reasons.get(subject);
    return new Finding(kind, subject, losses, reason == null || reason.isBlank() ? null : reason);
  }

  /** What the decision loses: red flags, escalation, urgency. Gains are not findings. */
  static List<String> losses(Decision before, Decision after) {
    List<String> losses = new ArrayList<>();
    Set<String> flagsAfter = codes(after.redFlags());
    for (String code : codes(before.redFlags())) {
      if (!flagsAfter.contains(code)) {
        losses.add("red flag " + code + " lost");
      }
    }
    Escalation was = before.escalation();
    Escalation now = after.escalation();
    if (was != null && (now == null || now.compareTo(was) > 0)) {
      losses.add("escalation " + was + " → " + (now == null ? "none" : now));
    }
    if (after.urgency().compareTo(before.urgency()) > 0) {
      losses.add("urgency " + before.urgency() + " → " + after.urgency());
    }
    return losses;
  }

  private static Set<String> codes(List<RedFlag> flags) {
    Set<String> codes = new LinkedHashSet<>();
    flags.forEach(f -> codes.add(f.code()));
    return codes;
  }

  /** The rules added, removed and changed (any of their text), by id, from the two texts. */
  static RuleChanges ruleChanges(String activeYaml, String candidateYaml) {
    Map<String, JsonNode> before = rules(activeYaml);
    Map<String, JsonNode> after = rules(candidateYaml);
    List<String> added = new ArrayList<>();
    List<String> changed = new ArrayList<>();
    after.forEach(
        (id, rule) -> {
          if (!before.containsKey(id)) {
            added.add(id);
          } else if (!Objects.equals(before.get(id), rule)) {
            changed.add(id);
          }
        });
    List<String> removed = before.keySet().stream().filter(id -> !after.containsKey(id)).toList();
    return new RuleChanges(added, removed, changed);
  }

  private static Map<String, JsonNode> rules(String yaml) {
    Map<String, JsonNode> rules = new LinkedHashMap<>();
    for (JsonNode rule : YAML.readTree(yaml).get("rules")) {
      rules.put(rule.get("id").asString().trim(), rule);
    }
    return rules;
  }
}
