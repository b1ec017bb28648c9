package clinic.fhir;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.hl7.fhir.r4.model.BooleanType;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.DateType;
import org.hl7.fhir.r4.model.DecimalType;
import org.hl7.fhir.r4.model.IntegerType;
import org.hl7.fhir.r4.model.Questionnaire;
import org.hl7.fhir.r4.model.Questionnaire.QuestionnaireItemComponent;
import org.hl7.fhir.r4.model.Questionnaire.QuestionnaireItemEnableWhenComponent;
import org.hl7.fhir.r4.model.QuestionnaireResponse;
import org.hl7.fhir.r4.model.QuestionnaireResponse.QuestionnaireResponseItemComponent;
import org.hl7.fhir.r4.model.QuestionnaireResponse.QuestionnaireResponseStatus;
import org.hl7.fhir.r4.model.StringType;
import org.hl7.fhir.r4.model.Type;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * A form filler that knows FHIR only: it answers every enabled item of a Questionnaire (yes to
 * every yes/no, every option of a repeating choice, the first of a single one, the smallest allowed
 * number), and the patient's details where an item's {@code definition} names a Patient element.
 */
public final class FormFiller {

  public static final String PATIENT_NAME = "Ana Example";
  public static final String PATIENT_BIRTH_DATE = "1961-04-12";

  private FormFiller() {}

  public static QuestionnaireResponse fill(Questionnaire questionnaire) {
    var response =
        new QuestionnaireResponse()
            .setQuestionnaire(questionnaire.getUrl())
            .setStatus(QuestionnaireResponseStatus.COMPLETED);
    var given = new HashMap<String, List<Type>>();
    response.getItem().addAll(walk(questionnaire.getItem(), given));
    return response;
  }

  private static List<QuestionnaireResponseItemComponent> walk(
      List<QuestionnaireItemComponent> items, Map<String, List<Type>> given) {
    var answered = new ArrayList<QuestionnaireResponseItemComponent>();
    for (var item : items) {
      if (!enabled(item, given)) {
        continue;
      }
      var answer = new QuestionnaireResponseItemComponent().setLinkId(item.getLinkId());
      switch (item.getType()) {
        case DISPLAY -> {
          continue;
        }
        case GROUP -> answer.getItem().addAll(walk(item.getItem(), given));
        default -> {
          var values = values(item);
          given.put(item.getLinkId(), values);
          values.forEach(value -> answer.addAnswer().setValue(value));
        }
      }
      answered.add(answer);
    }
    return answered;
  }

  private static boolean enabled(QuestionnaireItemComponent item, Map<String, List<Type>> given) {
    if (!item.hasEnableWhen()) {
      return true;
    }
    var results = item.getEnableWhen().stream().map(when -> holds(when, given));
    return item.getEnableBehavior() == Questionnaire.EnableWhenBehavior.ALL
        ? results.allMatch(Boolean::booleanValue)
        : results.anyMatch(Boolean::booleanValue);
  }

  private static boolean holds(
      QuestionnaireItemEnableWhenComponent when, Map<String, List<Type>> given) {
    assertThat(when.getOperator()).isEqualTo(Questionnaire.QuestionnaireItemOperator.EQUAL);
    return given.getOrDefault(when.getQuestion(), List.of()).stream()
        .anyMatch(value -> value.equalsDeep(when.getAnswer()));
  }

  private static List<Type> values(QuestionnaireItemComponent item) {
    var definition = item.getDefinition() == null ? "" : item.getDefinition();
    if (definition.endsWith("Patient.name")) {
      return List.of(new StringType(PATIENT_NAME));
    }
    if (definition.endsWith("Patient.birthDate")) {
      return List.of(new DateType(PATIENT_BIRTH_DATE));
    }
    if (definition.endsWith("Patient.telecom")) {
      return List.of(
          new StringType(
              item.getText().toLowerCase().contains("mail")
                  ? "ana@example.org"
                  : "+34 600 000 001"));
    }
    return switch (item.getType()) {
      case BOOLEAN -> List.of(new BooleanType(true));
      case CHOICE -> {
        var options =
            item.getAnswerOption().stream()
                .map(o -> (Type) o.getValueCoding().copy().setDisplay(null))
                .toList();
        yield item.getRepeats() ? options : List.of(options.getFirst());
      }
      case INTEGER ->
          List.of(
              new IntegerType(
                  ((IntegerType)
                          item.getExtensionByUrl("http://hl7.org/fhir/StructureDefinition/minValue")
                              .getValue())
                      .getValue()));
      case DECIMAL ->
          List.of(
              new DecimalType(
                  ((DecimalType)
                          item.getExtensionByUrl("http://hl7.org/fhir/StructureDefinition/minValue")
                              .getValue())
                      .getValue()));
      default -> List.of(new StringType("Free text"));
    };
  }

  /** The body of {@code POST /api/intakes} with the same answers, from the response's items. */
  public static ObjectNode asJson(QuestionnaireResponse response) {
    var mapper = JsonMapper.builder().build();
    var body = mapper.createObjectNode();
    var answers = body.putObject("answers");
    collect(response.getItem(), body, answers, mapper);
    return body;
  }

  private static void collect(
      List<QuestionnaireResponseItemComponent> items,
      ObjectNode body,
      ObjectNode answers,
      JsonMapper mapper) {
    for (var item : items) {
      collect(item.getItem(), body, answers, mapper);
      if (!item.hasAnswer()) {
        continue;
      }
      var personal = item.getLinkId();
      var target =
          List.of(
                      "patientName",
                      "dateOfBirth",
                      "phone",
                      "email",
                      "preferredLanguage",
                      "consentToContact")
                  .contains(personal)
              ? body
              : answers;
      var values =
          item.getAnswer().stream().map(a -> mapper.valueToTree(plain(a.getValue()))).toList();
      boolean several =
          values.size() > 1
              || item.getAnswerFirstRep().getValue() instanceof Coding
                  && List.of(
                          "painAreas",
                          "numbnessWhere",
                          "worseWith",
                          "betterWith",
                          "currentMedicines")
                      .contains(personal);
      if (several) {
        var array = target.putArray(item.getLinkId());
        values.forEach(v -> array.add((JsonNode) v));
      } else {
        target.set(item.getLinkId(), (JsonNode) values.getFirst());
      }
    }
  }

  private static Object plain(Type value) {
    return switch (value) {
      case BooleanType b -> b.getValue();
      case IntegerType i -> i.getValue();
      case DecimalType d -> d.getValue();
      case Coding c -> c.getCode();
      default -> value.primitiveValue();
    };
  }
}
