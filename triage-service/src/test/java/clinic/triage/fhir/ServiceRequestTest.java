package clinic.triage.fhir;

import static org.assertj.core.api.Assertions.assertThat;

import clinic.fhir.Validation;
import clinic.triage.Intakes;
import clinic.triage.ScenarioTest;
import clinic.triage.Tokens;
import clinic.triage.TriageServiceTest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.hl7.fhir.r4.model.Annotation;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.OperationOutcome;
import org.hl7.fhir.r4.model.ServiceRequest;
import org.hl7.fhir.r4.model.ServiceRequest.ServiceRequestIntent;
import org.hl7.fhir.r4.model.ServiceRequest.ServiceRequestPriority;
import org.hl7.fhir.r4.model.ServiceRequest.ServiceRequestStatus;
import org.junit.jupiter.api.Test;

/** Referrals read as R4 ServiceRequests from the running service, checked by HAPI's validator. */
@TriageServiceTest
class ServiceRequestTest extends ScenarioTest {

  @Test
  void triagesProposalIsADraftProposalWithItsCausesAndTheAnswersItCameFrom() {
    var intake = Intakes.submitted(Intakes.sciatica());
    UUID id = scenario.referralFor(intake);

    HttpResponse<String> response = api.get("/fhir/ServiceRequest/" + id);

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.headers().firstValue("Content-Type"))
        .hasValueSatisfying(type -> assertThat(type).startsWith("application/fhir+json"));
    ServiceRequest request = parse(response, ServiceRequest.class);
    assertThat(FhirValidation.errors(request)).isEmpty();
    assertThat(request.getIdElement().getIdPart()).isEqualTo(id.toString());
    assertThat(request.getStatus()).isEqualTo(ServiceRequestStatus.DRAFT);
    assertThat(request.getIntent()).isEqualTo(ServiceRequestIntent.PROPOSAL);
    assertThat(request.getPriority()).isEqualTo(ServiceRequestPriority.URGENT); // SOON
    assertThat(codes(request.getCode())).containsExactly("PHYSICAL_THERAPY");
    assertThat(request.getOrderDetail())
        .extracting(ServiceRequestTest::firstCode)
        .containsExactly("MEDICATION_REVIEW");
    assertThat(request.getReasonCode())
        .extracting(ServiceRequestTest::codes)
        .anySatisfy(codes -> assertThat(codes).containsExactly("HERNIATED_DISC"));
    assertThat(request.getSupportingInfoFirstRep().getReference())
        .endsWith("/fhir/QuestionnaireResponse/" + intake.intakeId());
    assertThat(request.getSubject().getIdentifier().getValue())
        .isEqualTo(intake.intakeId().toString());
    assertThat(request.hasRequester()).as("no clinician has decided yet").isFalse();
    assertThat(request.getNote())
        .extracting(Annotation::getText)
        .anySatisfy(text -> assertThat(text).isNotBlank());
    assertThat(request.getMeta().getVersionId()).isEqualTo("1");
  }

  @Test
  void aConfirmedReferralIsAnActiveOrderRequestedByTheClinicianWhoConfirmedIt() {
    UUID id = scenario.proposedReferral(Intakes.sciatica());
    api.as(Tokens.clinician("Dr Ada Byron"))
        .post("/api/referrals/" + id + "/confirm", Map.of("version", 1));

    ServiceRequest request = parse(api.get("/fhir/ServiceRequest/" + id), ServiceRequest.class);

    assertThat(FhirValidation.errors(request)).isEmpty();
    assertThat(request.getStatus()).isEqualTo(ServiceRequestStatus.ACTIVE);
    assertThat(request.getIntent()).isEqualTo(ServiceRequestIntent.ORDER);
    assertThat(request.getRequester().getDisplay()).isEqualTo("Dr Ada Byron");
    assertThat(request.getRequester().getIdentifier().getValue()).isEqualTo("u-dr-ada-byron");
    assertThat(request.getMeta().getVersionId()).isEqualTo("2");
  }

  @Test
  void aRedFlagIsStatAndSaysSoInTheNote() {
    UUID id = scenario.proposedReferral(Intakes.caudaEquina());

    ServiceRequest request = parse(api.get("/fhir/ServiceRequest/" + id), ServiceRequest.class);

    assertThat(FhirValidation.errors(request)).isEmpty();
    assertThat(request.getPriority()).isEqualTo(ServiceRequestPriority.STAT);
    assertThat(codes(request.getCode())).containsExactly("SURGICAL_CONSULT");
    assertThat(request.getNote())
        .extracting(Annotation::getText)
        .anySatisfy(text -> assertThat(text).startsWith("Red flags: "));
    // The escalation is the first note: what the red flag asks for before the route.
    assertThat(request.getNote().getFirst().getText())
        .startsWith("Emergency assessment today: A red flag: the patient must be assessed");
  }

  @Test
  void kneeOsteoarthritisIsCodedInSnomedCt() {
    UUID id = scenario.referralFor(Intakes.submitted(Intakes.knee(), 62));

    ServiceRequest request = parse(api.get("/fhir/ServiceRequest/" + id), ServiceRequest.class);

    assertThat(FhirValidation.errors(request)).isEmpty();
    assertThat(request.getReasonCode())
        .flatExtracting(CodeableConcept::getCoding)
        .anySatisfy(
            coding -> {
              assertThat(coding.getSystem()).isEqualTo("http://snomed.info/sct");
              assertThat(coding.getCode()).isEqualTo("239873007");
            });
  }

  @Test
  void everyRouteAndUrgencyAClinicianCanChooseValidates() {
    for (String route : List.of("PHYSICAL_THERAPY", "MEDICATION_REVIEW", "SURGICAL_CONSULT")) {
      for (String urgency : List.of("EMERGENCY", "URGENT", "SOON", "ROUTINE")) {
        UUID id = scenario.proposedReferral(Intakes.sciatica());
        // The proposal itself (physical therapy, soon) is confirmed, not overridden.
        boolean proposed = route.equals("PHYSICAL_THERAPY") && urgency.equals("SOON");
        var decided =
            proposed
                ? api.post("/api/referrals/" + id + "/confirm", Map.of("version", 1))
                : api.post(
                    "/api/referrals/" + id + "/override",
                    Map.of(
                        "route",
                        route,
                        "urgency",
                        urgency,
                        "reason",
                        "Seen in clinic",
                        "version",
                        1));
        assertThat(decided.statusCode()).as(decided.body()).isEqualTo(200);

        ServiceRequest request = parse(api.get("/fhir/ServiceRequest/" + id), ServiceRequest.class);

        assertThat(FhirValidation.errors(request)).as("%s %s", route, urgency).isEmpty();
        assertThat(codes(request.getCode())).containsExactly(route);
        assertThat(request.getPriority())
            .isEqualTo(
                switch (urgency) {
                  case "EMERGENCY" -> ServiceRequestPriority.STAT;
                  case "URGENT" -> ServiceRequestPriority.ASAP;
                  case "SOON" -> ServiceRequestPriority.URGENT;
                  default -> ServiceRequestPriority.ROUTINE;
                });
        assertThat(request.getIntent()).isEqualTo(ServiceRequestIntent.ORDER);
      }
    }
  }

  @Test
  void aCancelledReferralIsRevoked() {
    UUID id = scenario.proposedReferral(Intakes.sciatica());
    api.post("/api/referrals/" + id + "/cancel", Map.of("reason", "Duplicate", "version", 1));

    ServiceRequest request = parse(api.get("/fhir/ServiceRequest/" + id), ServiceRequest.class);

    assertThat(request.getStatus()).isEqualTo(ServiceRequestStatus.REVOKED);
    assertThat(FhirValidation.errors(request)).isEmpty();
  }

  @Test
  void theEhrFindsTheReferralOfAnIntakeByIdentifier() {
    var intake = Intakes.submitted(Intakes.sciatica());
    UUID id = scenario.referralFor(intake);

    Bundle byIntake =
        parse(api.get("/fhir/ServiceRequest?identifier=" + intake.intakeId()), Bundle.class);
    Bundle byReferral = parse(api.get("/fhir/ServiceRequest?identifier=" + id), Bundle.class);
    Bundle none =
        parse(api.get("/fhir/ServiceRequest?identifier=" + UUID.randomUUID()), Bundle.class);

    assertThat(byIntake.getEntry()).hasSize(1);
    assertThat(byIntake.getEntryFirstRep().getResource().getIdElement().getIdPart())
        .isEqualTo(id.toString());
    assertThat(byReferral.getTotal()).isEqualTo(1);
    assertThat(none.getTotal()).isZero();
    assertThat(FhirValidation.errors(byIntake)).isEmpty();
    assertThat(api.get("/fhir/ServiceRequest").statusCode()).isEqualTo(400);
  }

  @Test
  void anUnknownOrMalformedIdIsAnOperationOutcome() {
    HttpResponse<String> unknown = api.get("/fhir/ServiceRequest/" + UUID.randomUUID());
    HttpResponse<String> malformed = api.get("/fhir/ServiceRequest/not-a-uuid");

    assertThat(unknown.statusCode()).isEqualTo(404);
    assertThat(parse(unknown, OperationOutcome.class).getIssueFirstRep().getCode())
        .isEqualTo(OperationOutcome.IssueType.NOTFOUND);
    assertThat(malformed.statusCode()).isEqualTo(400);
    assertThat(parse(malformed, OperationOutcome.class).getIssueFirstRep().getDiagnostics())
        .doesNotContain("not-a-uuid");
  }

  @Test
  void theFrontDeskMayNotReadIt() {
    UUID id = scenario.proposedReferral(Intakes.sciatica());

    assertThat(
            api.as(Tokens.person("Frances", "FRONT_DESK"))
                .get("/fhir/ServiceRequest/" + id)
                .statusCode())
        .isEqualTo(403);
    assertThat(api.anonymous().get("/fhir/ServiceRequest/" + id).statusCode()).isEqualTo(401);
  }

  private static <T extends org.hl7.fhir.instance.model.api.IBaseResource> T parse(
      HttpResponse<String> response, Class<T> type) {
    return Validation.R4.newJsonParser().parseResource(type, response.body());
  }

  private static List<String> codes(CodeableConcept concept) {
    return concept.getCoding().stream()
        .filter(c -> c.getSystem().startsWith(ServiceRequests.CODE_SYSTEMS))
        .map(Coding::getCode)
        .toList();
  }

  private static String firstCode(CodeableConcept concept) {
    return codes(concept).getFirst();
  }
}
