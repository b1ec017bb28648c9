package clinic.triage.fhir;

import clinic.fhir.Validation;
import clinic.triage.referral.ReferralNotFound;
import java.util.UUID;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.r4.model.Bundle;
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
import org.springframework.web.bind.annotation.RequestParam;
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

  /**
   * Search by {@code identifier} (the referral id or the intake id, optionally with its system): a
   * searchset Bundle of at most one. Without it the search is refused: the queue, with its filters,
   * is {@code GET /api/referrals}.
   */
  @GetMapping("/ServiceRequest")
  ResponseEntity<String> search(@RequestParam(required = false) String identifier) {
    if (identifier == null || identifier.isBlank()) {
      return outcome(
          HttpStatus.BAD_REQUEST,
          IssueType.NOTSUPPORTED,
          "Search ServiceRequests by identifier (the referral or the intake id)");
    }
    var bundle = new Bundle().setType(Bundle.BundleType.SEARCHSET);
    serviceRequests
        .byIdentifier(identifier)
        .ifPresent(
            found ->
                bundle
                    .addEntry()
                    .setFullUrl(serviceRequests.fullUrl(found))
                    .setResource(found)
                    .getSearch()
                    .setMode(Bundle.SearchEntryMode.MATCH));
    bundle.setTotal(bundle.getEntry().size());
    return ResponseEntity.ok().contentType(FHIR_JSON).body(json(bundle));
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
