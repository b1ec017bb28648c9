package clinic.triage.cds;

import clinic.events.TriageDecided.RedFlag;
import clinic.events.TriageDecided.SuspectedCause;
import clinic.events.Urgency;
import clinic.triage.dashboard.Labels;
import clinic.triage.decision.Decision;
import clinic.triage.referral.ReferralNotFound;
import clinic.triage.referral.Referrals;
import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import java.util.stream.Collectors;
import org.hl7.fhir.r4.model.QuestionnaireResponse;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/**
 * The card of a what-if decision, in the CDS Hooks 2.0 shape: the summary says the route and
 * urgency (a red flag's escalation and reason first, indicator {@code critical}), the detail
 * (Markdown) the causes, the explanation, the missing answers and whether a clinician must review
 * it; one link opens the clinician dashboard, at the referral when the response is one of the
 * clinic's own intakes.
 */
@Component
class Cards {

  private final Labels labels;
  private final Referrals referrals;
  private final String publicUrl;

  Cards(
      Labels labels,
      Referrals referrals,
      @Value("${triage.public-url:http://localhost:8082}") String publicUrl) {
    this.labels = labels;
    this.referrals = referrals;
    this.publicUrl = publicUrl.replaceAll("/+$", "");
  }

  Card of(Decision decision, QuestionnaireResponse response) {
    String proposal =
        labels.route(decision.route())
            + ", "
            + labels.urgency(decision.urgency()).toLowerCase(Locale.ROOT);
    String summary =
        decision.redFlags().isEmpty()
            ? "Proposed: " + proposal
            : (decision.escalation() == null
                    ? "Red flag: "
                    : labels.escalation(decision.escalation()) + ". Red flag: ")
                + decision.redFlags().getFirst().reason();
    return new Card(
        UUID.randomUUID().toString(),
        shorten(summary),
        detail(decision, proposal),
        indicator(decision),
        new Source("Clinic triage rules " + decision.rulesetVersion(), publicUrl + "/dashboard"),
        List.of(new Link("Open the clinician dashboard", dashboardUrl(response), "absolute")));
  }

  /** Red flags or an emergency are critical; an urgent case a warning; the rest information. */
  static String indicator(Decision decision) {
    if (!decision.redFlags().isEmpty() || decision.urgency() == Urgency.EMERGENCY) {
      return "critical";
    }
    return decision.urgency() == Urgency.URGENT ? "warning" : "info";
  }

  private String detail(Decision decision, String proposal) {
    List<String> lines = new ArrayList<>();
    if (!decision.redFlags().isEmpty()) {
      lines.add(
          "**Red flags:** "
              + decision.redFlags().stream()
                  .map(RedFlag::reason)
                  .collect(Collectors.joining("; ")));
    }
    lines.add("**Proposed route:** " + proposal);
    if (!decision.secondaryRoutes().isEmpty()) {
      lines.add("**Also:** " + labels.routes(decision.secondaryRoutes()));
    }
    if (!decision.causes().isEmpty()) {
      lines.add(
          "**Suspected causes:** "
              + decision.causes().stream().map(this::cause).collect(Collectors.joining(", ")));
    }
    lines.add("**Why:** " + decision.explanation());
    if (!decision.missingAnswers().isEmpty()) {
      lines.add(
          "**Not answered:** "
              + decision.missingAnswers().stream()
                  .map(labels::question)
                  .collect(Collectors.joining(", ")));
    }
    if (decision.needsClinicianReview()) {
      lines.add("A clinician must review this proposal before it goes ahead.");
    }
    lines.add(
        "_A proposal from the clinic's triage rules, not a diagnosis; the treating clinician"
            + " decides._");
    return String.join("\n\n", lines);
  }

  private String cause(SuspectedCause cause) {
    return labels.code("cause", cause.cause())
        + " ("
        + cause.strength().name().toLowerCase(Locale.ROOT)
        + ")";
  }

  /** The referral's page when the response is one of the clinic's intakes, else the queue. */
  private String dashboardUrl(QuestionnaireResponse response) {
    String queue = publicUrl + "/dashboard";
    UUID intakeId;
    try {
      intakeId = UUID.fromString(response.getIdElement().getIdPart());
    } catch (RuntimeException notAnIntake) {
      return queue;
    }
    UUID referralId = Referrals.referralIdFor(intakeId);
    try {
      referrals.find(referralId);
      return queue + "/referrals/" + referralId;
    } catch (ReferralNotFound none) {
      return queue;
    }
  }

  private static String shorten(String summary) {
    int max = CdsHooksController.MAX_SUMMARY;
    return summary.length() <= max ? summary : summary.substring(0, max - 1) + "…";
  }

  /** A card (https://cds-hooks.hl7.org/2.0/#card-attributes). */
  @JsonInclude(JsonInclude.Include.NON_EMPTY)
  record Card(
      String uuid,
      String summary,
      String detail,
      String indicator,
      Source source,
      List<Link> links) {}

  record Source(String label, String url) {}

  record Link(String label, String url, String type) {}
}
