package clinic.triage.rules;

import clinic.events.Cause;
import clinic.events.Escalation;
import clinic.events.Route;
import clinic.events.TriageDecided.RedFlag;
import clinic.events.TriageDecided.Strength;
import clinic.events.Urgency;
import clinic.events.questionnaire.Question;
import clinic.events.questionnaire.Questionnaire;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import tools.jackson.dataformat.yaml.YAMLMapper;

/**
 * The clinical vignettes of {@code vignettes.yaml}: baselines merged with each vignette's answers,
 * and checked to be complete, valid answers to the current questionnaire, so that a typo in the
 * table fails loudly instead of testing nothing. They are versioned with the ruleset: the clinic's
 * own set is on the class path beside {@code ruleset.yaml}, and a candidate ruleset may bring its
 * own ({@link #parse}); {@link #failures} says how a ruleset decides a vignette otherwise than it
 * expects.
 */
public final class Vignettes {

  public static final String RESOURCE = "clinic/triage/rules/vignettes.yaml";

  public record Expected(
      Urgency urgency,
      Escalation escalation,
      Route route,
      List<Route> secondary,
      Map<Cause, Strength> causes,
      List<String> redFlags,
      boolean review,
      List<String> missing,
      List<String> fired) {}

  public record Vignette(String name, Answers answers, Expected expected) {
    @Override
    public String toString() {
      return name;
    }
  }

  private Vignettes() {}

  private static List<Vignette> all;

  /** The clinic's own vignettes, from the class path. */
  public static synchronized List<Vignette> all() {
    if (all == null) {
      all = List.copyOf(load());
    }
    return all;
  }

  public static Vignette named(String name) {
    return all().stream()
        .filter(v -> v.name().equals(name))
        .findFirst()
        .orElseThrow(() -> new IllegalArgumentException("no vignette '" + name + "'"));
  }

  /** The text of the clinic's own vignettes file. */
  public static String text() {
    try (InputStream in = Vignettes.class.getClassLoader().getResourceAsStream(RESOURCE)) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static List<Vignette> load() {
    return read(text());
  }

  /**
   * Reads a vignettes file (a candidate ruleset's own, say), checked as the clinic's is.
   *
   * @param fileName the name its problems are reported under
   * @throws RulesetException naming the file and the problem
   */
  public static List<Vignette> parse(String fileName, String yaml) {
    try {
      return read(yaml);
    } catch (RuntimeException e) {
      throw new RulesetException(
          fileName
              + ": "
              + (e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage()),
          e);
    }
  }

  @SuppressWarnings("unchecked")
  private static List<Vignette> read(String yaml) {
    Map<String, Object> file = new YAMLMapper().readValue(yaml, Map.class);
    if (file == null || !(file.get("vignettes") instanceof List<?>)) {
      throw new IllegalStateException("no list of vignettes");
    }
    Map<String, Map<String, Object>> baselines =
        (Map<String, Map<String, Object>>) file.getOrDefault("baselines", Map.of());
    List<Vignette> vignettes = new ArrayList<>();
    Set<String> names = new java.util.HashSet<>();
    for (Map<String, Object> v : (List<Map<String, Object>>) file.get("vignettes")) {
      String name = (String) v.get("name");
      if (!names.add(name)) {
        throw new IllegalStateException("duplicate vignette name: " + name);
      }
      Map<String, Object> answers = new LinkedHashMap<>(baselines.getOrDefault("common", Map.of()));
      for (String base : (List<String>) v.getOrDefault("base", List.of())) {
        answers.putAll(require(baselines.get(base), name + ": unknown base " + base));
      }
      answers.putAll((Map<String, Object>) v.getOrDefault("answers", Map.of()));
      // Drop what the questionnaire would not ask, then remove what the vignette leaves blank.
      Set<String> asked =
          Questionnaire.CURRENT.asked(answers).stream()
              .map(Question::id)
              .collect(Collectors.toSet());
      answers.keySet().retainAll(asked);
      List<String> unanswered = (List<String>) v.getOrDefault("unanswered", List.of());
      unanswered.forEach(answers::remove);
      boolean allowInvalid = Boolean.TRUE.equals(v.get("allowInvalid"));
      check(name, answers, asked, unanswered, allowInvalid);

      Map<String, Object> e = (Map<String, Object>) v.get("expect");
      Map<Cause, Strength> causes = new LinkedHashMap<>();
      ((Map<String, String>) require(e.get("causes"), name + ": expect.causes"))
          .forEach(
              (cause, strength) -> causes.put(Cause.valueOf(cause), Strength.valueOf(strength)));
      Expected expected =
          new Expected(
              Urgency.valueOf((String) require(e.get("urgency"), name + ": expect.urgency")),
              e.containsKey("escalation") ? Escalation.valueOf((String) e.get("escalation")) : null,
              Route.valueOf((String) require(e.get("route"), name + ": expect.route")),
              e.containsKey("secondary")
                  ? ((List<String>) e.get("secondary")).stream().map(Route::valueOf).toList()
                  : null,
              causes,
              (List<String>) e.getOrDefault("redFlags", List.of()),
              Boolean.TRUE.equals(e.get("review")),
              (List<String>) e.get("missing"),
              (List<String>) e.get("fired"));
      int age = (Integer) require(v.get("age"), name + ": age");
      vignettes.add(new Vignette(name, new Answers(age, answers), expected));
    }
    return vignettes;
  }

  private static <T> T require(T value, String what) {
    if (value == null) {
      throw new IllegalStateException("vignettes.yaml: missing " + what);
    }
    return value;
  }

  private static void check(
      String name,
      Map<String, Object> answers,
      Set<String> asked,
      List<String> unanswered,
      boolean allowInvalid) {
    for (Question question : Questionnaire.CURRENT.asked(answers)) {
      if (question.required()
          && !question.personal()
          && !answers.containsKey(question.id())
          && !unanswered.contains(question.id())
          && asked.contains(question.id())) {
        throw new IllegalStateException(
            "vignette '" + name + "' is incomplete: no answer to " + question.id());
      }
    }
    for (Map.Entry<String, Object> answer : answers.entrySet()) {
      Question question =
          Questionnaire.CURRENT
              .question(answer.getKey())
              .orElseThrow(
                  () ->
                      new IllegalStateException(
                          "vignette '" + name + "': unknown question " + answer.getKey()));
      if (!allowInvalid && !valid(question, answer.getValue())) {
        throw new IllegalStateException(
            "vignette '" + name + "': invalid answer " + answer + " to " + question);
      }
    }
  }

  /**
   * How the ruleset decides this vignette otherwise than it expects, one line per aspect ("urgency:
   * expected EMERGENCY, got URGENT"); empty when it decides as expected.
   */
  public static List<String> failures(Ruleset ruleset, Vignette vignette) {
    Decision decision = ruleset.evaluate(vignette.answers());
    Expected expected = vignette.expected();
    List<String> failures = new ArrayList<>();
    expect(failures, "urgency", expected.urgency(), decision.urgency());
    expect(failures, "escalation", expected.escalation(), decision.escalation());
    expect(failures, "route", expected.route(), decision.route());
    if (expected.secondary() != null) {
      expect(failures, "secondary routes", expected.secondary(), decision.secondaryRoutes());
    }
    Map<Cause, Strength> causes = new LinkedHashMap<>();
    decision.causes().forEach(cause -> causes.put(cause.cause(), cause.strength()));
    expect(failures, "causes", expected.causes(), causes);
    expect(
        failures,
        "red flags",
        expected.redFlags(),
        decision.redFlags().stream().map(RedFlag::code).toList());
    expect(failures, "needs clinician review", expected.review(), decision.needsClinicianReview());
    if (expected.missing() != null) {
      expect(failures, "missing answers", expected.missing(), decision.missingAnswers());
    }
    if (expected.fired() != null) {
      List<String> notFired = new ArrayList<>(expected.fired());
      notFired.removeAll(decision.firedRules());
      if (!notFired.isEmpty()) {
        failures.add("rules that did not fire: " + String.join(", ", notFired));
      }
    }
    return failures;
  }

  private static void expect(List<String> failures, String aspect, Object expected, Object got) {
    if (!java.util.Objects.equals(expected, got)) {
      failures.add(
          aspect
              + ": expected "
              + (expected == null ? "none" : expected)
              + ", got "
              + (got == null ? "none" : got));
    }
  }

  /** Whether an answer is one the questionnaire allows. */
  static boolean valid(Question question, Object value) {
    return switch (question.type()) {
      case BOOLEAN -> value instanceof Boolean;
      case CHOICE -> value instanceof String s && question.options().contains(s);
      case MULTI_CHOICE ->
          value instanceof List<?> list
              && list.size() >= (question.min() == null ? 0 : question.min())
              && question.options().containsAll(list);
      case INTEGER -> value instanceof Integer i && i >= question.min() && i <= question.max();
      case DECIMAL ->
          value instanceof Number n
              && n.doubleValue() >= question.min()
              && n.doubleValue() <= question.max();
      default -> value instanceof String;
    };
  }
}
