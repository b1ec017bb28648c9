package clinic.triage.ruleset;

import clinic.triage.rules.Answers;
import clinic.triage.rules.Decision;
import clinic.triage.rules.Ruleset;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import tools.jackson.databind.JsonNode;
import tools.jackson.dataformat.yaml.YAMLMapper;

/**
 * The triage ruleset this service decides with: loaded and validated once at start, from the class
 * path or from a file. The engine compiles each rule down to what it needs to evaluate, so this
 * also keeps what a clinician reads about each rule (its sentence and the documents it cites), read
 * from the same text the engine was given, for the rules that fired in each stored decision.
 */
public final class TriageRuleset {

  /** Where the clinic's own ruleset is, in the words the ruleset endpoint shows. */
  static final String CLASSPATH_LOCATION = "classpath:" + Ruleset.DEFAULT_RESOURCE;

  private static final YAMLMapper YAML = YAMLMapper.builder().build();

  private final Ruleset ruleset;
  private final String location;
  private final String yaml;
  private final Map<String, RuleNote> notes;

  private TriageRuleset(
      Ruleset ruleset, String location, String yaml, Map<String, RuleNote> notes) {
    this.ruleset = ruleset;
    this.location = location;
    this.yaml = yaml;
    this.notes = notes;
  }

  /**
   * A ruleset's text (an administrator's candidate, a stored version), validated as at start.
   *
   * @param fileName the name its problems are reported under
   * @param location where it is kept, in the words the ruleset endpoint shows
   * @throws clinic.triage.rules.RulesetException naming each problem
   */
  public static TriageRuleset parse(String fileName, String location, String yaml) {
    return of(Ruleset.parse(fileName, yaml), location, yaml);
  }

  /** The clinic's ruleset, shipped with the triage-rules module. */
  static TriageRuleset fromClasspath() {
    Ruleset ruleset = Ruleset.loadDefault();
    try (InputStream in =
        Ruleset.class.getClassLoader().getResourceAsStream(Ruleset.DEFAULT_RESOURCE)) {
      return of(ruleset, CLASSPATH_LOCATION, new String(in.readAllBytes(), StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * A ruleset file. {@link Ruleset#load} validates it and throws a {@code RulesetException} naming
   * the file, the rule and each problem; that exception is left to stop the start.
   */
  static TriageRuleset fromFile(Path file) {
    Ruleset ruleset = Ruleset.load(file);
    try {
      return of(ruleset, file.toAbsolutePath().toString(), Files.readString(file));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static TriageRuleset of(Ruleset ruleset, String location, String yaml) {
    Map<String, RuleNote> notes = notes(yaml);
    if (!List.copyOf(notes.keySet()).equals(ruleset.ruleIds())) {
      // Only if the file changed between the two reads.
      throw new IllegalStateException(
          "The triage ruleset at " + location + " changed while it was loaded; start again");
    }
    return new TriageRuleset(ruleset, location, yaml, notes);
  }

  /**
   * Each rule's sentence, worded as the engine words it in a decision's explanation, and its
   * sources. Reads text the engine has already validated, so every rule is well formed.
   */
  private static Map<String, RuleNote> notes(String yaml) {
    Map<String, RuleNote> notes = new LinkedHashMap<>();
    for (JsonNode rule : YAML.readTree(yaml).get("rules")) {
      String id = rule.get("id").asString().trim();
      List<String> sources = new ArrayList<>();
      JsonNode source = rule.get("source");
      if (source.isArray()) {
        source.forEach(s -> sources.add(s.asString().trim()));
      } else {
        sources.add(source.asString().trim());
      }
      notes.put(id, new RuleNote(id, text(rule), sources));
    }
    return notes;
  }

  private static String text(JsonNode rule) {
    JsonNode redFlag = rule.get("redFlag");
    if (redFlag != null) {
      return "Red flag "
          + redFlag.get("code").asString().trim()
          + ": "
          + redFlag.get("reason").asString().trim();
    }
    String because = rule.get("because").asString().trim();
    if (rule.get("cause") != null) {
      String strength =
          rule.get("strength").asString().trim().equals("LIKELY") ? "Likely " : "Possible ";
      return strength + words(rule.get("cause").asString().trim()) + ": " + because;
    }
    return Character.toUpperCase(because.charAt(0)) + because.substring(1);
  }

  private static String words(String code) {
    return code.toLowerCase(Locale.ROOT).replace('_', ' ');
  }

  public String version() {
    return ruleset.version();
  }

  /** The file it was loaded from, its place on the class path, or its stored version's id. */
  public String location() {
    return location;
  }

  /** The text it was read from. */
  public String yaml() {
    return yaml;
  }

  public Ruleset ruleset() {
    return ruleset;
  }

  /** The documents the rules cite: source id to title. */
  public Map<String, String> sources() {
    return ruleset.sources();
  }

  /** A source's title, or its id if this ruleset does not cite it (an older decision's source). */
  public String sourceTitle(String id) {
    return ruleset.sources().getOrDefault(id, id);
  }

  /** Every rule in ruleset order. */
  public List<RuleNote> rules() {
    return List.copyOf(notes.values());
  }

  public Decision evaluate(Answers answers) {
    return ruleset.evaluate(answers);
  }

  /** The rules that fired for the decision, in ruleset order, with their sentence and sources. */
  public List<FiredRule> firedRules(Decision decision) {
    return decision.firedRules().stream()
        .map(
            id -> {
              RuleNote note = notes.get(id);
              return new FiredRule(id, note.text(), note.sources());
            })
        .toList();
  }

  /** What a clinician reads about one rule. */
  public record RuleNote(String id, String text, List<String> sources) {
    public RuleNote {
      sources = List.copyOf(sources);
    }
  }
}
