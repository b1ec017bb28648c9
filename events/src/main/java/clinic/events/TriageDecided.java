package clinic.events;

import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.UUID;

/**
 * Triage proposed a route for an intake. Decision support: a clinician confirms or overrides it. A
 * re-triage of the same intake publishes a new decision with a higher {@code decisionVersion}.
 *
 * @param escalation what the red flags ask for first (emergency assessment today, urgent specialist
 *     review), apart from the route that follows; null without a red flag, and in events published
 *     before escalations existed
 */
public record TriageDecided(
    UUID intakeId,
    UUID decisionId,
    int decisionVersion,
    String rulesetVersion,
    Route route,
    List<Route> secondaryRoutes,
    Urgency urgency,
    Escalation escalation,
    List<SuspectedCause> causes,
    List<RedFlag> redFlags,
    boolean needsClinicianReview,
    List<String> missingAnswers,
    String explanation,
    String preferredLanguage,
    Instant decidedAt)
    implements ClinicEvent {

  public TriageDecided {
    Objects.requireNonNull(intakeId, "intakeId");
    Objects.requireNonNull(decisionId, "decisionId");
    Objects.requireNonNull(rulesetVersion, "rulesetVersion");
    Objects.requireNonNull(route, "route");
    secondaryRoutes = List.copyOf(secondaryRoutes);
    Objects.requireNonNull(urgency, "urgency");
    causes = List.copyOf(causes);
    redFlags = List.copyOf(redFlags);
    missingAnswers = List.copyOf(missingAnswers);
    Objects.requireNonNull(explanation, "explanation");
    Objects.requireNonNull(preferredLanguage, "preferredLanguage");
    Objects.requireNonNull(decidedAt, "decidedAt");
  }

  /** A decision without an escalation (no red flag). */
  public TriageDecided(
      UUID intakeId,
      UUID decisionId,
      int decisionVersion,
      String rulesetVersion,
      Route route,
      List<Route> secondaryRoutes,
      Urgency urgency,
      List<SuspectedCause> causes,
      List<RedFlag> redFlags,
      boolean needsClinicianReview,
      List<String> missingAnswers,
      String explanation,
      String preferredLanguage,
      Instant decidedAt) {
    this(
        intakeId,
        decisionId,
        decisionVersion,
        rulesetVersion,
        route,
        secondaryRoutes,
        urgency,
        null,
        causes,
        redFlags,
        needsClinicianReview,
        missingAnswers,
        explanation,
        preferredLanguage,
        decidedAt);
  }

  /** A cause triage suspects, how strongly, and the question ids of the answers that support it. */
  public record SuspectedCause(Cause cause, Strength strength, List<String> evidence) {
    public SuspectedCause {
      Objects.requireNonNull(cause, "cause");
      Objects.requireNonNull(strength, "strength");
      evidence = List.copyOf(evidence);
    }
  }

  public enum Strength {
    LIKELY,
    POSSIBLE
  }

  /** A warning sign found in the answers, with its reason in plain language. */
  public record RedFlag(String code, String reason) {
    public RedFlag {
      Objects.requireNonNull(code, "code");
      Objects.requireNonNull(reason, "reason");
    }
  }

  /** Every decision (each re-triage too) has its own id. */
  @Override
  public UUID eventId() {
    return decisionId;
  }

  @Override
  public Instant occurredAt() {
    return decidedAt;
  }
}
