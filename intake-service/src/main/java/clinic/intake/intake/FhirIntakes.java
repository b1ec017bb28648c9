package clinic.intake.intake;

import ca.uhn.fhir.rest.annotation.Create;
import ca.uhn.fhir.rest.annotation.IdParam;
import ca.uhn.fhir.rest.annotation.Read;
import ca.uhn.fhir.rest.annotation.ResourceParam;
import ca.uhn.fhir.rest.annotation.Transaction;
import ca.uhn.fhir.rest.annotation.TransactionParam;
import ca.uhn.fhir.rest.api.MethodOutcome;
import ca.uhn.fhir.rest.server.exceptions.InvalidRequestException;
import ca.uhn.fhir.rest.server.exceptions.ResourceNotFoundException;
import ca.uhn.fhir.rest.server.exceptions.UnprocessableEntityException;
import clinic.events.IntakeWithdrawn;
import clinic.events.questionnaire.Question;
import clinic.events.questionnaire.Questionnaire;
import clinic.fhir.QuestionnaireResponses;
import clinic.fhir.ResponseAnswers;
import clinic.fhir.ResponseIssues;
import clinic.fhir.ResponseIssues.Issue;
import clinic.fhir.Validation;
import clinic.intake.questionnaire.FhirQuestionnaires;
import clinic.intake.questionnaire.Labels;
import clinic.intake.questionnaire.QuestionnaireStore;
import clinic.intake.reads.ReadLog;
import clinic.intake.reads.ReadView;
import clinic.intake.system.SignedIn;
import jakarta.servlet.http.HttpServletRequest;
import java.util.ArrayList;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.Bundle.BundleType;
import org.hl7.fhir.r4.model.ContactPoint.ContactPointSystem;
import org.hl7.fhir.r4.model.DateType;
import org.hl7.fhir.r4.model.IdType;
import org.hl7.fhir.r4.model.OperationOutcome;
import org.hl7.fhir.r4.model.OperationOutcome.IssueSeverity;
import org.hl7.fhir.r4.model.OperationOutcome.IssueType;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.QuestionnaireResponse;
import org.hl7.fhir.r4.model.QuestionnaireResponse.QuestionnaireResponseItemComponent;
import org.hl7.fhir.r4.model.QuestionnaireResponse.QuestionnaireResponseStatus;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.StringType;
import org.hl7.fhir.r4.model.Type;
import org.springframework.stereotype.Component;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * Intakes as FHIR QuestionnaireResponses: {@code POST /fhir/QuestionnaireResponse}, {@code POST
 * /fhir} with a transaction Bundle of a Patient and a QuestionnaireResponse, and {@code GET
 * /fhir/QuestionnaireResponse/{intake id}}.
 *
 * <p>A response is checked by HAPI's validator against the Questionnaire it names (which must be
 * the current one), then read into answers ({@link ResponseAnswers}) and taken through exactly what
 * {@code POST /api/intakes} does: {@link IntakeValidator#submission} (the project's own rules) and
 * {@link IntakeSubmission#submit} (idempotency key, outbox). Every refusal is a 422
 * OperationOutcome with one issue per offending {@code linkId}; nothing is stored then.
 */
@Component
public class FhirIntakes {

  private final Validation validation;
  private final IntakeValidator validator;
  private final IntakeSubmission submission;
  private final IntakeRepository intakes;
  private final QuestionnaireStore questionnaires;
  private final FhirQuestionnaires fhir;
  private final ReadLog reads;
  private final Labels labels;
  private final JsonMapper json;

  FhirIntakes(
      Validation validation,
      IntakeValidator validator,
      IntakeSubmission submission,
      IntakeRepository intakes,
      QuestionnaireStore questionnaires,
      FhirQuestionnaires fhir,
      ReadLog reads,
      Labels labels,
      JsonMapper json) {
    this.validation = validation;
    this.validator = validator;
    this.submission = submission;
    this.intakes = intakes;
    this.questionnaires = questionnaires;
    this.fhir = fhir;
    this.reads = reads;
    this.labels = labels;
    this.json = json;
  }

  /** 201 with the Location of the new response; 200 when its idempotency key had created it. */
  @Create(type = QuestionnaireResponse.class)
  public MethodOutcome create(
      @ResourceParam QuestionnaireResponse response, HttpServletRequest request) {
    return submit(response, request);
  }

  /**
   * A transaction of one QuestionnaireResponse and at most one Patient, whose name, birth date,
   * phone and e-mail answer the response's personal questions. Both entries are one intake: the
   * Patient is kept with it, not as a resource of its own.
   */
  @Transaction
  public Bundle transaction(@TransactionParam Bundle bundle, HttpServletRequest request) {
    if (bundle.getType() != BundleType.TRANSACTION) {
      throw invalid("Bundle.type", "Only a transaction Bundle is accepted here.");
    }
    QuestionnaireResponse response = null;
    Patient patient = null;
    for (var entry : bundle.getEntry()) {
      if (entry.getResource() instanceof QuestionnaireResponse r && response == null) {
        response = r;
      } else if (entry.getResource() instanceof Patient p && patient == null) {
        patient = p;
      } else {
        throw invalid(
            "Bundle.entry",
            "A transaction here holds one QuestionnaireResponse and at most one Patient.");
      }
    }
    if (response == null) {
      throw invalid("Bundle.entry", "The transaction holds no QuestionnaireResponse.");
    }
    if (patient != null) {
      answerFrom(patient, response, questionnaires.current());
    }
    var outcome = submit(response, request);
    var answer = new Bundle().setType(BundleType.TRANSACTIONRESPONSE);
    var location = "QuestionnaireResponse/" + outcome.getId().getIdPart();
    for (var entry : bundle.getEntry()) {
      var result = answer.addEntry().getResponse();
      if (entry.getResource() instanceof QuestionnaireResponse) {
        result
            .setStatus(Boolean.TRUE.equals(outcome.getCreated()) ? "201 Created" : "200 OK")
            .setLocation(location);
      } else {
        result.setStatus("200 OK");
        result.setOutcome(
            information("The patient's details are kept with the intake, " + location + "."));
      }
    }
    return answer;
  }

  /**
   * The intake's current answers, personal ones included, with the patient as a contained resource:
   * the same identity {@code GET /api/intakes/{id}} shows to the same roles, recorded in the audit
   * of reads before it is served.
   */
  @Read(type = QuestionnaireResponse.class)
  public QuestionnaireResponse read(@IdParam IdType id, HttpServletRequest request) {
    UUID intakeId;
    try {
      intakeId = UUID.fromString(id.getIdPart());
    } catch (IllegalArgumentException e) {
      throw new ResourceNotFoundException(id);
    }
    var intake = intakes.find(intakeId).orElseThrow(() -> new ResourceNotFoundException(id));
    reads.record(SignedIn.current(), ReadView.FHIR_RESPONSE, List.of(intakeId), request);
    var questionnaire = questionnaires.find(intake.questionnaireVersion()).orElseThrow();
    var patient = intake.patient();
    var answers = new LinkedHashMap<String, Object>();
    answers.put("patientName", patient.name());
    answers.put("dateOfBirth", patient.dateOfBirth().toString());
    answers.put("phone", patient.phone());
    answers.put("email", patient.email());
    answers.put("preferredLanguage", patient.preferredLanguage());
    answers.put("consentToContact", patient.consentToContact());
    answers.putAll(intake.answers());
    answers.values().removeIf(java.util.Objects::isNull);

    var response = QuestionnaireResponses.withItems(questionnaire, answers);
    response.setId(new IdType("QuestionnaireResponse", intakeId.toString()));
    response.setQuestionnaire(fhir.canonical(questionnaire.version()));
    response.setStatus(status(intake));
    response.setAuthored(Date.from(intake.submittedAt()));
    var contained = new Patient();
    contained.setId("patient");
    contained.addName().setText(patient.name());
    contained.setBirthDateElement(new DateType(patient.dateOfBirth().toString()));
    if (patient.phone() != null) {
      contained.addTelecom().setSystem(ContactPointSystem.PHONE).setValue(patient.phone());
    }
    if (patient.email() != null) {
      contained.addTelecom().setSystem(ContactPointSystem.EMAIL).setValue(patient.email());
    }
    response.addContained(contained);
    response.setSubject(new Reference("#patient"));
    return response;
  }

  private MethodOutcome submit(QuestionnaireResponse response, HttpServletRequest request) {
    var locale =
        request.getHeader("Accept-Language") == null ? Locale.ENGLISH : request.getLocale();
    var questionnaire = questionnaires.current();
    var canonical = fhir.canonical(questionnaire.version());
    if (!fhir.version(response.getQuestionnaire())
        .filter(questionnaire.version()::equals)
        .isPresent()) {
      throw invalid(
          "QuestionnaireResponse.questionnaire",
          "A response here answers " + canonical + ", the current questionnaire.");
    }
    if (response.getStatus() != QuestionnaireResponseStatus.COMPLETED) {
      throw invalid("QuestionnaireResponse.status", "Only a completed response becomes an intake.");
    }
    // The validator looks the Questionnaire up by the URL without a version.
    response.setQuestionnaire(canonical);
    var linkIds = FhirQuestionnaires.linkIds(fhir.render(questionnaire));
    // Both verdicts at once, so that every offending item is named in one answer.
    var issues =
        new ArrayList<>(ResponseIssues.errors(validation.validate(response), response, linkIds));
    var key = request.getHeader(IntakeController.IDEMPOTENCY_KEY);
    if (key == null && response.hasIdentifier() && response.getIdentifier().hasValue()) {
      key = response.getIdentifier().getValue();
    }
    IntakeValidator.Submission valid = null;
    try {
      valid = validator.submission(questionnaire, body(response, questionnaire), key, locale);
    } catch (InvalidIntake e) {
      issues.addAll(issues(e, response.hasIdentifier()));
    }
    if (!issues.isEmpty()) {
      throw new UnprocessableEntityException(Validation.R4, ResponseIssues.outcome(issues));
    }
    IntakeSubmission.Outcome outcome;
    try {
      outcome = submission.submit(valid, questionnaire.version(), key, SignedIn.current());
    } catch (IntakeConflict e) {
      var issue =
          new Issue(
              null,
              request.getHeader(IntakeController.IDEMPOTENCY_KEY) == null
                  ? "QuestionnaireResponse.identifier"
                  : null,
              labels.message("problem.keyReused.detail", locale),
              IssueType.DUPLICATE);
      throw new UnprocessableEntityException(Validation.R4, ResponseIssues.outcome(List.of(issue)));
    }
    var intake = outcome.intake();
    return new MethodOutcome()
        .setId(new IdType("QuestionnaireResponse", intake.id().toString()))
        .setCreated(outcome.created())
        .setOperationOutcome(
            information(
                (outcome.created() ? "Intake " : "Intake already submitted with this key: ")
                    + intake.reference()
                    + "."));
  }

  /** The body {@code POST /api/intakes} takes: personal answers on top, the others below. */
  private ObjectNode body(QuestionnaireResponse response, Questionnaire questionnaire) {
    var answers = ResponseAnswers.of(response, questionnaire);
    var personal =
        questionnaire
            .questions()
            .filter(Question::personal)
            .map(Question::id)
            .collect(Collectors.toSet());
    var body = json.createObjectNode();
    var clinical = body.putObject(IntakeValidator.ANSWERS);
    answers.forEach(
        (linkId, value) ->
            (personal.contains(linkId) ? body : clinical).set(linkId, json.valueToTree(value)));
    return body;
  }

  /** The project's own verdict, each field named as the linkId it is about. */
  private static List<Issue> issues(InvalidIntake invalid, boolean keyFromIdentifier) {
    var issues = new ArrayList<Issue>();
    for (var problem : invalid.errors()) {
      if (problem.field().equals(IntakeValidator.IDEMPOTENCY_KEY)) {
        issues.add(
            new Issue(
                null,
                keyFromIdentifier ? "QuestionnaireResponse.identifier" : null,
                problem.message(),
                IssueType.INVALID));
      } else {
        issues.add(
            new Issue(
                IntakeValidator.questionOf(problem.field()),
                null,
                problem.message(),
                IssueType.INVALID));
      }
    }
    return issues;
  }

  /**
   * Writes the Patient's name, birth date, phone and e-mail into the response as the answers to the
   * personal questions, in the section that holds them; the Patient's value wins over an answer.
   */
  static void answerFrom(
      Patient patient, QuestionnaireResponse response, Questionnaire questionnaire) {
    Map<String, Function<Patient, Type>> fields = new LinkedHashMap<>();
    fields.put("patientName", p -> p.hasName() ? new StringType(name(p)) : null);
    fields.put(
        "dateOfBirth",
        p -> p.hasBirthDate() ? new DateType(p.getBirthDateElement().getValueAsString()) : null);
    fields.put("phone", p -> telecom(p, ContactPointSystem.PHONE));
    fields.put("email", p -> telecom(p, ContactPointSystem.EMAIL));
    fields.forEach(
        (linkId, read) -> {
          var value = read.apply(patient);
          if (value == null || questionnaire.question(linkId).isEmpty()) {
            return;
          }
          var item = find(response.getItem(), linkId);
          if (item == null) {
            var section =
                questionnaire.sections().stream()
                    .filter(s -> s.questions().stream().anyMatch(q -> q.id().equals(linkId)))
                    .findFirst()
                    .orElseThrow();
            var group = find(response.getItem(), section.id());
            if (group == null) {
              group = new QuestionnaireResponseItemComponent().setLinkId(section.id());
              response.getItem().addFirst(group);
            }
            item = group.addItem().setLinkId(linkId);
            // In the questionnaire's order, as the validator wants the items.
            var order = section.questions().stream().map(Question::id).toList();
            group
                .getItem()
                .sort(
                    java.util.Comparator.comparingInt(
                        i ->
                            order.contains(i.getLinkId())
                                ? order.indexOf(i.getLinkId())
                                : Integer.MAX_VALUE));
          }
          item.getAnswer().clear();
          item.addAnswer().setValue(value);
        });
  }

  private static String name(Patient patient) {
    var name = patient.getNameFirstRep();
    if (name.hasText()) {
      return name.getText();
    }
    var parts = new ArrayList<String>();
    name.getGiven().forEach(given -> parts.add(given.getValue()));
    if (name.hasFamily()) {
      parts.add(name.getFamily());
    }
    return String.join(" ", parts);
  }

  private static Type telecom(Patient patient, ContactPointSystem system) {
    return patient.getTelecom().stream()
        .filter(contact -> contact.getSystem() == system && contact.hasValue())
        .findFirst()
        .map(contact -> (Type) new StringType(contact.getValue()))
        .orElse(null);
  }

  private static QuestionnaireResponseItemComponent find(
      List<QuestionnaireResponseItemComponent> items, String linkId) {
    for (var item : items) {
      if (linkId.equals(item.getLinkId())) {
        return item;
      }
      var nested = find(item.getItem(), linkId);
      if (nested != null) {
        return nested;
      }
    }
    return null;
  }

  private static InvalidRequestException invalid(String expression, String message) {
    var outcome = new OperationOutcome();
    var issue =
        outcome
            .addIssue()
            .setSeverity(IssueSeverity.ERROR)
            .setCode(IssueType.INVALID)
            .setDiagnostics(message);
    issue.getDetails().setText(message);
    issue.addExpression(expression);
    return new InvalidRequestException(message, outcome);
  }

  private static OperationOutcome information(String message) {
    var outcome = new OperationOutcome();
    outcome
        .addIssue()
        .setSeverity(IssueSeverity.INFORMATION)
        .setCode(IssueType.INFORMATIONAL)
        .setDiagnostics(message);
    return outcome;
  }

  /**
   * R4's response statuses for the intake's life: completed as submitted, amended once corrected,
   * entered-in-error when withdrawn as entered in error, stopped when withdrawn for another reason.
   */
  static QuestionnaireResponseStatus status(Intake intake) {
    if (intake.withdrawn()) {
      return intake.withdrawal().reason() == IntakeWithdrawn.Reason.ENTERED_IN_ERROR
          ? QuestionnaireResponseStatus.ENTEREDINERROR
          : QuestionnaireResponseStatus.STOPPED;
    }
    return intake.amendment() > 0
        ? QuestionnaireResponseStatus.AMENDED
        : QuestionnaireResponseStatus.COMPLETED;
  }
}
