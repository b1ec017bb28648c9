package clinic.triage.fhir;

import clinic.fhir.Validation;
import clinic.triage.referral.ReferralNotFound;
import java.util.UUID;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.r4.model.OperationOutcome;
import org.hl7.fhir.r4.model.OperationOutcome.IssueSeverity;
import org.hl7.fhir.r4.model.OperationOutcome.IssueType;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.method.annotation.MethodArgumentTypeMismatchException;

/**
 * Triage's part of the clinic's FHIR R4 API: each referral as a {@code ServiceRequest}. Through the
 * gateway it sits beside intake-service's {@code /fhir} (the questionnaire and the responses), so
 * an EHR sees one FHIR base. Errors are {@code OperationOutcome}s, as FHIR clients expect.
 */
@RestController
@RequestMapping("/fhir")
class FhirController {

  static final MediaType FHIR_JSON = MediaType.parseMediaType("application/fhir+json");

  private final ServiceRequests serviceRequests;

  FhirController(ServiceRequests serviceRequests) {
    this.serviceRequests = serviceRequests;
  }

  @GetMapping("/ServiceRequest/{referralId}")
  ResponseEntity<String> serviceRequest(@PathVariable UUID referralId) {
    var request = serviceRequests.read(referralId);
    return ResponseEntity.ok()
        .eTag("W/\"" + request.getMeta().getVersionId() + "\"")
        .contentType(FHIR_JSON)
        .body(json(request));
  }

  @ExceptionHandler
  ResponseEntity<String> notFound(ReferralNotFound ex) {
    return outcome(
        HttpStatus.NOT_FOUND, IssueType.NOTFOUND, "No ServiceRequest " + ex.referralId());
  }

  @ExceptionHandler
  ResponseEntity<String> badId(MethodArgumentTypeMismatchException ex) {
    return outcome(
        HttpStatus.BAD_REQUEST, IssueType.INVALID, "The id must be a referral id (a UUID)");
  }

  static ResponseEntity<String> outcome(HttpStatus status, IssueType type, String diagnostics) {
    var outcome = new OperationOutcome();
    outcome.addIssue().setSeverity(IssueSeverity.ERROR).setCode(type).setDiagnostics(diagnostics);
    return ResponseEntity.status(status).contentType(FHIR_JSON).body(json(outcome));
  }

  static String json(IBaseResource resource) {
    return Validation.R4.newJsonParser().encodeResourceToString(resource);
  }
}
