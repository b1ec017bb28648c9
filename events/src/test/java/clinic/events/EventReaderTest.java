package clinic.events;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/** Each check of the one event reader, on records as the producers (or a forger) send them. */
class EventReaderTest {

  static final JsonMapper json = JsonMapper.builder().build();
  static final String CONTENT = "http://localhost:8083";

  final EventReader reader = new EventReader(CONTENT);

  @ParameterizedTest
  @MethodSource("clinic.events.EventContractsTest#examples")
  void everyEventFromItsProducerIsReadAsItsRecord(ClinicEvent event) {
    assertThat(read(event, CloudEventHeaders.of(event), json.writeValueAsString(event)))
        .isEqualTo(event);
  }

  @Test
  void readsAKafkaRecordByItsLastHeaders() {
    var event = withdrawn();
    var record =
        new ConsumerRecord<>(
            Topics.INTAKE, 0, 0L, event.intakeId().toString(), json.writeValueAsString(event));
    record.headers().add(CloudEventHeaders.SOURCE, bytes("/elsewhere"));
    CloudEventHeaders.of(event).forEach((name, value) -> record.headers().add(name, bytes(value)));

    assertThat(reader.read(record)).isEqualTo(event);
  }

  @Test
  void namesEveryMissingCloudEventsHeader() {
    var event = withdrawn();

    assertThatThrownBy(() -> read(event, Map.of(), json.writeValueAsString(event)))
        .isInstanceOf(InvalidEventException.class)
        .hasMessageContainingAll("ce_specversion", "ce_id", "ce_type", "ce_source");
  }

  @Test
  void refusesAnotherSpecVersion() {
    var event = withdrawn();
    var headers = with(CloudEventHeaders.of(event), CloudEventHeaders.SPECVERSION, "0.3");

    assertThatThrownBy(() -> read(event, headers, json.writeValueAsString(event)))
        .isInstanceOf(InvalidEventException.class)
        .hasMessageContaining("ce_specversion");
  }

  @Test
  void refusesAnIdThatIsNotAUuid() {
    var event = withdrawn();
    var headers = with(CloudEventHeaders.of(event), CloudEventHeaders.ID, "42");

    assertThatThrownBy(() -> read(event, headers, json.writeValueAsString(event)))
        .isInstanceOf(InvalidEventException.class)
        .hasMessageContaining("ce_id is not a UUID");
  }

  @Test
  void refusesAnUnknownType() {
    var event = withdrawn();
    var headers =
        with(CloudEventHeaders.of(event), CloudEventHeaders.TYPE, "clinic.intake.merged.v1");

    assertThatThrownBy(() -> read(event, headers, json.writeValueAsString(event)))
        .isInstanceOf(InvalidEventException.class)
        .hasMessageContaining("Unexpected event type on clinic.intake")
        .hasMessageContaining("clinic.intake.merged.v1");
  }

  @Test
  void refusesATypeThatBelongsOnAnotherTopic() {
    var decided = decided();
    var value = json.writeValueAsString(decided);

    assertThatThrownBy(
            () ->
                reader.read(
                    Topics.INTAKE,
                    decided.intakeId().toString(),
                    CloudEventHeaders.of(decided),
                    value))
        .isInstanceOf(InvalidEventException.class)
        .hasMessageContaining("Unexpected event type on clinic.intake");
  }

  @ParameterizedTest
  @ValueSource(strings = {"/triage-service", "/content-service", "/intake-service/", "/evil"})
  void refusesAnEventFromAServiceThatDoesNotOwnTheTopic(String source) {
    var event = withdrawn();
    var headers = CloudEventHeaders.of(event, source);

    assertThatThrownBy(() -> read(event, headers, json.writeValueAsString(event)))
        .isInstanceOf(InvalidEventException.class)
        .hasMessageContaining("does not own clinic.intake")
        .hasMessageContaining("only /intake-service");
  }

  @Test
  void refusesARecordWithoutValue() {
    var event = withdrawn();

    assertThatThrownBy(() -> read(event, CloudEventHeaders.of(event), null))
        .isInstanceOf(InvalidEventException.class)
        .hasMessageContaining("no value");
  }

  @Test
  void refusesBrokenJsonWithoutQuotingIt() {
    var event = withdrawn();

    assertThatThrownBy(() -> read(event, CloudEventHeaders.of(event), "{\"secret\": \"Ada"))
        .isInstanceOf(InvalidEventException.class)
        .hasMessage("Value is not valid JSON");
  }

  @Test
  void refusesAValueThatBreaksTheSchemaNamingEachFieldButNoValue() {
    var event = submitted();
    ObjectNode body = json.valueToTree(event);
    body.put("patientName", "Ada Lovelace");
    body.remove("ageYears");

    assertThatThrownBy(() -> read(event, CloudEventHeaders.of(event), body.toString()))
        .isInstanceOf(InvalidEventException.class)
        .hasMessageContainingAll(
            "IntakeSubmitted schema", "additionalProperties patientName", "required ageYears")
        .message()
        .doesNotContain("Ada");
  }

  @Test
  void refusesAnIdThatIsNotTheEventsOwn() {
    var event = withdrawn();
    var headers =
        with(CloudEventHeaders.of(event), CloudEventHeaders.ID, UUID.randomUUID().toString());

    assertThatThrownBy(() -> read(event, headers, json.writeValueAsString(event)))
        .isInstanceOf(InvalidEventException.class)
        .hasMessageContaining("ce_id is not the event's id");
  }

  @Test
  void refusesAKeyThatIsNotTheIntake() {
    var event = withdrawn();
    var value = json.writeValueAsString(event);

    assertThatThrownBy(
            () ->
                reader.read(
                    Topics.INTAKE,
                    UUID.randomUUID().toString(),
                    CloudEventHeaders.of(event),
                    value))
        .isInstanceOf(InvalidEventException.class)
        .hasMessageContaining("key");
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "javascript:alert(document.cookie)",
        "JavaScript:alert(1)//http://localhost:8083/education/x",
        "http://evil.example/education/x",
        "http://localhost:8083.evil.example/education/x",
        "http://localhost:8083@evil.example/education/x",
        "https://localhost:8083/education/x",
        "http://localhost:8084/education/x"
      })
  void refusesAPacketLinkOutsideTheContentService(String url) {
    var event = assigned(url);

    assertThatThrownBy(
            () -> read(event, CloudEventHeaders.of(event), json.writeValueAsString(event)))
        .isInstanceOf(InvalidEventException.class)
        .hasMessageContaining("packetUrl is not under");
  }

  @Test
  void acceptsAPacketLinkOnTheContentService() {
    var event = assigned("http://localhost:8083/education/abc123");

    assertThat(read(event, CloudEventHeaders.of(event), json.writeValueAsString(event)))
        .isEqualTo(event);
  }

  @Test
  void eachTopicHasOneProducerWhoseSourceTheHeadersCarry() {
    assertThat(Producer.owning(Topics.INTAKE)).contains(Producer.INTAKE_SERVICE);
    assertThat(Producer.owning(Topics.TRIAGE)).contains(Producer.TRIAGE_SERVICE);
    assertThat(Producer.owning(Topics.REFERRAL)).contains(Producer.TRIAGE_SERVICE);
    assertThat(Producer.owning(Topics.EDUCATION)).contains(Producer.CONTENT_SERVICE);
    assertThat(Producer.owning(Topics.deadLetter(Topics.INTAKE))).isEmpty();
    assertThat(CloudEventHeaders.of(withdrawn()))
        .containsEntry(CloudEventHeaders.SOURCE, "/intake-service");
    assertThat(CloudEventHeaders.of(decided()))
        .containsEntry(CloudEventHeaders.SOURCE, "/triage-service");
    assertThat(CloudEventHeaders.of(assigned("http://localhost:8083/education/x")))
        .containsEntry(CloudEventHeaders.SOURCE, "/content-service");
  }

  private ClinicEvent read(ClinicEvent event, Map<String, String> headers, String value) {
    return reader.read(
        EventType.forData(event.getClass()).topic(), event.intakeId().toString(), headers, value);
  }

  private static Map<String, String> with(Map<String, String> headers, String name, String value) {
    var changed = new HashMap<>(headers);
    changed.put(name, value);
    return changed;
  }

  private static byte[] bytes(String value) {
    return value.getBytes(StandardCharsets.UTF_8);
  }

  private static <T> T example(Class<T> type) {
    return EventContractsTest.examples().filter(type::isInstance).map(type::cast).findFirst().get();
  }

  private static IntakeWithdrawn withdrawn() {
    return example(IntakeWithdrawn.class);
  }

  private static IntakeSubmitted submitted() {
    return example(IntakeSubmitted.class);
  }

  private static TriageDecided decided() {
    return example(TriageDecided.class);
  }

  private static EducationAssigned assigned(String url) {
    var a = example(EducationAssigned.class);
    return new EducationAssigned(
        a.intakeId(),
        a.packetId(),
        a.packetVersion(),
        a.decisionId(),
        a.language(),
        List.copyOf(a.itemSlugs()),
        url,
        a.assignedAt());
  }
}
