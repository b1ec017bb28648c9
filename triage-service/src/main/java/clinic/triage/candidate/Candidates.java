package clinic.triage.candidate;

import clinic.events.Actor;
import clinic.triage.decision.CandidateBounds;
import clinic.triage.decision.StoredIntakes;
import clinic.triage.rules.RulesetException;
import clinic.triage.rules.Vignettes;
import clinic.triage.rules.Vignettes.Vignette;
import clinic.triage.ruleset.ActiveRuleset;
import clinic.triage.ruleset.RulesetVersions;
import clinic.triage.ruleset.RulesetVersions.Status;
import clinic.triage.ruleset.RulesetVersions.Version;
import clinic.triage.ruleset.TriageRuleset;
import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

/**
 * The life of a candidate ruleset, step by step, each step audited with who, when and why: upload
 * (validated as at start, replayed over the stored intakes, judged by the {@link SafetyGate}),
 * publish (the gate again, on the intakes and the active version of that moment, then the one-row
 * activation every instance hears), re-activate a version that was active before.
 */
@Component
class Candidates {

  private static final Logger log = LoggerFactory.getLogger(Candidates.class);

  static final String RULESET_FILE = "candidate.yaml";
  static final String VIGNETTES_FILE = "vignettes.yaml";

  private final RulesetVersions versions;
  private final ActiveRuleset active;
  private final StoredIntakes intakes;
  private final CandidateBounds bounds;
  private final TransactionTemplate transaction;
  private final JsonMapper json;
  private final Clock clock = Clock.systemUTC();

  Candidates(
      RulesetVersions versions,
      ActiveRuleset active,
      StoredIntakes intakes,
      CandidateBounds bounds,
      TransactionTemplate transaction,
      JsonMapper json) {
    this.versions = versions;
    this.active = active;
    this.intakes = intakes;
    this.bounds = bounds;
    this.transaction = transaction;
    this.json = json;
  }

  /** A candidate's text or its vignettes do not validate: each problem, by the field it is in. */
  static final class Invalid extends RuntimeException {
    private static final long serialVersionUID = 1L;

    final String field;
    final List<String> problems;

    Invalid(String field, List<String> problems) {
      super(String.join("\n", problems));
      this.field = field;
      this.problems = List.copyOf(problems);
    }
  }

  /** A step that the version's state does not allow (409), with the gate's report if it has one. */
  static final class Refused extends RuntimeException {
    private static final long serialVersionUID = 1L;

    final transient GateReport report;

    Refused(String reason, GateReport report) {
      super(reason);
      this.report = report;
    }
  }

  static final class NotFound extends RuntimeException {
    private static final long serialVersionUID = 1L;

    NotFound(UUID id) {
      super("No ruleset version " + id);
    }
  }

  /**
   * Validates, replays and judges a candidate, and stores it with the verdict (PASSED or REFUSED).
   *
   * @param vignettesYaml its own vignettes, or null to be judged on the active version's
   * @param reasons the reviewer's reasons for findings, by intake id or vignette name
   * @throws Invalid if the ruleset or the vignettes do not validate (audited, nothing stored)
   * @throws Refused if a version of that name is stored and was not refused
   */
  Version upload(
      String yaml, String vignettesYaml, String reason, Map<String, String> reasons, Actor by) {
    bounds.check(yaml);
    Instant now = clock.instant();
    TriageRuleset candidate;
    List<Vignette> candidateVignettes;
    UUID id = UUID.randomUUID();
    Version current = activeVersion();
    String vignettes = vignettesYaml == null ? current.vignettes() : vignettesYaml;
    try {
      candidate = TriageRuleset.parse(RULESET_FILE, location(id), yaml);
    } catch (RulesetException e) {
      invalid(yaml, "ruleset", e.problems(), reason, by, now);
      throw new Invalid("ruleset", e.problems());
    }
    try {
      candidateVignettes = Vignettes.parse(VIGNETTES_FILE, vignettes);
    } catch (RulesetException e) {
      invalid(yaml, "vignettes", e.problems(), reason, by, now);
      throw new Invalid("vignettes", e.problems());
    }
    GateReport report = judge(current, candidate, candidateVignettes, reasons);
    Version version =
        new Version(
            id,
            candidate.version(),
            yaml,
            vignettes,
            RulesetVersions.sha256(yaml),
            report.passed() ? Status.PASSED : Status.REFUSED,
            location(id),
            now,
            by,
            reason,
            Map.copyOf(reasons),
            toMap(report),
            null);
    try {
      transaction.executeWithoutResult(
          tx -> {
            versions.store(version);
            versions.audit(id, version.version(), "UPLOADED", by, reason, sha(yaml), now);
            versions.audit(
                id,
                version.version(),
                "VALIDATED",
                by,
                null,
                Map.of("rules", candidate.rules().size(), "vignettes", candidateVignettes.size()),
                now);
            auditGate(version, report, by, null, now);
          });
    } catch (DuplicateKeyException e) {
      throw new Refused(
          "Version "
              + candidate.version()
              + " is stored already and was not refused: give the candidate a new version.",
          null);
    }
    log.info(
        "Candidate ruleset {} uploaded: safety gate {}",
        version.version(),
        report.passed() ? "passed" : "refused");
    return version;
  }

  /**
   * Makes a candidate that passed the active version: the gate is run again on the stored intakes
   * and the active version of now, and the activation happens only if the active version is still
   * the one it was judged against. Every instance hears of it; this one switches at once.
   *
   * @throws Refused if it was refused, is active, was active before (re-activate it), or the gate
   *     refuses it now (its status becomes REFUSED)
   */
  GateReport publish(UUID id, String reason, Actor by) {
    Version version = versions.find(id).orElseThrow(() -> new NotFound(id));
    if (id.equals(activeVersion().id())) {
      throw new Refused("Version " + version.version() + " is the active version already.", null);
    }
    if (version.firstActivatedAt() != null) {
      throw new Refused(
          "Version " + version.version() + " was active before: re-activate it instead.", null);
    }
    if (version.status() != Status.PASSED) {
      throw new Refused(
          "Version " + version.version() + " was refused by the safety gate.", report(version));
    }
    Version current = activeVersion();
    GateReport report =
        judge(
            current,
            TriageRuleset.parse(RULESET_FILE, version.location(), version.yaml()),
            Vignettes.parse(VIGNETTES_FILE, version.vignettes()),
            version.acknowledgements());
    Instant now = clock.instant();
    boolean published =
        Boolean.TRUE.equals(
            transaction.execute(
                tx -> {
                  versions.report(
                      id, report.passed() ? Status.PASSED : Status.REFUSED, toMap(report));
                  auditGate(version, report, by, reason, now);
                  if (!report.passed()) {
                    versions.audit(
                        id, version.version(), "PUBLISH_REFUSED", by, reason, Map.of(), now);
                    return false;
                  }
                  if (!versions.activate(id, current.id(), by, reason, now)) {
                    tx.setRollbackOnly();
                    return null;
                  }
                  versions.audit(
                      id,
                      version.version(),
                      "PUBLISHED",
                      by,
                      reason,
                      Map.of("previous", current.version()),
                      now);
                  return true;
                }));
    if (!published) {
      if (report.passed()) {
        throw new Refused(
            "Another version was made active while this one was judged: publish it again.", null);
      }
      throw new Refused("The safety gate refuses version " + version.version() + " now.", report);
    }
    active.refresh();
    log.info("Ruleset {} published (was {})", version.version(), current.version());
    return report;
  }

  /**
   * Makes a version that was active before the active one again (a roll-back): no gate, since it
   * decided before; the reason is required and audited.
   */
  void reactivate(UUID id, String reason, Actor by) {
    Version version = versions.find(id).orElseThrow(() -> new NotFound(id));
    Version current = activeVersion();
    if (id.equals(current.id())) {
      throw new Refused("Version " + version.version() + " is the active version already.", null);
    }
    if (version.firstActivatedAt() == null) {
      throw new Refused(
          "Version "
              + version.version()
              + " was never active: publish it (through the safety gate) instead.",
          null);
    }
    Instant now = clock.instant();
    String previous = current.version();
    transaction.executeWithoutResult(
        tx -> {
          versions.activate(id, null, by, reason, now);
          versions.audit(
              id, version.version(), "REACTIVATED", by, reason, Map.of("previous", previous), now);
        });
    active.refresh();
    log.info("Ruleset {} re-activated (was {})", version.version(), previous);
  }

  /** The stored verdict of a version, or null for a seeded one. */
  GateReport report(Version version) {
    return version.report().isEmpty()
        ? null
        : json.convertValue(version.report(), GateReport.class);
  }

  private GateReport judge(
      Version current,
      TriageRuleset candidate,
      List<Vignette> candidateVignettes,
      Map<String, String> reasons) {
    List<Vignette> activeVignettes;
    try {
      activeVignettes = Vignettes.parse(VIGNETTES_FILE, current.vignettes());
    } catch (RulesetException e) {
      // The active version's vignettes no longer read (a questionnaire changed under them): there
      // is nothing of theirs to keep.
      log.warn("The active version's vignettes do not read: {}", e.getMessage());
      activeVignettes = List.of();
    }
    TriageRuleset activeRules =
        current.id().equals(active.currentId())
            ? active.current()
            : TriageRuleset.parse(
                "ruleset " + current.version(), current.location(), current.yaml());
    return SafetyGate.check(
        current.id(),
        activeRules,
        activeVignettes,
        candidate,
        candidateVignettes,
        intakes.latestAnswers(),
        reasons);
  }

  /** The version the database says is active (this instance may not have heard of it yet). */
  private Version activeVersion() {
    return versions.find(versions.active().orElseThrow().id()).orElseThrow();
  }

  private void auditGate(Version version, GateReport report, Actor by, String reason, Instant at) {
    versions.audit(
        version.id(),
        version.version(),
        "REPLAYED",
        by,
        null,
        Map.of(
            "against", report.activeVersion(),
            "intakesReplayed", report.intakesReplayed(),
            "intakesChanged", report.intakesChanged()),
        at);
    Map<String, Object> detail = new LinkedHashMap<>();
    detail.put("failingVignettes", report.failingVignettes().stream().map(v -> v.name()).toList());
    detail.put("findings", report.findings().size());
    detail.put("unacknowledged", report.unacknowledged().stream().map(f -> f.subject()).toList());
    versions.audit(
        version.id(),
        version.version(),
        report.passed() ? "GATE_PASSED" : "GATE_REFUSED",
        by,
        reason,
        detail,
        at);
  }

  private void invalid(
      String yaml, String field, List<String> problems, String reason, Actor by, Instant now) {
    transaction.executeWithoutResult(
        tx -> {
          versions.audit(null, null, "UPLOADED", by, reason, sha(yaml), now);
          versions.audit(
              null, null, "INVALID", by, null, Map.of("field", field, "problems", problems), now);
        });
  }

  private static Map<String, Object> sha(String yaml) {
    return Map.of("sha256", RulesetVersions.sha256(yaml));
  }

  private Map<String, Object> toMap(GateReport report) {
    return json.convertValue(report, new TypeReference<Map<String, Object>>() {});
  }

  static String location(UUID id) {
    return "database:ruleset_version/" + id;
  }
}
