package clinic.triage.cds;

import clinic.events.questionnaire.Questionnaire;
import clinic.fhir.ResponseAnswers;
import clinic.fhir.Validation;
import clinic.triage.decision.Decision;
import clinic.triage.decision.WhatIf;
import clinic.web.FieldProblem;
import clinic.web.InvalidRequest;
import java.time.Clock;
import java.time.LocalDate;
import java.time.Period;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.QuestionnaireResponse;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.databind.JsonNode;

/**
 * A CDS Hooks 2.0 service (https://cds-hooks.hl7.org/2.0/): while a clinician has a patient open,
 * the EHR sends the patient's latest QuestionnaireResponse to this questionnaire (and the Patient,
 * for the age) as prefetch, and gets back one card with the route, urgency, reasons and causes the
 * clinic's ruleset in use would propose, red flags as {@code critical}. Nothing is stored or
 * published: it is the what-if decision of {@code POST /api/triage/evaluate}. The service does not
 * fetch from the EHR's FHIR server (no outbound calls to an address a request names); without the
 * prefetch it answers 412, as the specification says a service that cannot get its data does.
 */
@RestController
@RequestMapping(path = "/cds-services", produces = MediaType.APPLICATION_JSON_VALUE)
class CdsHooksController {

  static final String SERVICE_ID = "clinic-triage";
  static final String HOOK = "patient-view";

  /** The longest summary the specification allows. */
  static final int MAX_SUMMARY = 140;

  private final WhatIf whatIf;
  private final Cards cards;
  private final Clock clock = Clock.systemUTC();

  CdsHooksController(WhatIf whatIf, Cards cards) {
    this.whatIf = whatIf;
    this.cards = cards;
  }

  /** Discovery: the one service, its hook and the prefetch it wants. */
  @GetMapping
  Discovery discovery() {
    return new Discovery(
        List.of(
            new Discovery.Service(
                HOOK,
                SERVICE_ID,
                "Sciatica and knee pain triage",
                "From the patient's latest answers to the clinic's sciatica and knee pain"
                    + " questionnaire: the route (physical therapy, medication review or surgical"
                    + " consult) and urgency the clinic's rules propose, with red flags first.",
                Map.of(
                    "questionnaireResponse",
                    "QuestionnaireResponse?subject={{context.patientId}}"
                        + "&status=completed&_sort=-authored&_count=1",
                    "patient",
                    "Patient/{{context.patientId}}"),
                "Prefetch of the patient's latest completed QuestionnaireResponse to the clinic's"
                    + " questionnaire (a resource or a search Bundle) and the Patient (birth"
                    + " date). The service does not query the EHR's FHIR server.")));
  }

  @PostMapping(path = "/" + SERVICE_ID, consumes = MediaType.APPLICATION_JSON_VALUE)
  CardsResponse patientView(@RequestBody JsonNode request) {
    List<FieldProblem> errors = new ArrayList<>();
    if (!HOOK.equals(text(request, "hook"))) {
      errors.add(new FieldProblem("hook", "must be " + HOOK));
    }
    if (text(request, "hookInstance") == null) {
      errors.add(new FieldProblem("hookInstance", "is required"));
    }
    JsonNode context = request.path("context");
    if (text(context, "userId") == null) {
      errors.add(new FieldProblem("context.userId", "is required by the " + HOOK + " hook"));
    }
    if (text(context, "patientId") == null) {
      errors.add(new FieldProblem("context.patientId", "is required by the " + HOOK + " hook"));
    }
    if (!errors.isEmpty()) {
      throw new InvalidRequest(errors);
    }
    JsonNode prefetch = request.path("prefetch");
    if (!prefetch.has("questionnaireResponse")) {
      throw new MissingPrefetch();
    }
    QuestionnaireResponse response =
        resource(prefetch.get("questionnaireResponse"), "prefetch.questionnaireResponse")
            .map(r -> first(r, QuestionnaireResponse.class))
            .orElse(null);
    if (response == null) {
      // Nothing answered yet: nothing to advise.
      return new CardsResponse(List.of());
    }
    Patient patient =
        prefetch.has("patient")
            ? resource(prefetch.get("patient"), "prefetch.patient")
                .map(r -> first(r, Patient.class))
                .orElse(null)
            : null;

    Map<String, Object> answers = ResponseAnswers.of(response, Questionnaire.CURRENT);
    Integer age = age(patient, answers.get("dateOfBirth"));
    if (age == null) {
      throw new InvalidRequest(
          List.of(
              new FieldProblem(
                  "prefetch.patient.birthDate",
                  "is required (or a dateOfBirth answer): the rules depend on the age")));
    }
    Map<String, Object> clinical = new LinkedHashMap<>();
    answers.forEach(
        (id, answer) -> {
          boolean personal =
              Questionnaire.CURRENT.question(id).map(q -> q.personal()).orElse(false);
          if (!personal) {
            clinical.put(id, answer);
          }
        });
    Object language = answers.get("preferredLanguage");
    Decision decision;
    try {
      decision = whatIf.decide(age, language, clinical);
    } catch (InvalidRequest invalid) {
      throw new InvalidRequest(
          invalid.errors().stream()
              .map(
                  problem ->
                      new FieldProblem(
                          problem.field().startsWith("answers.")
                              ? "prefetch.questionnaireResponse.item[linkId="
                                  + problem.field().substring("answers.".length())
                                  + "]"
                              : problem.field(),
                          problem.message()))
              .toList());
    }
    return new CardsResponse(List.of(cards.of(decision, response)));
  }

  @ExceptionHandler
  ProblemDetail missingPrefetch(MissingPrefetch ex) {
    var problem =
        ProblemDetail.forStatusAndDetail(
            HttpStatus.PRECONDITION_FAILED,
            "Send the patient's latest QuestionnaireResponse as prefetch.questionnaireResponse"
                + " (see GET /cds-services): this service does not query the EHR's FHIR server.");
    problem.setTitle("Prefetch required");
    return problem;
  }

  static final class MissingPrefetch extends RuntimeException {
    private static final long serialVersionUID = 1L;
  }

  /** The prefetched resource, or empty for a JSON null (the EHR found nothing). */
  private static java.util.Optional<IBaseResource> resource(JsonNode node, String field) {
    if (node == null || node.isNull()) {
      return java.util.Optional.empty();
    }
    try {
      return java.util.Optional.of(Validation.R4.newJsonParser().parseResource(node.toString()));
    } catch (RuntimeException unreadable) {
      throw new InvalidRequest(
          List.of(new FieldProblem(field, "must be a FHIR R4 resource or search Bundle")));
    }
  }

  /** The resource itself, or the first of its type in a search Bundle; null if none. */
  private static <T extends IBaseResource> T first(IBaseResource resource, Class<T> type) {
    if (type.isInstance(resource)) {
      return type.cast(resource);
    }
    if (resource instanceof Bundle bundle) {
      return bundle.getEntry().stream()
          .map(Bundle.BundleEntryComponent::getResource)
          .filter(type::isInstance)
          .map(type::cast)
          .findFirst()
          .orElse(null);
    }
    return null;
  }

  private Integer age(Patient patient, Object dateOfBirth) {
    LocalDate born = null;
    if (patient != null && patient.hasBirthDate()) {
      var date = patient.getBirthDateElement();
      // A birth date may be only a year or a month: its first day then.
      born = LocalDate.of(date.getYear(), date.getMonth() + 1, date.getDay());
    } else if (dateOfBirth instanceof String text) {
      try {
        born = LocalDate.parse(text);
      } catch (DateTimeParseException notADate) {
        return null;
      }
    }
    if (born == null) {
      return null;
    }
    return Period.between(born, LocalDate.now(clock.withZone(ZoneOffset.UTC))).getYears();
  }

  private static String text(JsonNode node, String field) {
    JsonNode value = node.path(field);
    return value.isString() && !value.asString().isBlank() ? value.asString() : null;
  }

  /** The discovery document. */
  record Discovery(List<Service> services) {
    record Service(
        String hook,
        String id,
        String title,
        String description,
        Map<String, String> prefetch,
        String usageRequirements) {}
  }

  /** A hook's answer. */
  record CardsResponse(List<Cards.Card> cards) {}
}
