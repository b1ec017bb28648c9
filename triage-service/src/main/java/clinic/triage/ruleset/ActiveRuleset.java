package clinic.triage.ruleset;

import clinic.triage.rules.RulesetException;
import clinic.triage.system.Listening;
import java.util.UUID;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.scheduling.annotation.Scheduled;

/**
 * The ruleset this instance decides with now: the version {@code ruleset_active} names. It is read
 * at start, again when a publication's notice arrives (any instance's), and every {@code
 * triage.ruleset-refresh} (30 s) in case a notice was lost. Whoever decides takes {@link
 * #current()} once and uses that one ruleset for the whole decision.
 */
public final class ActiveRuleset implements SmartLifecycle {

  private static final Logger log = LoggerFactory.getLogger(ActiveRuleset.class);

  private final RulesetVersions versions;
  private final Listening listening;
  private volatile Loaded loaded;

  private record Loaded(UUID id, TriageRuleset rules) {}

  ActiveRuleset(RulesetVersions versions, DataSource dataSource, UUID id, TriageRuleset rules) {
    this.versions = versions;
    this.loaded = new Loaded(id, rules);
    this.listening =
        new Listening(
            dataSource,
            RulesetVersions.CHANNEL,
            "ruleset publications",
            notice -> refresh(),
            this::refresh);
  }

  /** The ruleset to decide with now. */
  public TriageRuleset current() {
    return loaded.rules();
  }

  /** The stored version's id of {@link #current()}. */
  public UUID currentId() {
    return loaded.id();
  }

  /**
   * Reads which version is active and, if it is another than this instance's, loads it. A stored
   * version that no longer validates (a questionnaire changed under it) is not used: the instance
   * keeps the one it has and says so.
   */
  @Scheduled(
      fixedDelayString = "${triage.ruleset-refresh:PT30S}",
      initialDelayString = "${triage.ruleset-refresh:PT30S}")
  public synchronized void refresh() {
    var active = versions.active();
    if (active.isEmpty() || active.get().id().equals(loaded.id())) {
      return;
    }
    var version = versions.find(active.get().id()).orElseThrow();
    try {
      TriageRuleset rules =
          TriageRuleset.parse("ruleset " + version.version(), version.location(), version.yaml());
      loaded = new Loaded(version.id(), rules);
      log.info("Triage ruleset {} is now in use ({} rules)", rules.version(), rules.rules().size());
    } catch (RulesetException e) {
      log.error(
          "Ruleset {} was made active but does not validate here; still deciding with {}: {}",
          version.version(),
          loaded.rules().version(),
          e.getMessage());
    }
  }

  @Override
  public void start() {
    listening.start();
  }

  @Override
  public void stop() {
    listening.stop();
  }

  @Override
  public boolean isRunning() {
    return listening.running();
  }

  /** Whether this instance hears publications now. */
  public boolean listening() {
    return listening.listening();
  }
}
