package clinic.intake.intake;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;

import clinic.events.Topics;
import clinic.intake.IntakeServiceTest;
import clinic.intake.KafkaProbe;
import clinic.intake.Questionnaires;
import clinic.intake.Staff;
import java.time.Duration;
import java.util.ArrayList;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.kafka.test.EmbeddedKafkaBroker;
import org.springframework.mock.web.MockHttpServletResponse;
import org.springframework.test.web.servlet.MockMvc;
import tools.jackson.databind.json.JsonMapper;

/** A retried or double-clicked submission with the same Idempotency-Key creates one intake. */
@IntakeServiceTest
class IdempotencyTest {

  @Autowired MockMvc mvc;
  @Autowired JdbcClient jdbc;
  @Autowired JsonMapper json;
  @Autowired EmbeddedKafkaBroker broker;

  @Test
  void sameKeyTwiceGivesOneIntakeAndOneEvent() throws Exception {
    var key = UUID.randomUUID().toString();
    var body = json.writeValueAsString(Questionnaires.valid());

    var first = submit(body, key);
    var retry = submit(body, key);

    assertThat(first.getStatus()).isEqualTo(201);
    assertThat(retry.getStatus()).isEqualTo(200);
    assertThat(retry.getHeader("Idempotent-Replayed")).isEqualTo("true");
    var id = intakeId(first);
    assertThat(intakeId(retry)).isEqualTo(id);
    assertThat(retry.getHeader("Location")).isEqualTo(first.getHeader("Location"));
    assertThat(rowsWithKey(key)).isEqualTo(1);
    assertThat(publicationsFor(id)).isEqualTo(1);
    assertThat(
            KafkaProbe.records(
                broker.getBrokersAsString(),
                Topics.INTAKE,
                id.toString(),
                1,
                Duration.ofSeconds(30)))
        .hasSize(1);
  }

  @Test
  void retryWithTheSameAnswersWrittenDifferentlyIsTheSameRequest() throws Exception {
    var key = UUID.randomUUID().toString();
    var original = Questionnaires.kneeOnly();
    var respaced = Questionnaires.kneeOnly();
    respaced.put("patientName", "  " + original.get("patientName").asString() + " ");

    var first = submit(json.writeValueAsString(original), key);
    var retry = submit(json.writerWithDefaultPrettyPrinter().writeValueAsString(respaced), key);

    assertThat(retry.getStatus()).isEqualTo(200);
    assertThat(intakeId(retry)).isEqualTo(intakeId(first));
    assertThat(rowsWithKey(key)).isEqualTo(1);
  }

  @Test
  void doubleClickSendingTwoRequestsAtOnceCreatesOneIntake() throws Exception {
    var key = UUID.randomUUID().toString();
    var body = json.writeValueAsString(Questionnaires.backAndLeg());
    Callable<MockHttpServletResponse> click = () -> submit(body, key);

    var responses = new ArrayList<MockHttpServletResponse>();
    try (var pool = Executors.newFixedThreadPool(4)) {
      for (var future : pool.invokeAll(java.util.List.of(click, click, click, click))) {
        responses.add(future.get());
      }
    }

    assertThat(responses)
        .extracting(MockHttpServletResponse::getStatus)
        .containsOnly(200, 201)
        .containsOnlyOnce(201);
    assertThat(responses).extracting(this::intakeId).containsOnly(intakeId(responses.getFirst()));
    assertThat(rowsWithKey(key)).isEqualTo(1);
    assertThat(publicationsFor(intakeId(responses.getFirst()))).isEqualTo(1);
  }

  @Test
  void sameKeyWithOtherAnswersIsRefusedAndStoresNothing() throws Exception {
    var key = UUID.randomUUID().toString();
    var first = submit(json.writeValueAsString(Questionnaires.valid()), key);
    var changed = Questionnaires.valid();
    Questionnaires.answers(changed).put("painNow", 9);
    long intakes = count("intake");
    long publications = count("event_publication");

    var reused = submit(json.writeValueAsString(changed), key);

    assertThat(reused.getStatus()).isEqualTo(422);
    assertThat(reused.getContentType()).isEqualTo(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
    var problem = json.readTree(reused.getContentAsString());
    assertThat(problem.get("title").asString()).isEqualTo("Idempotency-Key already used");
    assertThat(problem.get("intakeId").asString()).isEqualTo(intakeId(first).toString());
    assertThat(count("intake")).isEqualTo(intakes);
    assertThat(count("event_publication")).isEqualTo(publications);
  }

  @Test
  void withoutAKeyEachSubmissionIsANewIntake() throws Exception {
    var body = json.writeValueAsString(Questionnaires.kneeOnly());

    var first = submit(body, null);
    var second = submit(body, null);

    assertThat(first.getStatus()).isEqualTo(201);
    assertThat(second.getStatus()).isEqualTo(201);
    assertThat(intakeId(second)).isNotEqualTo(intakeId(first));
  }

  private MockHttpServletResponse submit(String body, String key) throws Exception {
    var request = post("/api/intakes").contentType(MediaType.APPLICATION_JSON).content(body);
    if (key != null) {
      request.header("Idempotency-Key", key);
    }
    return mvc.perform(request.with(Staff.frontDesk())).andReturn().getResponse();
  }

  private UUID intakeId(MockHttpServletResponse response) {
    try {
      return UUID.fromString(
          json.readTree(response.getContentAsString()).get("intakeId").asString());
    } catch (java.io.UnsupportedEncodingException e) {
      throw new IllegalStateException(e);
    }
  }

  private long rowsWithKey(String key) {
    return jdbc.sql("select count(*) from intake where idempotency_key = :key")
        .param("key", key)
        .query(Long.class)
        .single();
  }

  private long publicationsFor(UUID intake) {
    return jdbc.sql("select count(*) from event_publication where serialized_event like :id")
        .param("id", "%" + intake + "%")
        .query(Long.class)
        .single();
  }

  private long count(String table) {
    return jdbc.sql("select count(*) from " + table).query(Long.class).single();
  }
}
