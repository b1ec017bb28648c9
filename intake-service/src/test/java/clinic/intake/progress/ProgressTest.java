package clinic.intake.progress;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;

import clinic.events.ClinicEvent;
import clinic.events.CloudEventHeaders;
import clinic.events.EventType;
import clinic.intake.Questionnaires;
import clinic.intake.Staff;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.internals.RecordHeader;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.kafka.test.EmbeddedKafkaBroker;
import org.springframework.test.web.servlet.MockMvc;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * What the progress tests share: an intake submitted through the API, read back, and the other
 * services' events sent to it on the real broker.
 */
abstract class ProgressTest {

  static final Duration TIMEOUT = Duration.ofSeconds(30);

  @Autowired MockMvc mvc;
  @Autowired JdbcClient jdbc;
  @Autowired JsonMapper json;
  @Autowired KafkaTemplate<Object, Object> kafka;
  @Autowired EmbeddedKafkaBroker broker;

  UUID submitIntake() throws Exception {
    var response =
        mvc.perform(
                post("/api/intakes")
                    .contentType(MediaType.APPLICATION_JSON)
                    .content(json.writeValueAsString(Questionnaires.valid()))
                    .with(Staff.frontDesk()))
            .andReturn()
            .getResponse();
    assertThat(response.getStatus()).isEqualTo(201);
    return UUID.fromString(json.readTree(response.getContentAsString()).get("intakeId").asString());
  }

  JsonNode show(UUID intake) throws Exception {
    var response =
        mvc.perform(get("/api/intakes/" + intake).with(Staff.frontDesk()))
            .andReturn()
            .getResponse();
    assertThat(response.getStatus()).isEqualTo(200);
    return json.readTree(response.getContentAsString());
  }

  JsonNode awaitStatus(UUID intake, String status) {
    return await()
        .atMost(TIMEOUT)
        .until(() -> show(intake), shown -> shown.get("status").asString().equals(status));
  }

  void send(ClinicEvent event) throws Exception {
    send(
        EventType.forData(event.getClass()).topic(),
        event.intakeId().toString(),
        json.writeValueAsString(event),
        CloudEventHeaders.of(event));
  }

  void send(String topic, String key, String value, Map<String, String> headers) throws Exception {
    var record = new ProducerRecord<Object, Object>(topic, key, value);
    headers.forEach(
        (name, header) ->
            record.headers().add(new RecordHeader(name, header.getBytes(StandardCharsets.UTF_8))));
    kafka.send(record).get();
  }
}
