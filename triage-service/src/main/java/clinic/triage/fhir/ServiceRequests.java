package clinic.triage.fhir;

import clinic.events.Cause;
import clinic.events.Route;
import clinic.events.TriageDecided.RedFlag;
import clinic.events.TriageDecided.SuspectedCause;
import clinic.events.Urgency;
import clinic.fhir.AnswerCodes;
import clinic.triage.dashboard.Labels;
import clinic.triage.decision.Decision;
import clinic.triage.decision.DecisionRepository;
import clinic.triage.referral.ReferralStatus;
import clinic.triage.referral.ReferralView;
import clinic.triage.referral.Referrals;
import clinic.triage.referral.Transition;
import java.util.Date;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.stream.Collectors;
import org.hl7.fhir.r4.model.Annotation;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.Identifier;
import org.hl7.fhir.r4.model.Narrative;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.ServiceRequest;
import org.hl7.fhir.r4.model.ServiceRequest.ServiceRequestIntent;
import org.hl7.fhir.r4.model.ServiceRequest.ServiceRequestPriority;
import org.hl7.fhir.r4.model.ServiceRequest.ServiceRequestStatus;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;
import org.springframework.web.util.HtmlUtils;

/**
 * A referral as an R4 {@code ServiceRequest}, for the EHR and the receiving team's systems. What is
 * requested ({@code code}) is the route; {@code status} and {@code intent} follow the lifecycle
 * (triage's proposal is a draft proposal, a clinician's confirmation or override makes it an active
 * order); {@code priority} follows the urgency; {@code reasonCode} holds the suspected causes of
 * the latest decision (SNOMED CT where the clinic checked a code, always the project's own code);
 * {@code note} the explanation and any red flags; {@code requester} the clinician who confirmed or
 * overrode it. The patient's identity is not here: {@code subject} names the intake, whose answers
 * ({@code supportingInfo}, a QuestionnaireResponse) intake-service serves to those allowed to see
 * them.
 */
@Component
public class ServiceRequests {

  /** The project's own code systems, beside intake's answer codes. */
  public static final String CODE_SYSTEMS = AnswerCodes.BASE;

  static final String ROUTE_SYSTEM = CODE_SYSTEMS + "route";
  static final String CAUSE_SYSTEM = CODE_SYSTEMS + "cause";
  static final String RED_FLAG_SYSTEM = CODE_SYSTEMS + "red-flag";
  static final String SNOMED = "http://snomed.info/sct";

  /**
   * SNOMED CT concepts for the causes that have an exact one, each checked against published code
   * lists (see triage-service/README.md, "FHIR"). The other causes (a disc herniation at an unknown
   * level, a sprain of an unknown ligament, piriformis syndrome, referred and biomechanical knee
   * pain) carry only the project's code and their words.
   */
  static final Map<Cause, Coding> SNOMED_CT = snomed();

  private final Referrals referrals;
  private final DecisionRepository decisions;
  private final Labels labels;
  private final String fhirBase;

  ServiceRequests(
      Referrals referrals,
      DecisionRepository decisions,
      Labels labels,
      @Value("${triage.public-url:http://localhost:8082}") String publicUrl) {
    this.referrals = referrals;
    this.decisions = decisions;
    this.labels = labels;
    this.fhirBase = publicUrl.replaceAll("/+$", "") + "/fhir";
  }

  /** The referral as a ServiceRequest; {@code ReferralNotFound} when there is none. */
  public ServiceRequest read(UUID referralId) {
    ReferralView referral = referrals.find(referralId);
    return of(referral, decisions.latestFor(referral.intakeId()));
  }

  /** The resource's absolute address, through the gateway. */
  public String fullUrl(ServiceRequest request) {
    return fhirBase + "/ServiceRequest/" + request.getIdElement().getIdPart();
  }

  /**
   * The referral a FHIR {@code identifier} search names: {@code [system|]value}, the referral id or
   * the intake id; empty when there is none.
   */
  public Optional<ServiceRequest> byIdentifier(String token) {
    int bar = token.lastIndexOf('|');
    String system = bar < 0 ? null : token.substring(0, bar);
    String value = bar < 0 ? token : token.substring(bar + 1);
    UUID id;
    try {
      id = UUID.fromString(value);
    } catch (IllegalArgumentException notAnId) {
      return Optional.empty();
    }
    List<UUID> candidates = new java.util.ArrayList<>();
    if (system == null || system.isEmpty() || system.equals(fhirBase + "/sid/referral")) {
      candidates.add(id);
    }
    if (system == null || system.isEmpty() || system.equals(fhirBase + "/sid/intake")) {
      candidates.add(Referrals.referralIdFor(id));
    }
    for (UUID referralId : candidates) {
      try {
        return Optional.of(read(referralId));
      } catch (clinic.triage.referral.ReferralNotFound none) {
        // try the next reading of the value
      }
    }
    return Optional.empty();
  }

  ServiceRequest of(ReferralView referral, Optional<Decision> latest) {
    var request = new ServiceRequest();
    request.setId(referral.referralId().toString());
    request.getMeta().setVersionId(String.valueOf(referral.version()));
    request.getMeta().setLastUpdated(Date.from(referral.updatedAt()));
    request.addIdentifier(
        new Identifier()
            .setSystem(fhirBase + "/sid/referral")
            .setValue(referral.referralId().toString()));
    // One referral per intake: the intake's id identifies it too (search by it).
    request.addIdentifier(
        new Identifier()
            .setSystem(fhirBase + "/sid/intake")
            .setValue(referral.intakeId().toString()));
    request.setStatus(status(referral.status()));
    request.setIntent(intent(referral.status()));
    request.setPriority(priority(referral.urgency()));
    request.setCode(route(referral.route()));
    referral.secondaryRoutes().forEach(also -> request.addOrderDetail(route(also)));
    request.setSubject(
        new Reference()
            .setType("Patient")
            .setIdentifier(
                new Identifier()
                    .setSystem(fhirBase + "/sid/intake")
                    .setValue(referral.intakeId().toString()))
            .setDisplay("The patient of intake " + referral.intakeId()));
    request.addSupportingInfo(
        new Reference(fhirBase + "/QuestionnaireResponse/" + referral.intakeId())
            .setType("QuestionnaireResponse"));
    request.setAuthoredOn(Date.from(referral.waitingSince()));
    requester(referral).ifPresent(request::setRequester);
    if (referral.escalation() != null) {
      // First: what the red flags ask for before the route (priority already says stat or asap).
      request.addNote(
          new Annotation()
              .setText(
                  labels.escalation(referral.escalation())
                      + ": "
                      + labels.escalationDetail(referral.escalation())));
    }
    latest.ifPresent(
        decision -> {
          decision.causes().forEach(cause -> request.addReasonCode(cause(cause)));
          request.addNote(new Annotation().setText(decision.explanation()));
        });
    if (!referral.redFlags().isEmpty()) {
      request.addNote(new Annotation().setText(redFlags(referral.redFlags())));
    }
    if (referral.needsReview()) {
      request.addNote(new Annotation().setText("Needs review: " + referral.reviewReason()));
    }
    request.setText(narrative(referral));
    return request;
  }

  static ServiceRequestStatus status(ReferralStatus status) {
    return switch (status) {
      case PROPOSED -> ServiceRequestStatus.DRAFT;
      case CONFIRMED, OVERRIDDEN, SENT, ACCEPTED -> ServiceRequestStatus.ACTIVE;
      case DECLINED, CANCELLED -> ServiceRequestStatus.REVOKED;
    };
  }

  /** Triage's proposal is a proposal until a clinician decides; then it is an order. */
  static ServiceRequestIntent intent(ReferralStatus status) {
    return status == ReferralStatus.PROPOSED
        ? ServiceRequestIntent.PROPOSAL
        : ServiceRequestIntent.ORDER;
  }

  /** FHIR's request priorities, from least to most: routine, urgent, asap, stat. */
  static ServiceRequestPriority priority(Urgency urgency) {
    return switch (urgency) {
      case EMERGENCY -> ServiceRequestPriority.STAT;
      case URGENT -> ServiceRequestPriority.ASAP;
      case SOON -> ServiceRequestPriority.URGENT;
      case ROUTINE -> ServiceRequestPriority.ROUTINE;
    };
  }

  private CodeableConcept route(Route route) {
    String words = labels.route(route);
    return new CodeableConcept(new Coding(ROUTE_SYSTEM, route.name(), words)).setText(words);
  }

  private CodeableConcept cause(SuspectedCause suspected) {
    String words = labels.code("cause", suspected.cause());
    var concept = new CodeableConcept();
    Coding snomed = SNOMED_CT.get(suspected.cause());
    if (snomed != null) {
      concept.addCoding(snomed.copy());
    }
    concept.addCoding(new Coding(CAUSE_SYSTEM, suspected.cause().name(), words));
    return concept.setText(
        words + " (" + suspected.strength().name().toLowerCase(java.util.Locale.ROOT) + ")");
  }

  private Optional<Reference> requester(ReferralView referral) {
    List<Transition> trail = referral.transitions() == null ? List.of() : referral.transitions();
    return trail.reversed().stream()
        .filter(t -> t.to() == ReferralStatus.CONFIRMED || t.to() == ReferralStatus.OVERRIDDEN)
        .findFirst()
        .map(
            t -> {
              var who = new Reference().setType("Practitioner").setDisplay(t.by());
              if (t.bySubject() != null) {
                who.setIdentifier(
                    new Identifier().setSystem(fhirBase + "/sid/staff").setValue(t.bySubject()));
              }
              return who;
            });
  }

  private static String redFlags(List<RedFlag> flags) {
    return "Red flags: "
        + flags.stream().map(RedFlag::reason).collect(Collectors.joining("; "))
        + ".";
  }

  private Narrative narrative(ReferralView referral) {
    String summary =
        labels.route(referral.route())
            + ", "
            + labels.urgency(referral.urgency()).toLowerCase(java.util.Locale.ROOT)
            + ": "
            + referral.status().name().toLowerCase(java.util.Locale.ROOT)
            + " referral";
    var narrative = new Narrative().setStatus(Narrative.NarrativeStatus.GENERATED);
    narrative.setDivAsString(
        "<div xmlns=\"http://www.w3.org/1999/xhtml\">" + HtmlUtils.htmlEscape(summary) + "</div>");
    return narrative;
  }

  private static Map<Cause, Coding> snomed() {
    var codes = new EnumMap<Cause, Coding>(Cause.class);
    codes.put(
        Cause.SPINAL_STENOSIS, new Coding(SNOMED, "18347007", "Spinal stenosis of lumbar region"));
    codes.put(Cause.OSTEOARTHRITIS, new Coding(SNOMED, "239873007", "Osteoarthritis of knee"));
    codes.put(Cause.MENISCUS_TEAR, new Coding(SNOMED, "239720000", "Tear of meniscus of knee"));
    return Map.copyOf(codes);
  }
}
