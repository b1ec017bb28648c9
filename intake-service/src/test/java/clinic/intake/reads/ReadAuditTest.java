package clinic.intake.reads;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;

import clinic.intake.IntakeServiceTest;
import clinic.intake.Questionnaires;
import clinic.intake.Staff;
import clinic.security.testing.TestIssuer;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.dao.DataAccessException;
import org.springframework.http.MediaType;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.mock.web.MockHttpServletResponse;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.request.MockHttpServletRequestBuilder;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Every read of a patient's record that shows identity leaves a row in {@code intake_read}, written
 * in the same request, with ids only; administrators page through it; the database refuses to
 * change or remove a row.
 */
@IntakeServiceTest
class ReadAuditTest {

  static final String DR_RAE = TestIssuer.shared().token("u-77", "Dr Rae", "CLINICIAN");
  static final String DESK = TestIssuer.shared().token("u-fd-11", "Frank Desk", "FRONT_DESK");
  static final String ADMIN = TestIssuer.shared().token("u-admin-11", "Ada Min", "ADMIN");

  @Autowired MockMvc mvc;
  @Autowired JdbcClient jdbc;
  @Autowired JsonMapper json;

  @Test
  void clinicianReadingAnIntakeThroughTheApiIsRecorded() throws Exception {
    var intake = submit("Rae Reader Patient");

    assertThat(send(get("/api/intakes/" + intake), DR_RAE).getStatus()).isEqualTo(200);

    var rows = rowsFor(intake);
    assertThat(rows).hasSize(1);
    assertThat(rows.getFirst())
        .containsEntry("subject", "u-77")
        .containsEntry("name", "Dr Rae")
        .containsEntry("view", "API_INTAKE")
        .containsEntry("client_address", "127.0.0.1");
    assertThat(ids(rows.getFirst())).containsExactly(intake);

    var page = json(send(get("/api/intakes/" + intake + "/reads"), ADMIN));
    assertThat(page.get("reads")).hasSize(1);
    var read = page.get("reads").get(0);
    assertThat(read.get("subject").asString()).isEqualTo("u-77");
    assertThat(read.get("name").asString()).isEqualTo("Dr Rae");
    assertThat(read.get("view").asString()).isEqualTo("API_INTAKE");
    assertThat(read.get("intakeIds").get(0).asString()).isEqualTo(intake.toString());
  }

  @Test
  void frontDeskOpeningTheIntakePageIsRecorded() throws Exception {
    var intake = submit("Page Reader Patient");

    assertThat(send(get("/intakes/" + intake), DESK).getStatus()).isEqualTo(200);

    var rows = rowsFor(intake);
    assertThat(rows).hasSize(1);
    assertThat(rows.getFirst())
        .containsEntry("subject", "u-fd-11")
        .containsEntry("name", "Frank Desk")
        .containsEntry("view", "PAGE_INTAKE");
  }

  @Test
  void progressShowsNoIdentityAndIsNotRecorded() throws Exception {
    var intake = submit("Progress Poll Patient");

    var progress = send(get("/api/intakes/" + intake + "/progress"), DESK);

    assertThat(progress.getStatus()).isEqualTo(200);
    assertThat(progress.getContentAsString()).doesNotContain("Progress Poll Patient");
    assertThat(rowsFor(intake)).isEmpty();
  }

  @Test
  void todaysListIsOneRowHoldingEveryIntakeShown() throws Exception {
    var first = submit("Today First Patient");
    var second = submit("Today Second Patient");
    var subject = "u-today-" + UUID.randomUUID();
    var token = TestIssuer.shared().token(subject, "Tess Today", "FRONT_DESK");

    var page = send(get("/intakes/today"), token);

    assertThat(page.getContentAsString()).contains("Today First Patient", "Today Second Patient");
    var rows =
        jdbc.sql("select * from intake_read where subject = ?").param(subject).query().listOfRows();
    assertThat(rows).hasSize(1);
    assertThat(rows.getFirst()).containsEntry("view", "PAGE_TODAY");
    assertThat(ids(rows.getFirst())).contains(first, second);

    var bySubject = json(send(get("/api/intakes/reads?subject=" + subject), ADMIN));
    assertThat(bySubject.get("reads")).hasSize(1);
    assertThat(bySubject.get("reads").get(0).get("intakeIds").toString())
        .contains(first.toString(), second.toString());
  }

  @Test
  void theAuditHoldsIdsAndNeverThePatientsIdentityOrAnswers() throws Exception {
    var intake = submit("Nadia Nameless");
    send(get("/api/intakes/" + intake), DR_RAE);
    send(get("/intakes/" + intake), DESK);
    send(get("/intakes/today"), DESK);

    var columns =
        jdbc.sql(
                "select column_name from information_schema.columns"
                    + " where table_name = 'intake_read' order by ordinal_position")
            .query(String.class)
            .list();
    assertThat(columns)
        .containsExactly(
            "id", "read_at", "subject", "name", "view", "intake_ids", "client_address");
    var everything =
        jdbc.sql("select r::text from intake_read r where ? = any(intake_ids)")
            .param(intake)
            .query(String.class)
            .list();
    assertThat(everything).hasSizeGreaterThanOrEqualTo(3);
    var patient = Questionnaires.valid();
    assertThat(String.join("\n", everything))
        .doesNotContain(
            "Nadia",
            "Nameless",
            patient.get("email").asString(),
            patient.get("phone").asString(),
            patient.get("dateOfBirth").asString(),
            "LOWER_BACK");
  }

  @Test
  void theDatabaseRefusesToChangeOrRemoveARead() throws Exception {
    var intake = submit("Append Only Patient");
    send(get("/api/intakes/" + intake), DR_RAE);

    assertThatThrownBy(
            () ->
                jdbc.sql(
                        "update intake_read set subject = 'someone-else' where ? = any(intake_ids)")
                    .param(intake)
                    .update())
        .isInstanceOf(DataAccessException.class)
        .rootCause()
        .hasMessageContaining("append-only");
    assertThatThrownBy(
            () ->
                jdbc.sql("delete from intake_read where ? = any(intake_ids)")
                    .param(intake)
                    .update())
        .isInstanceOf(DataAccessException.class)
        .rootCause()
        .hasMessageContaining("append-only");
    assertThatThrownBy(() -> jdbc.sql("truncate intake_read").update())
        .isInstanceOf(DataAccessException.class)
        .rootCause()
        .hasMessageContaining("append-only");

    assertThat(rowsFor(intake))
        .singleElement()
        .extracting(row -> row.get("subject"))
        .isEqualTo("u-77");
  }

  @Test
  void theRecordIsNotServedWhenItsReadCannotBeRecorded() throws Exception {
    var intake = submit("Unrecorded Patient");
    var subject = "u-refused-" + UUID.randomUUID().toString().substring(0, 8);
    // Only this test's subject: the other tests share the database.
    jdbc.sql(
            """
            create function refuse_read_for_test() returns trigger language plpgsql as $$
            begin raise exception 'audit unavailable'; end $$
            """)
        .update();
    jdbc.sql(
            "create trigger refuse_read_for_test before insert on intake_read for each row"
                + " when (new.subject = '"
                + subject
                + "') execute function refuse_read_for_test()")
        .update();
    try {
      var token = TestIssuer.shared().token(subject, "Rita Refused", "CLINICIAN");

      var api = send(get("/api/intakes/" + intake), token);
      var page = send(get("/intakes/" + intake), token);

      assertThat(api.getStatus()).isEqualTo(500);
      assertThat(api.getContentAsString()).doesNotContain("Unrecorded Patient");
      assertThat(page.getStatus()).isEqualTo(500);
      assertThat(page.getContentAsString()).doesNotContain("Unrecorded Patient");
    } finally {
      jdbc.sql("drop trigger refuse_read_for_test on intake_read").update();
      jdbc.sql("drop function refuse_read_for_test()").update();
    }
  }

  @Test
  void onlyAdministratorsSeeTheAudit() throws Exception {
    var intake = submit("Private Audit Patient");
    for (var token : List.of(DR_RAE, DESK)) {
      for (var path :
          List.of(
              "/api/intakes/" + intake + "/reads",
              "/api/intakes/reads?subject=u-77",
              "/intakes/reads?intake=" + intake)) {
        assertThat(send(get(path), token).getStatus()).as(path).isEqualTo(403);
      }
    }
    assertThat(send(get("/api/intakes/reads?subject=u-77"), ADMIN).getStatus()).isEqualTo(200);
  }

  @Test
  void pagesAreNewestFirstAndBounded() throws Exception {
    var intake = submit("Paged Patient");
    for (int i = 0; i < 3; i++) {
      send(get("/api/intakes/" + intake), DR_RAE);
    }

    var firstPage = json(send(get("/api/intakes/" + intake + "/reads?size=2"), ADMIN));
    var secondPage = json(send(get("/api/intakes/" + intake + "/reads?size=2&page=1"), ADMIN));
    var huge = json(send(get("/api/intakes/" + intake + "/reads?size=100000"), ADMIN));

    assertThat(firstPage.get("reads")).hasSize(2);
    assertThat(firstPage.get("hasNext").asBoolean()).isTrue();
    assertThat(secondPage.get("reads")).hasSize(1);
    assertThat(secondPage.get("hasNext").asBoolean()).isFalse();
    var newest = firstPage.get("reads").get(0).get("id").asLong();
    var next = firstPage.get("reads").get(1).get("id").asLong();
    var oldest = secondPage.get("reads").get(0).get("id").asLong();
    assertThat(newest).isGreaterThan(next);
    assertThat(next).isGreaterThan(oldest);
    assertThat(huge.get("size").asInt()).isEqualTo(ReadsPage.MAX_SIZE);
  }

  @Test
  void administratorsPageShowsTheReadsInAnAccessibleTable() throws Exception {
    var intake = submit("Tabled Patient");
    send(get("/api/intakes/" + intake), DR_RAE);

    var response = send(get("/intakes/reads?intake=" + intake).accept(MediaType.TEXT_HTML), ADMIN);

    assertThat(response.getStatus()).isEqualTo(200);
    var html = response.getContentAsString();
    assertThat(html)
        .contains(
            "<caption>Reads of patient records, newest first</caption>",
            "<th scope=\"col\">Who</th>",
            "Dr Rae (u-77)",
            "API_INTAKE",
            intake.toString(),
            "<label for=\"intake\">")
        .doesNotContain("Tabled Patient");
  }

  // --- helpers

  private UUID submit(String patientName) throws Exception {
    var questionnaire = Questionnaires.valid();
    questionnaire.put("patientName", patientName);
    var response =
        mvc.perform(
                post("/api/intakes")
                    .contentType(MediaType.APPLICATION_JSON)
                    .content(json.writeValueAsString(questionnaire))
                    .with(Staff.frontDesk()))
            .andReturn()
            .getResponse();
    assertThat(response.getStatus()).isEqualTo(201);
    return UUID.fromString(json.readTree(response.getContentAsString()).get("intakeId").asString());
  }

  private MockHttpServletResponse send(MockHttpServletRequestBuilder request, String token)
      throws Exception {
    return mvc.perform(request.with(Staff.withToken(token))).andReturn().getResponse();
  }

  private JsonNode json(MockHttpServletResponse response) throws Exception {
    assertThat(response.getStatus()).isEqualTo(200);
    return json.readTree(response.getContentAsString());
  }

  private List<Map<String, Object>> rowsFor(UUID intake) {
    return jdbc.sql("select * from intake_read where ? = any(intake_ids) order by id")
        .param(intake)
        .query()
        .listOfRows();
  }

  private static List<UUID> ids(Map<String, Object> row) throws Exception {
    var array = (java.sql.Array) row.get("intake_ids");
    return List.of((UUID[]) array.getArray());
  }
}
