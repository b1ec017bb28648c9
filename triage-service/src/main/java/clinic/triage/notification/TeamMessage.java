package clinic.triage.notification;

import clinic.events.Escalation;
import clinic.events.Route;
import clinic.events.TriageDecided.RedFlag;
import clinic.events.TriageDecided.SuspectedCause;
import clinic.events.Urgency;
import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;
import java.util.Locale;
import java.util.UUID;

/**
 * What a receiving team is told about a referral: the webhook's JSON body as it stands, and the
 * e-mail made from the same fields. Clinical reasons and ids only: triage has no patient name or
 * contact details, and the team opens the referral's page for the rest.
 *
 * @param event {@code referral.confirmed}, {@code referral.overridden} or {@code
 *     referral.early-warning} (an emergency or urgent decision no clinician has confirmed yet)
 * @param escalation what the red flags ask for first (emergency assessment today, urgent specialist
 *     review), said before anything else; absent from the JSON without one
 * @param decidedBy the clinician who confirmed or overrode; null for an early warning
 * @param overrideReason why the clinician changed triage's proposal
 */
record TeamMessage(
    String event,
    UUID referralId,
    UUID intakeId,
    @JsonInclude(JsonInclude.Include.NON_NULL) Escalation escalation,
    Route route,
    Urgency urgency,
    List<RedFlag> redFlags,
    List<SuspectedCause> suspectedCauses,
    String explanation,
    @JsonInclude(JsonInclude.Include.NON_NULL) String decidedBy,
    @JsonInclude(JsonInclude.Include.NON_NULL) String overrideReason,
    String link) {

  static final String CONFIRMED = "referral.confirmed";
  static final String OVERRIDDEN = "referral.overridden";
  static final String EARLY_WARNING = "referral.early-warning";

  TeamMessage {
    redFlags = List.copyOf(redFlags);
    suspectedCauses = List.copyOf(suspectedCauses);
  }

  boolean earlyWarning() {
    return EARLY_WARNING.equals(event);
  }

  /** The escalation in plain words, e.g. "Emergency assessment today"; null without one. */
  static String escalationWords(Escalation escalation) {
    if (escalation == null) {
      return null;
    }
    return switch (escalation) {
      case EMERGENCY_TODAY -> "Emergency assessment today";
      case URGENT_REVIEW -> "Urgent specialist review";
    };
  }

  String subject() {
    String what = earlyWarning() ? "early warning, not yet confirmed" : "referral";
    String where =
        escalation == null
            ? capitalised(words(route))
            : escalationWords(escalation) + ", then " + words(route);
    return "[%s] %s: %s (referral %s)"
        .formatted(
            words(urgency).toUpperCase(Locale.ROOT),
            where,
            what,
            referralId.toString().substring(0, 8));
  }

  String text() {
    StringBuilder text = new StringBuilder();
    if (escalation != null) {
      text.append(escalationWords(escalation).toUpperCase(Locale.ROOT)).append(": ");
      text.append(
          switch (escalation) {
            case EMERGENCY_TODAY ->
                "a red flag means this patient must be assessed in hospital today.";
            case URGENT_REVIEW ->
                "a red flag means a specialist must see this patient within days.";
          });
      text.append(" The %s follows; it does not replace this.\n\n".formatted(words(route)));
    }
    if (earlyWarning()) {
      text.append(
          """
          Early warning: triage finds this patient %s. No clinician has confirmed the referral
          yet; you will get the referral itself once one does.

          """
              .formatted(words(urgency)));
    } else {
      text.append(
          "A referral to %s was %s by %s.\n\n"
              .formatted(
                  words(route),
                  OVERRIDDEN.equals(event) ? "decided (triage's proposal overridden)" : "confirmed",
                  decidedBy));
    }
    text.append("Referral: ").append(referralId).append('\n');
    text.append("Intake: ").append(intakeId).append('\n');
    if (escalation != null) {
      text.append("Escalation: ").append(escalationWords(escalation)).append('\n');
    }
    text.append("Route: ").append(capitalised(words(route))).append('\n');
    text.append("Urgency: ").append(capitalised(words(urgency))).append("\n\n");
    text.append("Red flags:");
    if (redFlags.isEmpty()) {
      text.append(" none\n");
    } else {
      text.append('\n');
      redFlags.forEach(f -> text.append("  - ").append(f.reason()).append('\n'));
    }
    text.append("Suspected causes:");
    if (suspectedCauses.isEmpty()) {
      text.append(" none\n");
    } else {
      text.append('\n');
      suspectedCauses.forEach(
          c ->
              text.append("  - ")
                  .append(capitalised(words(c.cause())))
                  .append(" (")
                  .append(words(c.strength()))
                  .append(")\n"));
    }
    if (explanation != null && !explanation.isBlank()) {
      text.append("\nTriage's explanation: ").append(explanation).append('\n');
    }
    if (overrideReason != null) {
      text.append("\nThe clinician's reason for the override: ")
          .append(overrideReason)
          .append('\n');
    }
    text.append("\nOpen the referral: ").append(link).append('\n');
    return text.toString();
  }

  private static String words(Enum<?> value) {
    return value.name().toLowerCase(Locale.ROOT).replace('_', ' ');
  }

  private static String capitalised(String words) {
    return Character.toUpperCase(words.charAt(0)) + words.substring(1);
  }
}
