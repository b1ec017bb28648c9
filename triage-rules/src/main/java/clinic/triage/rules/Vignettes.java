package clinic.triage.rules;

import clinic.events.Cause;
import clinic.events.Escalation;
import clinic.events.Route;
import clinic.events.TriageDecided.Strength;
import clinic.events.Urgency;
import clinic.events.questionnaire.Question;
import clinic.events.questionnaire.Questionnaire;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
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
 * table fails loudly instead of testing nothing.
 */
final class Vignettes {

  static final String RESOURCE = "clinic/triage/rules/vignettes.yaml";

  record Expected(
      Urgency urgency,
      Escalation escalation,
      Route route,
      List<Route> secondary,
      Map<Cause, Strength> causes,
      List<String> redFlags,
      boolean review,
      List<String> missing,
      List<String> fired) {}

  record Vignette(String name, Answers answers, Expected expected) {
    @Override
    public String toString() {
      return name;
    }
  }

  private Vignettes() {}

  private static List<Vignette> all;

  static synchronized List<Vignette> all() {
    if (all == null) {
      all = List.copyOf(load());
    }
    return all;
  }

  static Vignette named(String name) {
    return all().stream()
        .filter(v -> v.name().equals(name))
        .findFirst()
        .orElseThrow(() -> new IllegalArgumentException("no vignette '" + name + "'"));
  }

  @SuppressWarnings("unchecked")
  private static List<Vignette> load() {
    Map<String, Object> file;
    try (InputStream in = Vignettes.class.getClassLoader().getResourceAsStream(RESOURCE)) {
      file = new YAMLMapper().readValue(in, Map.class);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    Map<String, Map<String, Object>> baselines =
        (Map<String, Map<String, Object>>) file.get("baselines");
    List<Vignette> vignettes = new ArrayList<>();
    Set<String> names = new java.util.HashSet<>();
    for (Map<String, Object> v : (List<Map<String, Object>>) file.get("vignettes")) {
      String name = (String) v.get("name");
      if (!names.add(name)) {
        throw new IllegalStateException("duplicate vignette name: " + name);
      }
      Map<String, Object> answers = new LinkedHashMap<>(baselines.get("common"));
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
