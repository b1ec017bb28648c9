package clinic.intake.intake;

import clinic.events.IntakeWithdrawn;
import clinic.events.questionnaire.Condition;
import clinic.events.questionnaire.Question;
import clinic.events.questionnaire.Questionnaire;
import clinic.events.questionnaire.Section;
import clinic.intake.questionnaire.Labels;
import clinic.intake.questionnaire.TextLimits;
import clinic.web.FieldProblem;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.LocalDate;
import java.time.Period;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.springframework.stereotype.Component;
import tools.jackson.databind.JsonNode;

/**
 * The one validator of everything a person sends: submissions, amendments and withdrawals, from the
 * JSON API and from the front-desk form alike. Driven by the questionnaire definition (types,
 * ranges, options, which questions are asked for these answers, which of those are required), plus
 * the identity rules the definition cannot express (a plausible name, a date of birth in the past,
 * e-mail and phone formats, a way to reach a patient who agreed to be contacted).
 *
 * <p>One pass reports every offending field, in the order of the form, with a message from the
 * bundles in the request's language; nothing reaches the database unless there is none. An answer
 * to a question that is not asked for the other answers (a knee question without knee pain) is
 * rejected, saying when it is asked; it is not silently dropped, because a client that sends one
 * has misunderstood the questionnaire. (The no-JavaScript form shows every section, so it drops
 * such answers itself before they get here, see {@link FormInput}.)
 */
@Component
class IntakeValidator {

  static final String ANSWERS = "answers";
  static final String REASON = "reason";
  static final String IDEMPOTENCY_KEY = "Idempotency-Key";
  static final int MAX_AGE_YEARS = 130;

  /** Printable ASCII, as a UUID or any other client-chosen token is. */
  private static final Pattern KEY = Pattern.compile("[\\x21-\\x7E]{1,128}");

  /** Letters in any script, with the spaces, hyphens, apostrophes and dots names have. */
  private static final Pattern NAME = Pattern.compile("[\\p{L}\\p{M}][\\p{L}\\p{M} .,'’-]*");

  private static final Pattern EMAIL =
      Pattern.compile(
          "[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+(\\.[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+)*"
              + "@([A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?\\.)+[A-Za-z]{2,63}");

  private static final Pattern PHONE = Pattern.compile("\\+?[(]?[0-9][0-9 ()-]{4,28}");
  private static final int MIN_PHONE_DIGITS = 6;
  private static final int MAX_PHONE_DIGITS = 15;

  /** What {@link #read} returns for an answer that broke a rule (already reported). */
  private static final Object INVALID = new Object();

  private final Labels labels;
  private final Clock clock;
  private final IntakeMetrics metrics;

  IntakeValidator(Labels labels, Clock clock, IntakeMetrics metrics) {
    this.labels = labels;
    this.clock = clock;
    this.metrics = metrics;
  }

  /** A submission that passed every rule. */
  record Submission(Patient patient, Map<String, Object> answers) {}

  /**
   * {@code {"patientName": ..., "dateOfBirth": ..., ..., "answers": {question id: answer}}}: the
   * patient's own details at the top, the clinical answers below.
   */
  Submission submission(
      Questionnaire questionnaire, JsonNode body, String idempotencyKey, Locale locale) {
    var check = new Check(questionnaire, locale);
    if (idempotencyKey != null && !KEY.matcher(idempotencyKey).matches()) {
      check.error(IDEMPOTENCY_KEY, "error.idempotencyKey");
    }
    var personal = questionnaire.questions().filter(Question::personal).toList();
    var fields = personal.stream().map(Question::id).collect(Collectors.toCollection(HashSet::new));
    fields.add(ANSWERS);
    check.onlyFields(body, fields);

    var details = new HashMap<String, Object>();
    for (var question : personal) {
      var value = check.read(question, question.id(), body.get(question.id()));
      if (value == null && question.required()) {
        check.required(question, question.id());
      } else if (value != null && value != INVALID) {
        details.put(question.id(), value);
      }
    }
    var answers = check.answers(body.get(ANSWERS));
    var patient = check.patient(details);
    if (check.hasErrors()) {
      metrics.rejected(IntakeMetrics.Rejection.INVALID);
    }
    check.done();
    return new Submission(patient, answers);
  }

  /**
   * {@code {"answers": {question id: answer}, "reason": "ENTRY_ERROR"}}: the whole corrected set of
   * clinical answers, and why (a code; optional for API clients, required on the intake's page).
   */
  Correction amendment(
      Questionnaire questionnaire, JsonNode body, boolean reasonRequired, Locale locale) {
    var check = new Check(questionnaire, locale);
    check.onlyFields(body, Set.of(ANSWERS, REASON));
    var answers = check.answers(body.get(ANSWERS));
    var reasons = Arrays.stream(Intake.AmendmentReason.values()).map(Enum::name).toList();
    var reason = body.get(REASON);
    boolean given = reason != null && !reason.isNull();
    if ((given || reasonRequired)
        && (!given || !reason.isString() || !reasons.contains(reason.stringValue()))) {
      check.error(REASON, "error.reason", String.join(", ", reasons));
    }
    check.done();
    return new Correction(
        answers, given ? Intake.AmendmentReason.valueOf(reason.stringValue()) : null);
  }

  /** A checked amendment: the corrected answers and why (null when an API client gave none). */
  record Correction(Map<String, Object> answers, Intake.AmendmentReason reason) {}

  /** {@code {"reason": "DUPLICATE"}}: a code, never free text that could identify someone. */
  IntakeWithdrawn.Reason withdrawal(Questionnaire questionnaire, JsonNode body, Locale locale) {
    var check = new Check(questionnaire, locale);
    check.onlyFields(body, Set.of(REASON));
    var reasons = Arrays.stream(IntakeWithdrawn.Reason.values()).map(Enum::name).toList();
    var reason = body.get(REASON);
    if (reason == null || !reason.isString() || !reasons.contains(reason.stringValue())) {
      check.error(REASON, "error.reason", String.join(", ", reasons));
    }
    check.done();
    return IntakeWithdrawn.Reason.valueOf(reason.stringValue());
  }

  /** The collected errors of one request, and the rules that produce them. */
  private final class Check {

    private final Questionnaire questionnaire;
    private final Locale locale;
    private final Map<String, Integer> order = new HashMap<>();
    private final List<FieldProblem> errors = new ArrayList<>();
    private final Set<String> failed = new HashSet<>();

    Check(Questionnaire questionnaire, Locale locale) {
      this.questionnaire = questionnaire;
      this.locale = locale;
      var ids = questionnaire.questions().map(Question::id).toList();
      for (int i = 0; i < ids.size(); i++) {
        order.put(ids.get(i), i);
      }
    }

    void onlyFields(JsonNode body, Set<String> known) {
      for (var name : body.propertyNames()) {
        if (!known.contains(name)) {
          error(name, "error.unknownField");
        }
      }
    }

    /**
     * The clinical answers that are asked for these answers, typed and in the questionnaire's
     * order. An answer the person has to fix first (missing, or of the wrong type) silences the
     * verdict on the questions that depend on it: they cannot be judged yet.
     */
    Map<String, Object> answers(JsonNode node) {
      if (node == null || node.isNull()) {
        error(ANSWERS, "error.answers.required");
        return Map.of();
      }
      if (!node.isObject()) {
        error(ANSWERS, "error.answers.object");
        return Map.of();
      }
      var given = new HashMap<String, Object>();
      for (var entry : node.properties()) {
        var field = ANSWERS + "." + entry.getKey();
        var question = questionnaire.question(entry.getKey()).filter(q -> !q.personal());
        if (question.isEmpty()) {
          error(field, "error.unknownQuestion");
          continue;
        }
        var value = read(question.get(), field, entry.getValue());
        if (value != null && value != INVALID) {
          // Events carry dates as ISO-8601 strings.
          given.put(question.get().id(), value instanceof LocalDate date ? date.toString() : value);
        }
      }
      var asked = questionnaire.asked(given).stream().map(Question::id).collect(Collectors.toSet());
      var answers = new LinkedHashMap<String, Object>();
      for (var section : questionnaire.sections()) {
        for (var question : section.questions()) {
          var id = question.id();
          if (question.personal() || failed.contains(id)) {
            continue;
          }
          var field = ANSWERS + "." + id;
          if (asked.contains(id)) {
            if (given.containsKey(id)) {
              answers.put(id, given.get(id));
            } else if (question.required()) {
              required(question, field);
            }
          } else if (given.containsKey(id)) {
            var condition = unmet(section, question, answers);
            if (!failed.contains(condition.question())) {
              error(field, "error.notAsked", labels.condition(questionnaire, condition, locale));
            }
          }
        }
      }
      return answers;
    }

    /** The condition that keeps a question from being asked: its section's first, then its own. */
    private Condition unmet(Section section, Question question, Map<String, Object> earlier) {
      return section.shownWhen() != null && !section.shownWhen().holds(earlier)
          ? section.shownWhen()
          : question.shownWhen();
    }

    /** The rules the definition cannot express, on the details that passed the type checks. */
    Patient patient(Map<String, Object> details) {
      var name = (String) details.get("patientName");
      if (name != null && !NAME.matcher(name).matches()) {
        error("patientName", "error.patientName.letters");
      }
      var dateOfBirth = (LocalDate) details.get("dateOfBirth");
      if (dateOfBirth != null) {
        var today = LocalDate.now(clock);
        if (!dateOfBirth.isBefore(today)) {
          error("dateOfBirth", "error.dateOfBirth.future");
        } else if (Period.between(dateOfBirth, today).getYears() > MAX_AGE_YEARS) {
          error("dateOfBirth", "error.dateOfBirth.tooOld", String.valueOf(MAX_AGE_YEARS));
        }
      }
      var email = (String) details.get("email");
      if (email != null && !EMAIL.matcher(email).matches()) {
        error("email", "error.email.format");
      }
      var phone = (String) details.get("phone");
      if (phone != null) {
        long digits = phone.chars().filter(Character::isDigit).count();
        if (!PHONE.matcher(phone).matches()
            || digits < MIN_PHONE_DIGITS
            || digits > MAX_PHONE_DIGITS) {
          error("phone", "error.phone.format");
        }
      }
      var consent = Boolean.TRUE.equals(details.get("consentToContact"));
      if (consent
          && email == null
          && phone == null
          && !failed.contains("email")
          && !failed.contains("phone")) {
        error("phone", "error.contact.missing");
      }
      if (!errors.isEmpty()) {
        return null;
      }
      return new Patient(
          name, dateOfBirth, email, phone, consent, (String) details.get("preferredLanguage"));
    }

    /** The typed answer; null when not answered; {@link #INVALID} when it broke a rule. */
    Object read(Question question, String field, JsonNode node) {
      if (node == null || node.isNull()) {
        return null;
      }
      return switch (question.type()) {
        case BOOLEAN ->
            node.isBoolean() ? (Object) node.booleanValue() : invalid(field, "error.type.BOOLEAN");
        case INTEGER ->
            node.isIntegralNumber() && inRange(question, node.asDouble())
                ? (Object) node.intValue()
                : invalid(field, question, "error.type.INTEGER");
        case DECIMAL ->
            node.isNumber() && inRange(question, node.asDouble())
                ? (Object) node.doubleValue()
                : invalid(field, question, "error.type.DECIMAL");
        case CHOICE ->
            node.isString() && question.options().contains(node.stringValue())
                ? node.stringValue()
                : invalid(field, "error.type.CHOICE", String.join(", ", question.options()));
        case MULTI_CHOICE -> list(question, field, node);
        case TEXT -> text(question, field, node);
        case DATE -> date(field, node);
      };
    }

    private Object list(Question question, String field, JsonNode node) {
      var options = question.options();
      if (!node.isArray()) {
        return invalid(field, "error.type.MULTI_CHOICE", String.join(", ", options));
      }
      if (node.size() > options.size()) {
        return invalid(field, "error.list.tooMany", String.valueOf(options.size()));
      }
      var chosen = new ArrayList<String>();
      boolean valid = true;
      for (int i = 0; i < node.size(); i++) {
        var element = node.get(i);
        var elementField = field + "[" + i + "]";
        if (!element.isString() || !options.contains(element.stringValue())) {
          error(elementField, "error.type.CHOICE", String.join(", ", options));
          valid = false;
        } else if (chosen.contains(element.stringValue())) {
          error(elementField, "error.list.duplicate");
          valid = false;
        } else {
          chosen.add(element.stringValue());
        }
      }
      if (!valid) {
        failed.add(question.id());
        return INVALID;
      }
      return chosen.isEmpty() ? null : List.copyOf(chosen);
    }

    private Object text(Question question, String field, JsonNode node) {
      if (!node.isString()) {
        return invalid(field, "error.type.TEXT");
      }
      var text = node.stringValue().strip();
      if (text.isEmpty()) {
        return null;
      }
      int limit = TextLimits.of(question);
      if (text.length() > limit) {
        return invalid(field, "error.text.tooLong", String.valueOf(limit));
      }
      return text;
    }

    private Object date(String field, JsonNode node) {
      if (node.isString()) {
        try {
          return LocalDate.parse(node.stringValue());
        } catch (DateTimeParseException e) {
          // reported below
        }
      }
      return invalid(field, "error.type.DATE");
    }

    private boolean inRange(Question question, double value) {
      return Double.isFinite(value)
          && (question.min() == null || value >= question.min())
          && (question.max() == null || value <= question.max());
    }

    void required(Question question, String field) {
      failed.add(question.id());
      add(
          field,
          labels.firstOf(
              new String[] {"error.required." + question.id(), "error.required." + question.type()},
              locale,
              plain(question.min()),
              plain(question.max())));
    }

    private Object invalid(String field, Question question, String code) {
      return invalid(field, code, plain(question.min()), plain(question.max()));
    }

    private Object invalid(String field, String code, Object... args) {
      error(field, code, args);
      return INVALID;
    }

    void error(String field, String code, Object... args) {
      failed.add(questionOf(field));
      add(field, labels.message(code, locale, args));
    }

    private void add(String field, String message) {
      errors.add(new FieldProblem(field, message));
    }

    boolean hasErrors() {
      return !errors.isEmpty();
    }

    /** Throws the problem listing every error, in the order of the form. */
    void done() {
      if (errors.isEmpty()) {
        return;
      }
      var sorted =
          errors.stream()
              .distinct()
              .sorted(Comparator.comparingInt(e -> position(e.field())))
              .toList();
      var detail =
          sorted.size() == 1
              ? labels.message("problem.invalid.detail.one", locale)
              : labels.message("problem.invalid.detail", locale, String.valueOf(sorted.size()));
      throw new InvalidIntake(sorted, labels.message("problem.invalid.title", locale), detail);
    }

    private int position(String field) {
      if (field.equals(IDEMPOTENCY_KEY)) {
        return -1;
      }
      return order.getOrDefault(questionOf(field), Integer.MAX_VALUE);
    }
  }

  /** {@code answers.painAreas[1]} is about question {@code painAreas}. */
  static String questionOf(String field) {
    var id = field.startsWith(ANSWERS + ".") ? field.substring(ANSWERS.length() + 1) : field;
    int bracket = id.indexOf('[');
    return bracket < 0 ? id : id.substring(0, bracket);
  }

  /** 0 rather than 0.0 in a message. */
  private static String plain(Double number) {
    return number == null ? "" : BigDecimal.valueOf(number).stripTrailingZeros().toPlainString();
  }
}
