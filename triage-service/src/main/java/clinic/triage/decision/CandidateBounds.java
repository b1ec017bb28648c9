package clinic.triage.decision;

import java.net.URI;
import java.util.HashMap;
import java.util.Map;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.dataformat.yaml.YAMLMapper;

/**
 * Bounds the work of validating a candidate ruleset before the engine is given it. Validation
 * searches, for every rule, for answers that make its condition hold (each search capped by the
 * engine), and for a rule that can never fire searches each pair of its conditions again; so the
 * work grows with the number of rules and with the square of a condition's size. A condition's size
 * counts the definitions it names by their own size: definitions naming definitions could otherwise
 * double a condition at each level while the text stays short.
 */
@Component
public class CandidateBounds {

  private static final YAMLMapper YAML = YAMLMapper.builder().build();

  /** The problem type of a candidate ruleset (or its vignettes) that does not validate. */
  public static final URI INVALID_RULESET = URI.create("urn:clinic:problem:invalid-ruleset");

  /** The problem type of a candidate over one of these bounds ({@link TooMuchWork}). */
  public static final URI CANDIDATE_TOO_LARGE =
      URI.create("urn:clinic:problem:candidate-ruleset-too-large");

  static final String MAX_RULES = "triage.replay.max-rules";
  static final String MAX_CONDITION_SIZE = "triage.replay.max-condition-size";

  private final int maxRules;
  private final int maxConditionSize;

  CandidateBounds(
      @Value("${" + MAX_RULES + ":300}") int maxRules,
      @Value("${" + MAX_CONDITION_SIZE + ":40}") int maxConditionSize) {
    this.maxRules = maxRules;
    this.maxConditionSize = maxConditionSize;
  }

  /** A candidate over a bound; answered 422 with the reason, before any validation. */
  public static final class TooMuchWork extends RuntimeException {

    private static final long serialVersionUID = 1L;

    TooMuchWork(String reason) {
      super(reason);
    }
  }

  /**
   * Checks the candidate's shape against the bounds. Text that is not a ruleset at all is left to
   * the engine, which says what is wrong with it.
   *
   * @throws TooMuchWork naming the bound and the setting that sets it
   */
  public void check(String yaml) {
    JsonNode root;
    try {
      root = YAML.readTree(yaml);
    } catch (JacksonException e) {
      return;
    }
    if (root == null || !root.isObject()) {
      return;
    }
    JsonNode rules = root.get("rules");
    if (rules != null && rules.isArray() && rules.size() > maxRules) {
      throw new TooMuchWork(
          "The candidate has "
              + rules.size()
              + " rules; a replay validates at most "
              + maxRules
              + " ("
              + MAX_RULES
              + ").");
    }
    Map<String, Long> definitions = new HashMap<>();
    JsonNode defined = root.get("definitions");
    if (defined != null && defined.isObject()) {
      for (Map.Entry<String, JsonNode> definition : defined.properties()) {
        definitions.put(definition.getKey(), size(definition.getValue(), definitions));
      }
    }
    if (rules == null || !rules.isArray()) {
      return;
    }
    int position = 0;
    for (JsonNode rule : rules) {
      position++;
      long size = rule.isObject() ? size(rule.get("when"), definitions) : 0;
      if (size > maxConditionSize) {
        JsonNode id = rule.get("id");
        throw new TooMuchWork(
            "The condition of "
                + (id != null && id.isString()
                    ? "rule '" + id.stringValue().trim() + "'"
                    : "rule #" + position)
                + " has "
                + (size >= CAP ? "more than " + CAP : String.valueOf(size))
                + " parts, definitions counted in full; a replay validates at most "
                + maxConditionSize
                + " ("
                + MAX_CONDITION_SIZE
                + ").");
      }
    }
  }

  /** Sizes above this are all "too large": no sum overflows. */
  private static final long CAP = 1_000_000;

  /** The number of single conditions, with each definition named counted as its own size. */
  private static long size(JsonNode node, Map<String, Long> definitions) {
    if (node == null) {
      return 0;
    }
    if (node.isString()) {
      return definitions.getOrDefault(node.stringValue().trim(), 1L);
    }
    long size = 0;
    if (node.isArray() || node.isObject()) {
      for (JsonNode part : node.values()) {
        size = Math.min(CAP, size + size(part, definitions));
      }
      return size;
    }
    return 1;
  }
}
