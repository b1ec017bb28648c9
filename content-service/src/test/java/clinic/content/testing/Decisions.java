package clinic.content.testing;

import clinic.events.Cause;
import clinic.events.CloudEventHeaders;
import clinic.events.Route;
import clinic.events.TriageDecided;
import clinic.events.TriageDecided.RedFlag;
import clinic.events.TriageDecided.Strength;
import clinic.events.TriageDecided.SuspectedCause;
import clinic.events.Urgency;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import tools.jackson.databind.json.JsonMapper;

/** TriageDecided events as triage-service would publish them (Jackson 3, CloudEvents headers). */
public final class Decisions {

  private static final JsonMapper JSON = JsonMapper.builder().build();

  private Decisions() {}

  public static TriageDecided decision(
      UUID intakeId,
      int version,
      String language,
      Route route,
      List<Cause> causes,
      List<RedFlag> redFlags) {
    return decision(intakeId, version, language, route, List.of(), causes, redFlags);
  }

  public static TriageDecided decision(
      UUID intakeId,
      int version,
      String language,
      Route route,
      List<Route> secondaryRoutes,
      List<Cause> causes,
      List<RedFlag> redFlags) {
    return new TriageDecided(
        intakeId,
        UUID.randomUUID(),
        version,
        "2026.11.1",
        route,
        secondaryRoutes,
        redFlags.isEmpty() ? Urgency.ROUTINE : Urgency.EMERGENCY,
        causes.stream()
            .map(
                cause -> new SuspectedCause(cause, Strength.LIKELY, List.of("painRadiatesDownLeg")))
            .toList(),
        redFlags,
        false,
        List.of(),
        "Test decision.",
        language,
        Instant.now().truncatedTo(ChronoUnit.MILLIS));
  }

  /** A sciatica decision from a herniated disc, routed to physical therapy, with no red flag. */
  public static TriageDecided herniatedDisc(UUID intakeId, String language) {
    return decision(
        intakeId, 1, language, Route.PHYSICAL_THERAPY, List.of(Cause.HERNIATED_DISC), List.of());
  }

  public static RedFlag caudaEquina() {
    return new RedFlag("CAUDA_EQUINA", "New bladder or bowel change with back pain");
  }

  public static String json(Object event) {
    return JSON.writeValueAsString(event);
  }

  public static Map<String, String> headers(TriageDecided decision) {
    return CloudEventHeaders.of(decision, "/triage-service");
  }
}
