package clinic.triage.education;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import clinic.events.CloudEventHeaders;
import clinic.events.EducationAssigned;
import clinic.events.IntakeSubmitted;
import clinic.events.Topics;
import clinic.security.testing.TestIssuer;
import clinic.triage.Api;
import clinic.triage.Intakes;
import clinic.triage.ScenarioTest;
import clinic.triage.TopicReader;
import clinic.triage.TriageServiceTest;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.kafka.support.KafkaHeaders;
import tools.jackson.core.type.TypeReference;

/** Triage learns where each patient's education packet is from {@code EducationAssigned}. */
@TriageServiceTest
class EducationPacketTest extends ScenarioTest {

  private static final String CONTENT_SERVICE = "/content-service";
  private static final int PARTITION = 1;

  @Autowired EducationPackets packets;

  @ParameterizedTest
  @ValueSource(strings = {"CLINICIAN", "RECEIVING_TEAM", "ADMIN"})
  void packetIsNamedWithTheReferralButItsLinkIsNeverShown(String role) {
    IntakeSubmitted intake = Intakes.submitted(Intakes.sciatica());
    UUID referral = scenario.referralFor(intake);
    EducationAssigned assigned = assigned(intake.intakeId(), 1);

    publisher.publish(assigned, CONTENT_SERVICE);

    await().atMost(TopicReader.WAIT).until(() -> packets.packetFor(intake.intakeId()).isPresent());
    Api as = api.as(TestIssuer.shared().tokenFor(role));
    var answer = as.get("/api/referrals/" + referral);
    assertThat(as.map(answer)).doesNotContainKey("educationPacketUrl");
    assertThat(answer.body()).doesNotContain(assigned.packetUrl()).doesNotContain("/packets/");
    String page = as.get("/dashboard/referrals/" + referral).body();
    assertThat(page)
        .contains("Assigned (en, version 1)")
        .doesNotContain(assigned.packetUrl())
        .doesNotContain("/packets/");
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "javascript:alert(document.cookie)",
        "JavaScript:alert(1)//http://localhost:8083/packets/x",
        "http://evil.example/packets/x",
        "http://localhost:8083.evil.example/packets/x",
        "http://localhost:8083@evil.example/packets/x",
        "https://localhost:8083/packets/x",
        "http://localhost:8084/packets/x",
        "data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg=="
      })
  void aPacketAddressOffTheClinicsEducationPagesIsDeadLetteredAndNeverALink(String address) {
    IntakeSubmitted intake = Intakes.submitted(Intakes.sciatica());
    UUID referral = scenario.referralFor(intake);
    EducationAssigned assigned = withUrl(assigned(intake.intakeId(), 1), address);

    try (TopicReader deadLetters = new TopicReader(broker, Topics.deadLetter(Topics.EDUCATION))) {
      publisher.publish(assigned, CONTENT_SERVICE);

      ConsumerRecord<String, String> dead = deadLetters.awaitOne(intake.intakeId().toString());
      assertThat(TopicReader.headers(dead).get(KafkaHeaders.DLT_EXCEPTION_MESSAGE))
          .contains("packetUrl is not under");
      assertThat(dead.value()).isEqualTo(json.writeValueAsString(assigned));
    }
    assertThat(packets.packetFor(intake.intakeId())).isEmpty();
    assertThat(
            jdbc.sql("select count(*) from processed_event where event_id = ?")
                .param(assigned.eventId())
                .query(Integer.class)
                .single())
        .isZero();
    String page = api.get("/dashboard/referrals/" + referral).body();
    assertThat(page)
        .doesNotContain("id=\"education-packet\"")
        .doesNotContain("evil.example")
        .doesNotContainIgnoringCase("javascript:")
        .doesNotContain("data:text/html");
    assertThat(api.map(api.get("/api/referrals/" + referral)))
        .doesNotContainKey("educationPacketUrl");
  }

  @Test
  void redeliveredAndOlderPacketsChangeNothing() {
    UUID intakeId = UUID.randomUUID();
    EducationAssigned first = assigned(intakeId, 1);
    EducationAssigned second = assigned(intakeId, 2);
    EducationAssigned marker = assigned(UUID.randomUUID(), 1);

    // One partition: handled in this order. (The key is the intake id, or the record is refused.)
    publisher.publish(second, CONTENT_SERVICE, PARTITION);
    publisher.publish(first, CONTENT_SERVICE, PARTITION);
    publisher.publish(second, CONTENT_SERVICE, PARTITION);
    publisher.publish(marker, CONTENT_SERVICE, PARTITION);
    await().atMost(TopicReader.WAIT).until(() -> packets.packetFor(marker.intakeId()).isPresent());

    EducationPacket packet = packets.packetFor(intakeId).orElseThrow();
    assertThat(packet.packetVersion()).isEqualTo(2);
    assertThat(packet.packetUrl()).isEqualTo(second.packetUrl());
    assertThat(
            jdbc.sql("select count(*) from processed_event where event_id in (?, ?)")
                .params(first.eventId(), second.eventId())
                .query(Integer.class)
                .single())
        .isEqualTo(2);
  }

  @Test
  void malformedEducationEventGoesToDeadLetter() {
    UUID intakeId = UUID.randomUUID();
    EducationAssigned assigned = assigned(intakeId, 1);
    Map<String, Object> body =
        json.readValue(json.writeValueAsString(assigned), new TypeReference<>() {});
    body.remove("packetUrl");
    try (TopicReader deadLetters = new TopicReader(broker, Topics.deadLetter(Topics.EDUCATION))) {
      publisher.send(
          Topics.EDUCATION,
          null,
          intakeId.toString(),
          json.writeValueAsString(body),
          CloudEventHeaders.of(assigned, CONTENT_SERVICE));

      ConsumerRecord<String, String> dead = deadLetters.awaitOne(intakeId.toString());
      assertThat(TopicReader.headers(dead).get(KafkaHeaders.DLT_EXCEPTION_MESSAGE))
          .contains("EducationAssigned schema");
      assertThat(TopicReader.headers(dead).get(KafkaHeaders.DLT_ORIGINAL_CONSUMER_GROUP))
          .isEqualTo("triage-service");
      assertThat(packets.packetFor(intakeId)).isEmpty();
    }
  }

  private static EducationAssigned withUrl(EducationAssigned a, String packetUrl) {
    return new EducationAssigned(
        a.intakeId(),
        a.packetId(),
        a.packetVersion(),
        a.decisionId(),
        a.language(),
        a.itemSlugs(),
        packetUrl,
        a.assignedAt());
  }

  private static EducationAssigned assigned(UUID intakeId, int version) {
    UUID packetId = UUID.nameUUIDFromBytes(("packet/" + intakeId + "/" + version).getBytes());
    return new EducationAssigned(
        intakeId,
        packetId,
        version,
        UUID.randomUUID(),
        "en",
        List.of("sciatica-basics"),
        "http://localhost:8083/packets/" + packetId,
        Instant.now().truncatedTo(ChronoUnit.MILLIS));
  }
}
