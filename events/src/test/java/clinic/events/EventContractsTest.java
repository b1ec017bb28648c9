package clinic.events;

import static org.assertj.core.api.Assertions.assertThat;

import clinic.events.TriageDecided.RedFlag;
import clinic.events.TriageDecided.Strength;
import clinic.events.TriageDecided.SuspectedCause;
import com.networknt.schema.Error;
import com.networknt.schema.InputFormat;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import java.io.InputStream;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

class EventContractsTest {

  static final JsonMapper json = JsonMapper.builder().build();
  static final SchemaRegistry schemas =
      SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_2020_12);
  static final UUID INTAKE = UUID.randomUUID();

  static Stream<ClinicEvent> examples() {
    return Stream.of(
        new IntakeSubmitted(
            INTAKE,
            "1",
            58,
            "es",
            Map.of(
                "painAreas",
                List.of("LOWER_BACK", "THIGH"),
                "painRadiatesDownLeg",
                true,
                "painNow",
                6),
            Instant.parse("2026-11-24T09:15:00Z")),
        new IntakeAmended(
            INTAKE,
            UUID.randomUUID(),
            1,
            "1",
            58,
            "es",
            Map.of("painAreas", List.of("LOWER_BACK"), "painNow", 4),
            new Actor("f3a1", "Rosa Front Desk"),
            Instant.parse("2026-11-24T09:20:00Z")),
        new IntakeWithdrawn(
            INTAKE,
            IntakeWithdrawn.Reason.DUPLICATE,
            new Actor("f3a1", "Rosa Front Desk"),
            Instant.parse("2026-11-24T09:25:00Z")),
        new TriageDecided(
            INTAKE,
            UUID.randomUUID(),
            1,
            "2026.11.1",
            Route.SURGICAL_CONSULT,
            List.of(Route.PHYSICAL_THERAPY),
            Urgency.EMERGENCY,
            Escalation.EMERGENCY_TODAY,
            List.of(
                new SuspectedCause(
                    Cause.HERNIATED_DISC, Strength.LIKELY, List.of("painRadiatesDownLeg"))),
            List.of(new RedFlag("CAUDA_EQUINA", "New bladder problems with back pain")),
            false,
            List.of(),
            "Leg pain radiating below the knee with a bladder change.",
            "es",
            Instant.parse("2026-11-24T09:15:02Z")),
        new ReferralConfirmed(
            INTAKE,
            UUID.randomUUID(),
            UUID.randomUUID(),
            UUID.randomUUID(),
            Route.PHYSICAL_THERAPY,
            List.of(Route.MEDICATION_REVIEW),
            Urgency.SOON,
            new Actor("c9d2", "Dr Jones"),
            Instant.parse("2026-11-24T10:00:00Z")),
        new ReferralOverridden(
            INTAKE,
            UUID.randomUUID(),
            UUID.randomUUID(),
            UUID.randomUUID(),
            Route.PHYSICAL_THERAPY,
            Urgency.ROUTINE,
            Route.SURGICAL_CONSULT,
            List.of(),
            Urgency.URGENT,
            Escalation.URGENT_REVIEW,
            new Actor("c9d2", "Dr Jones"),
            "Imaging already shows a large disc herniation.",
            Instant.parse("2026-11-24T10:01:00Z")),
        new ReferralStatusChanged(
            INTAKE,
            UUID.randomUUID(),
            UUID.randomUUID(),
            ReferralStatusChanged.Status.SENT,
            Route.SURGICAL_CONSULT,
            Urgency.URGENT,
            Actor.system("triage"),
            null,
            Instant.parse("2026-11-24T10:02:00Z")),
        new EducationAssigned(
            INTAKE,
            UUID.randomUUID(),
            1,
            UUID.randomUUID(),
            "es",
            List.of("herniated-disc", "seek-help-now"),
            "http://localhost:8083/education/abc123",
            Instant.parse("2026-11-24T09:15:03Z")));
  }

  @ParameterizedTest
  @MethodSource("examples")
  void everyEventSerialisesToJsonThatItsSchemaAccepts(Object event) {
    String body = json.writeValueAsString(event);

    assertThat(validate(EventType.forData(event.getClass()), body)).isEmpty();
  }

  @ParameterizedTest
  @MethodSource("examples")
  void everyEventReadsBackEqualFromItsJson(Object event) {
    String body = json.writeValueAsString(event);

    assertThat(json.readValue(body, event.getClass())).isEqualTo(event);
  }

  @Test
  void intakeSchemaRejectsIdentityFields() {
    ObjectNode event = json.valueToTree(examples().findFirst().orElseThrow());
    event.put("patientName", "Ada Lovelace");
    event.put("dateOfBirth", "1960-01-01");

    assertThat(validate(EventType.INTAKE_SUBMITTED, event.toString()))
        .extracting(Error::getMessage)
        .anySatisfy(m -> assertThat(m).contains("patientName"))
        .anySatisfy(m -> assertThat(m).contains("dateOfBirth"));
  }

  @Test
  void decisionSchemaRejectsAnUnknownRoute() {
    ObjectNode event =
        json.valueToTree(
            examples().filter(TriageDecided.class::isInstance).findFirst().orElseThrow());
    event.put("route", "ACUPUNCTURE");

    assertThat(validate(EventType.TRIAGE_DECIDED, event.toString())).isNotEmpty();
  }

  @Test
  void decisionSchemaRejectsAnUnknownEscalation() {
    ObjectNode event =
        json.valueToTree(
            examples().filter(TriageDecided.class::isInstance).findFirst().orElseThrow());
    event.put("escalation", "WHENEVER");

    assertThat(validate(EventType.TRIAGE_DECIDED, event.toString())).isNotEmpty();
  }

  /** Events published before escalations existed have no such field and must still be read. */
  @ParameterizedTest
  @MethodSource("withEscalation")
  void eventsWithoutAnEscalationAreStillReadAsHavingNone(ClinicEvent event) {
    ObjectNode old = json.valueToTree(event);
    assertThat(old.has("escalation")).isTrue();
    old.remove("escalation");
    var reader = new EventReader("http://localhost:8083");

    ClinicEvent read =
        reader.read(
            EventType.forData(event.getClass()).topic(),
            event.intakeId().toString(),
            CloudEventHeaders.of(event),
            old.toString());

    assertThat(read).hasFieldOrPropertyWithValue("escalation", null);
    assertThat(read).usingRecursiveComparison().ignoringFields("escalation").isEqualTo(event);
  }

  static Stream<ClinicEvent> withEscalation() {
    return examples()
        .filter(
            e ->
                e instanceof TriageDecided
                    || e instanceof ReferralConfirmed
                    || e instanceof ReferralOverridden);
  }

  @Test
  void everyTypeIsFoundByItsCloudEventsType() {
    for (EventType<?> type : EventType.ALL) {
      assertThat(EventType.of(type.type())).contains(type);
      assertThat(EventType.class.getResource(type.schema())).as(type.schema()).isNotNull();
    }
    assertThat(EventType.of("clinic.unknown.v1")).isEmpty();
  }

  @ParameterizedTest
  @MethodSource("examples")
  void cloudEventsHeadersAreDerivedFromTheEventSoARepublishCarriesTheSameId(ClinicEvent event) {
    var headers = CloudEventHeaders.of(event, "/test");

    assertThat(headers)
        .containsEntry(CloudEventHeaders.SPECVERSION, "1.0")
        .containsEntry(CloudEventHeaders.TYPE, EventType.forData(event.getClass()).type())
        .containsEntry(CloudEventHeaders.SUBJECT, INTAKE.toString())
        .containsEntry(CloudEventHeaders.TIME, event.occurredAt().toString());
    assertThat(CloudEventHeaders.of(event, "/test")).isEqualTo(headers);
  }

  static List<Error> validate(EventType<?> type, String body) {
    try (InputStream in = EventType.class.getResourceAsStream(type.schema())) {
      Schema schema = schemas.getSchema(in);
      return schema.validate(body, InputFormat.JSON);
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }
}
