package clinic.intake.questionnaire;

import clinic.events.questionnaire.Condition;
import clinic.events.questionnaire.Question;
import clinic.events.questionnaire.Questionnaire;
import clinic.events.questionnaire.Section;
import clinic.fhir.AnswerCodes;
import java.math.BigDecimal;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.hl7.fhir.r4.model.BooleanType;
import org.hl7.fhir.r4.model.CodeType;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.DecimalType;
import org.hl7.fhir.r4.model.Enumerations.PublicationStatus;
import org.hl7.fhir.r4.model.IntegerType;
import org.hl7.fhir.r4.model.PrimitiveType;
import org.hl7.fhir.r4.model.Questionnaire.EnableWhenBehavior;
import org.hl7.fhir.r4.model.Questionnaire.QuestionnaireItemComponent;
import org.hl7.fhir.r4.model.Questionnaire.QuestionnaireItemEnableWhenComponent;
import org.hl7.fhir.r4.model.Questionnaire.QuestionnaireItemOperator;
import org.hl7.fhir.r4.model.Questionnaire.QuestionnaireItemType;
import org.hl7.fhir.r4.model.StringType;
import org.hl7.fhir.r4.model.Type;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/**
 * The questionnaire definition as an R4 Questionnaire, worded from the same message bundles as the
 * form and the JSON API: sections as {@code group} items, each question an item whose {@code
 * linkId} is its id, conditions as {@code enableWhen}, options as {@code answerOption} codings of
 * {@link AnswerCodes#SYSTEM}, ranges as the {@code minValue}/{@code maxValue} extensions, UCUM
 * units, text limits, English text with Spanish in the {@code translation} extension. Nothing is
 * written here twice: what the FHIR form cannot derive from the definition (units, the Patient
 * elements personal questions fill) is the two small tables below.
 *
 * <p>The canonical URL is {@code <public base URL>/fhir/Questionnaire/<version>}, also its id: one
 * stable URL per version, under {@code clinic.intake.public-url}.
 */
@Component
public class FhirQuestionnaires {

  static final String TRANSLATION = "http://hl7.org/fhir/StructureDefinition/translation";
  static final String MIN_VALUE = "http://hl7.org/fhir/StructureDefinition/minValue";
  static final String MAX_VALUE = "http://hl7.org/fhir/StructureDefinition/maxValue";
  static final String UNIT = "http://hl7.org/fhir/StructureDefinition/questionnaire-unit";
  static final String ITEM_CONTROL =
      "http://hl7.org/fhir/StructureDefinition/questionnaire-itemControl";
  static final String UCUM = "http://unitsofmeasure.org";

  private static final Locale SPANISH = Locale.forLanguageTag("es");

  /** The UCUM unit of each number question that has one (a score or a count has none). */
  static final Map<String, String> UNITS =
      Map.of(
          "durationWeeks", "wk",
          "physicalTherapyWeeks", "wk",
          "morningStiffnessMinutes", "min",
          "weightKg", "kg",
          "heightCm", "cm");

  private static final Map<String, String> UNIT_NAMES =
      Map.of("wk", "week", "min", "minute", "kg", "kilogram", "cm", "centimeter");

  /**
   * The Patient element each personal question fills (the SDC {@code definition} of the item),
   * which also marks it as identity rather than a clinical answer. Consent to contact has no
   * Patient element and is marked by its place in the "about you" section only.
   */
  static final Map<String, String> PATIENT_ELEMENTS =
      Map.of(
          "patientName", "Patient.name",
          "dateOfBirth", "Patient.birthDate",
          "phone", "Patient.telecom",
          "email", "Patient.telecom",
          "preferredLanguage", "Patient.communication.language");

  private final Labels labels;
  private final String base;

  FhirQuestionnaires(Labels labels, @Value("${clinic.intake.public-url}") String publicUrl) {
    this.labels = labels;
    this.base = publicUrl.replaceAll("/+$", "");
  }

  /** The canonical URL of a version's Questionnaire. */
  public String canonical(String version) {
    return base + "/fhir/Questionnaire/" + version;
  }

  /** The version a canonical URL ({@code url} or {@code url|version}) names, if it is ours. */
  public Optional<String> version(String canonical) {
    if (canonical == null) {
      return Optional.empty();
    }
    int bar = canonical.indexOf('|');
    var url = bar < 0 ? canonical : canonical.substring(0, bar);
    var prefix = base + "/fhir/Questionnaire/";
    if (!url.startsWith(prefix) || url.length() == prefix.length()) {
      return Optional.empty();
    }
    var version = url.substring(prefix.length());
    if (bar >= 0 && !canonical.substring(bar + 1).equals(version)) {
      return Optional.empty();
    }
    return Optional.of(version);
  }

  public org.hl7.fhir.r4.model.Questionnaire render(Questionnaire questionnaire) {
    var version = questionnaire.version();
    var fhir = new org.hl7.fhir.r4.model.Questionnaire();
    fhir.setId(version);
    fhir.setLanguage("en");
    fhir.setUrl(canonical(version));
    fhir.setVersion(version);
    fhir.setName("SpineAndKneeIntake");
    fhir.setTitleElement(
        translated(
            labels.message("form.title", Locale.ENGLISH), labels.message("form.title", SPANISH)));
    fhir.setStatus(PublicationStatus.ACTIVE);
    fhir.addSubjectType("Patient");
    fhir.setPublisher(labels.message("app.name", Locale.ENGLISH));
    for (Section section : questionnaire.sections()) {
      var group =
          fhir.addItem()
              .setLinkId(section.id())
              .setType(QuestionnaireItemType.GROUP)
              .setRequired(section.questions().stream().anyMatch(Question::required));
      group.setTextElement(
          translated(
              labels.section(section.id(), Locale.ENGLISH), labels.section(section.id(), SPANISH)));
      help(
          group,
          section.id() + "-help",
          labels.sectionHelp(section.id(), Locale.ENGLISH),
          labels.sectionHelp(section.id(), SPANISH));
      enableWhen(group, questionnaire, section.shownWhen());
      for (Question question : section.questions()) {
        group.addItem(item(questionnaire, question));
      }
    }
    return fhir;
  }

  private QuestionnaireItemComponent item(Questionnaire questionnaire, Question question) {
    var item = new QuestionnaireItemComponent().setLinkId(question.id());
    item.setTextElement(
        translated(
            labels.question(question.id(), Locale.ENGLISH),
            labels.question(question.id(), SPANISH)));
    item.setRequired(question.required());
    switch (question.type()) {
      case BOOLEAN -> item.setType(QuestionnaireItemType.BOOLEAN);
      case INTEGER -> {
        item.setType(QuestionnaireItemType.INTEGER);
        range(item, question, number -> new IntegerType((int) number));
      }
      case DECIMAL -> {
        item.setType(QuestionnaireItemType.DECIMAL);
        range(item, question, number -> new DecimalType(BigDecimal.valueOf(number)));
      }
      case CHOICE, MULTI_CHOICE -> {
        item.setType(QuestionnaireItemType.CHOICE);
        item.setRepeats(question.type() == Question.Type.MULTI_CHOICE);
        for (String value : question.options()) {
          var coding = AnswerCodes.coding(value);
          coding.setDisplayElement(
              translated(
                  labels.option(question, value, Locale.ENGLISH),
                  labels.option(question, value, SPANISH)));
          item.addAnswerOption().setValue(coding);
        }
      }
      case TEXT -> {
        item.setType(QuestionnaireItemType.STRING);
        item.setMaxLength(TextLimits.of(question));
      }
      case DATE -> item.setType(QuestionnaireItemType.DATE);
    }
    var unit = UNITS.get(question.id());
    if (unit != null) {
      item.addExtension(UNIT, new Coding(UCUM, unit, UNIT_NAMES.get(unit)));
    }
    var element = PATIENT_ELEMENTS.get(question.id());
    if (element != null) {
      item.setDefinition("http://hl7.org/fhir/StructureDefinition/Patient#" + element);
    }
    help(
        item,
        question.id() + "-help",
        labels.help(question.id(), Locale.ENGLISH),
        labels.help(question.id(), SPANISH));
    enableWhen(item, questionnaire, question.shownWhen());
    return item;
  }

  private interface NumberType {
    Type of(double number);
  }

  private static void range(QuestionnaireItemComponent item, Question question, NumberType type) {
    if (question.min() != null) {
      item.addExtension(MIN_VALUE, type.of(question.min()));
    }
    if (question.max() != null) {
      item.addExtension(MAX_VALUE, type.of(question.max()));
    }
  }

  /** The explanation under a question or section, as SDC's help display item. */
  private void help(
      QuestionnaireItemComponent item, String linkId, String english, String spanish) {
    if (english == null) {
      return;
    }
    var help = item.addItem().setLinkId(linkId).setType(QuestionnaireItemType.DISPLAY);
    help.setTextElement(translated(english, spanish));
    help.addExtension(
        ITEM_CONTROL,
        new CodeableConcept(
            new Coding("http://hl7.org/fhir/questionnaire-item-control", "help", "Help-Button")));
  }

  /**
   * A condition "the answer to Q is (or, for a multiple choice, includes) one of these" as one
   * {@code enableWhen} per value, any of which enables the item.
   */
  private static void enableWhen(
      QuestionnaireItemComponent item, Questionnaire questionnaire, Condition condition) {
    if (condition == null) {
      return;
    }
    var asked = questionnaire.question(condition.question()).orElseThrow();
    for (String value : condition.anyOf()) {
      item.addEnableWhen(
          new QuestionnaireItemEnableWhenComponent()
              .setQuestion(asked.id())
              .setOperator(QuestionnaireItemOperator.EQUAL)
              .setAnswer(answer(asked, value)));
    }
    item.setEnableBehavior(EnableWhenBehavior.ANY);
  }

  private static Type answer(Question question, String value) {
    return switch (question.type()) {
      case BOOLEAN -> new BooleanType(Boolean.parseBoolean(value));
      case INTEGER -> new IntegerType(Integer.parseInt(value));
      case DECIMAL -> new DecimalType(value);
      case CHOICE, MULTI_CHOICE -> AnswerCodes.coding(value);
      case TEXT -> new StringType(value);
      case DATE -> new org.hl7.fhir.r4.model.DateType(value);
    };
  }

  /** English text carrying its Spanish wording in the translation extension. */
  static StringType translated(String english, String spanish) {
    var text = new StringType(english);
    if (spanish != null && !spanish.isBlank()) {
      translation(text, "es", spanish);
    }
    return text;
  }

  private static void translation(PrimitiveType<?> element, String language, String content) {
    var extension = element.addExtension().setUrl(TRANSLATION);
    extension.addExtension("lang", new CodeType(language));
    extension.addExtension("content", new StringType(content));
  }

  /** Every linkId of the rendered questionnaire, groups and help items included. */
  public static List<String> linkIds(org.hl7.fhir.r4.model.Questionnaire questionnaire) {
    var ids = new java.util.ArrayList<String>();
    collect(questionnaire.getItem(), ids);
    return ids;
  }

  private static void collect(List<QuestionnaireItemComponent> items, List<String> ids) {
    for (var item : items) {
      ids.add(item.getLinkId());
      collect(item.getItem(), ids);
    }
  }
}
