package clinic.triage.referral;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import clinic.events.Actor;
import clinic.triage.Api;
import clinic.triage.Intakes;
import clinic.triage.ScenarioTest;
import clinic.triage.Tokens;
import clinic.triage.TriageServiceTest;
import java.net.http.HttpResponse;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/** The JSON API of the queue and the referral actions, on the running service. */
@TriageServiceTest
class ReferralApiTest extends ScenarioTest {

  @Autowired Referrals referrals;
  @Autowired ReferralRepository repository;

  @Test
  void confirmationIsRecordedWithWhoAndWhen() {
    UUID id = scenario.proposedReferral(Intakes.sciatica());

    HttpResponse<String> response =
        api.as(Tokens.clinician("Dr Ada Byron")).post(path(id, "confirm"), Map.of("version", 1));

    assertThat(response.statusCode()).isEqualTo(200);
    Map<String, Object> body = api.map(response);
    assertThat(body)
        .containsEntry("status", "CONFIRMED")
        .containsEntry("version", 2)
        .containsEntry("route", body.get("proposedRoute"))
        .containsEntry("urgency", body.get("proposedUrgency"));
    List<Map<String, Object>> transitions = api.list(body.get("transitions"));
    assertThat(transitions).hasSize(2);
    assertThat(transitions.getLast())
        .containsEntry("from", "PROPOSED")
        .containsEntry("to", "CONFIRMED")
        .containsEntry("by", "Dr Ada Byron")
        .containsEntry("bySubject", "u-dr-ada-byron")
        .containsEntry("sequence", 2);
    assertThat(Instant.parse((String) transitions.getLast().get("at")))
        .isAfter(Instant.now().minusSeconds(60));
    assertThat(scenario.status(id)).isEqualTo("CONFIRMED");
  }

  @Test
  void aClinicianAcknowledgesAReviewFlagWithANoteAndTheStatusStays() {
    UUID id = flaggedAfterConfirmation();
    int version = scenario.version(id);

    HttpResponse<String> response =
        api.as(Tokens.clinician("Dr Ada Byron"))
            .post(
                path(id, "acknowledge-review"),
                Map.of("reason", "Saw the new answers: escalated by phone", "version", version));

    assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
    Map<String, Object> body = api.map(response);
    assertThat(body)
        .containsEntry("needsReview", false)
        .containsEntry("status", "CONFIRMED")
        .containsEntry("version", version + 1);
    assertThat(body.get("reviewReason")).isNull();
    assertThat(api.list(body.get("transitions")).getLast())
        .containsEntry("from", "CONFIRMED")
        .containsEntry("to", "CONFIRMED")
        .containsEntry("by", "Dr Ada Byron")
        .containsEntry("bySubject", "u-dr-ada-byron")
        .containsEntry("reason", "Review acknowledged: Saw the new answers: escalated by phone");
  }

  @Test
  void acknowledgingNeedsANoteAndAFlagAndTheCurrentVersion() {
    UUID flagged = flaggedAfterConfirmation();
    int version = scenario.version(flagged);
    UUID unflagged = scenario.proposedReferral(Intakes.sciatica());

    HttpResponse<String> noNote =
        api.post(path(flagged, "acknowledge-review"), Map.of("reason", " ", "version", version));
    HttpResponse<String> stale =
        api.post(path(flagged, "acknowledge-review"), Map.of("reason", "Seen", "version", 1));
    HttpResponse<String> noFlag =
        api.post(path(unflagged, "acknowledge-review"), Map.of("reason", "Seen", "version", 1));

    assertThat(noNote.statusCode()).isEqualTo(400);
    assertThat(noNote.body()).contains("\"reason\"");
    assertThat(stale.statusCode()).isEqualTo(409);
    assertThat(noFlag.statusCode()).isEqualTo(409);
    assertThat(noFlag.body()).contains("cannot be acknowledged");
    assertThat(scenario.version(flagged)).isEqualTo(version);
    assertThat(scenario.version(unflagged)).isEqualTo(1);
  }

  /** Confirmed, then the answers change to a red flag: the referral asks for a review. */
  private UUID flaggedAfterConfirmation() {
    var intake = Intakes.submitted(Intakes.sciatica());
    UUID id = scenario.referralFor(intake);
    assertThat(api.post(path(id, "confirm"), Map.of("version", 1)).statusCode()).isEqualTo(200);
    publisher.publish(Intakes.amended(intake, 1, Intakes.caudaEquina()), Intakes.INTAKE_SERVICE);
    org.awaitility.Awaitility.await()
        .atMost(clinic.triage.TopicReader.WAIT)
        .until(
            () -> Boolean.TRUE.equals(api.map(api.get("/api/referrals/" + id)).get("needsReview")));
    return id;
  }

  @Test
  void aNameInTheBodyIsNotWhoActsTheTokenIs() {
    UUID id = scenario.proposedReferral(Intakes.sciatica());

    HttpResponse<String> response =
        api.as(Tokens.clinician("Dr Ada Byron"))
            .post(path(id, "confirm"), Map.of("clinician", "Dr Mallory", "version", 1));

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(api.list(api.map(response).get("transitions")).getLast())
        .containsEntry("by", "Dr Ada Byron")
        .containsEntry("bySubject", "u-dr-ada-byron");
    assertThat(response.body()).doesNotContain("Mallory");
  }

  @Test
  void aChangeRecordedBeforeSignInIsStillShownWithItsNameAlone() {
    UUID id = scenario.proposedReferral(Intakes.sciatica());
    api.post(path(id, "cancel"), Map.of("reason", "Duplicate", "version", 1));
    // As a row written before V5: a typed name, no subject.
    jdbc.sql(
            "update referral_transition set by_whom = 'Dr Typed', by_subject = null"
                + " where referral_id = ? and sequence = 2")
        .param(id)
        .update();

    HttpResponse<String> response = api.get("/api/referrals/" + id);

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(api.list(api.map(response).get("transitions")).getLast())
        .containsEntry("by", "Dr Typed")
        .doesNotContainKey("bySubject");
    HttpResponse<String> page = api.get("/dashboard/referrals/" + id);
    assertThat(page.statusCode()).isEqualTo(200);
    assertThat(page.body()).contains("<span>Dr Typed</span>");
  }

  @Test
  void overrideChangesRouteAndUrgencyAndKeepsTheProposal() {
    UUID id = scenario.proposedReferral(Intakes.sciatica());

    HttpResponse<String> response =
        api.as(Tokens.clinician("Dr Grace"))
            .post(
                path(id, "override"),
                Map.of(
                    "route", "SURGICAL_CONSULT",
                    "urgency", "URGENT",
                    "reason", "MRI shows a large sequestrated disc",
                    "version", 1));

    assertThat(response.statusCode()).isEqualTo(200);
    Map<String, Object> body = api.map(response);
    assertThat(body)
        .containsEntry("status", "OVERRIDDEN")
        .containsEntry("route", "SURGICAL_CONSULT")
        .containsEntry("urgency", "URGENT")
        .containsEntry("proposedRoute", "PHYSICAL_THERAPY")
        .containsEntry("proposedUrgency", "SOON");
    assertThat(api.list(body.get("transitions")).getLast())
        .containsEntry("to", "OVERRIDDEN")
        .containsEntry("by", "Dr Grace")
        .containsEntry("reason", "MRI shows a large sequestrated disc");
  }

  @Test
  void cancellationNeedsAndRecordsAReason() {
    UUID id = scenario.proposedReferral(Intakes.sciatica());

    HttpResponse<String> response =
        api.post(path(id, "cancel"), Map.of("reason", "Seen in A&E already", "version", 1));

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(api.map(response)).containsEntry("status", "CANCELLED");
    assertThat(api.list(api.map(response).get("transitions")).getLast())
        .containsEntry("reason", "Seen in A&E already");
  }

  @Test
  void overrideWithoutReasonIsRefusedNamingEveryOffendingField() {
    UUID id = scenario.proposedReferral(Intakes.sciatica());
    Map<String, Object> request = new HashMap<>();
    request.put("route", "HOSPITAL");
    request.put("reason", "   ");
    request.put("version", 1);

    HttpResponse<String> response = api.post(path(id, "override"), request);

    assertThat(response.statusCode()).isEqualTo(400);
    assertThat(response.headers().firstValue("Content-Type")).hasValue("application/problem+json");
    Map<String, Object> problem = api.map(response);
    assertThat(problem).containsEntry("status", 400).containsEntry("title", "Invalid request");
    assertThat(fields(problem)).containsExactlyInAnyOrder("route", "reason");
    assertThat(messages(problem)).contains("Enter a reason for the override");
    assertThat(scenario.status(id)).isEqualTo("PROPOSED");
    assertThat(scenario.version(id)).isEqualTo(1);
  }

  @Test
  void overrideThatChangesNothingIsRefused() {
    UUID id = scenario.proposedReferral(Intakes.sciatica());

    HttpResponse<String> response =
        api.post(
            path(id, "override"),
            Map.of(
                "route", "PHYSICAL_THERAPY",
                "urgency", "SOON",
                "reason", "Agree",
                "version", 1));

    assertThat(response.statusCode()).isEqualTo(400);
    assertThat(fields(api.map(response))).containsExactly("route", "urgency");
    assertThat(scenario.status(id)).isEqualTo("PROPOSED");
  }

  @Test
  void unreadableBodiesAreBadRequests() {
    UUID id = scenario.proposedReferral(Intakes.sciatica());

    HttpResponse<String> notJson = api.postJson(path(id, "confirm"), "{\"version\": ");
    HttpResponse<String> wrongType = api.postJson(path(id, "confirm"), "{\"version\": \"two\"}");
    HttpResponse<String> noVersion = api.postJson(path(id, "confirm"), "{}");

    assertThat(notJson.statusCode()).isEqualTo(400);
    assertThat(fields(api.map(notJson))).containsExactly("body");
    assertThat(wrongType.statusCode()).isEqualTo(400);
    assertThat(fields(api.map(wrongType))).containsExactly("version");
    assertThat(noVersion.statusCode()).isEqualTo(400);
    assertThat(fields(api.map(noVersion))).containsExactly("version");
    assertThat(scenario.version(id)).isEqualTo(1);
  }

  @Test
  void confirmingACancelledReferralIsRefusedWithAProblem() {
    UUID id = scenario.proposedReferral(Intakes.sciatica());
    api.post(path(id, "cancel"), Map.of("reason", "Duplicate", "version", 1));

    HttpResponse<String> response = api.post(path(id, "confirm"), Map.of("version", 2));

    assertThat(response.statusCode()).isEqualTo(409);
    assertThat(response.headers().firstValue("Content-Type")).hasValue("application/problem+json");
    assertThat(api.map(response))
        .containsEntry("title", "A cancelled referral cannot be confirmed")
        .containsEntry("type", "urn:clinic:problem:transition-not-allowed")
        .containsEntry("status", 409)
        .containsEntry("referralStatus", "CANCELLED")
        .containsEntry("referralId", id.toString());
    assertThat(scenario.status(id)).isEqualTo("CANCELLED");
    assertThat(scenario.version(id)).isEqualTo(2);
  }

  @Test
  void theReceivingTeamAnswersOnlyASentReferral() {
    UUID accepted = scenario.proposedReferral(Intakes.sciatica());
    UUID declined = scenario.proposedReferral(Intakes.sciatica());

    Api team = api.as(Tokens.receivingTeam("PT team"));
    HttpResponse<String> tooEarly = team.post(path(accepted, "accept"), Map.of("version", 1));
    assertThat(tooEarly.statusCode()).isEqualTo(409);
    assertThat(api.map(tooEarly)).containsEntry("title", "A proposed referral cannot be accepted");

    for (UUID id : List.of(accepted, declined)) {
      api.post(path(id, "confirm"), Map.of("version", 1));
      referrals.markSent(id, Actor.system("notifications"));
    }

    HttpResponse<String> accept = team.post(path(accepted, "accept"), Map.of("version", 3));
    assertThat(accept.statusCode()).isEqualTo(200);
    assertThat(api.map(accept)).containsEntry("status", "ACCEPTED");

    HttpResponse<String> noReason = team.post(path(declined, "decline"), Map.of("version", 3));
    assertThat(noReason.statusCode()).isEqualTo(400);
    assertThat(fields(api.map(noReason))).containsExactly("reason");

    HttpResponse<String> decline =
        team.post(path(declined, "decline"), Map.of("reason", "Outside our area", "version", 3));
    assertThat(decline.statusCode()).isEqualTo(200);
    assertThat(api.map(decline)).containsEntry("status", "DECLINED");

    HttpResponse<String> again = team.post(path(declined, "accept"), Map.of("version", 4));
    assertThat(again.statusCode()).isEqualTo(409);
    assertThat(api.map(again)).containsEntry("title", "A declined referral cannot be accepted");
  }

  @Test
  void secondChangeOnTheSameVersionGetsAConflictAndOverwritesNothing() {
    UUID id = scenario.proposedReferral(Intakes.sciatica());

    HttpResponse<String> first =
        api.as(Tokens.clinician("Dr Ada")).post(path(id, "confirm"), Map.of("version", 1));
    HttpResponse<String> second =
        api.as(Tokens.clinician("Dr Grace"))
            .post(
                path(id, "override"),
                Map.of("route", "MEDICATION_REVIEW", "reason", "Pain uncontrolled", "version", 1));

    assertThat(first.statusCode()).isEqualTo(200);
    assertThat(second.statusCode()).isEqualTo(409);
    assertThat(second.headers().firstValue("Content-Type")).hasValue("application/problem+json");
    assertThat(api.map(second))
        .containsEntry("title", "Changed by someone else, reload")
        .containsEntry("type", "urn:clinic:problem:referral-changed")
        .containsEntry("requestedVersion", 1)
        .containsEntry("currentVersion", 2);
    assertThat((String) api.map(second).get("detail")).contains("reload");

    Map<String, Object> now = api.map(api.get("/api/referrals/" + id));
    assertThat(now)
        .containsEntry("status", "CONFIRMED")
        .containsEntry("route", "PHYSICAL_THERAPY")
        .containsEntry("version", 2);
    assertThat(api.list(now.get("transitions")))
        .extracting(t -> t.get("by"))
        .containsExactly("triage", "Dr Ada");
  }

  @Test
  void aConcurrentCommitIsCaughtByTheVersionColumn() {
    UUID id = scenario.proposedReferral(Intakes.sciatica());
    // Both clinicians loaded version 1 before either saved.
    Referral ada = repository.find(id).orElseThrow();
    Referral grace = repository.find(id).orElseThrow();
    ada.confirm(new Actor("u-ada", "Dr Ada"), Instant.now());
    grace.override(
        new Actor("u-grace", "Dr Grace"),
        null,
        clinic.events.Urgency.URGENT,
        "Worse today",
        Instant.now());

    repository.save(ada);

    assertThatThrownBy(() -> repository.save(grace)).isInstanceOf(StaleReferral.class);
    assertThat(scenario.status(id)).isEqualTo("CONFIRMED");
    assertThat(scenario.transitions(id)).isEqualTo(2);
  }

  @Test
  void unknownAndMalformedReferralIdsAreProblems() {
    UUID unknown = UUID.randomUUID();

    HttpResponse<String> missing = api.get("/api/referrals/" + unknown);
    HttpResponse<String> missingAction = api.post(path(unknown, "confirm"), Map.of("version", 1));
    HttpResponse<String> malformed = api.get("/api/referrals/not-a-uuid");

    assertThat(missing.statusCode()).isEqualTo(404);
    assertThat(missing.headers().firstValue("Content-Type")).hasValue("application/problem+json");
    assertThat(api.map(missing))
        .containsEntry("title", "Referral not found")
        .containsEntry("referralId", unknown.toString());
    assertThat(missingAction.statusCode()).isEqualTo(404);
    assertThat(malformed.statusCode()).isEqualTo(400);
    assertThat(fields(api.map(malformed))).containsExactly("referralId");
  }

  @Test
  void queueIsMostUrgentFirstThenLongestWaiting() {
    UUID soonOlder = scenario.proposedReferral(Intakes.sciatica());
    UUID emergency = scenario.proposedReferral(Intakes.caudaEquina());
    UUID soonNewer = scenario.proposedReferral(Intakes.sciatica());

    List<Map<String, Object>> queue = queue("");

    List<String> ours =
        queue.stream()
            .map(r -> (String) r.get("referralId"))
            .filter(
                id ->
                    List.of(soonOlder.toString(), emergency.toString(), soonNewer.toString())
                        .contains(id))
            .toList();
    assertThat(ours)
        .containsExactly(emergency.toString(), soonOlder.toString(), soonNewer.toString());
    // And the queue as a whole keeps that order (by queue urgency: see ReferralView).
    List<String> order = List.of("EMERGENCY", "URGENT", "SOON", "ROUTINE");
    for (int i = 1; i < queue.size(); i++) {
      var before = queue.get(i - 1);
      var after = queue.get(i);
      int urgencyBefore = order.indexOf(before.get("queueUrgency"));
      int urgencyAfter = order.indexOf(after.get("queueUrgency"));
      assertThat(urgencyBefore).isLessThanOrEqualTo(urgencyAfter);
      if (urgencyBefore == urgencyAfter) {
        assertThat(Instant.parse((String) before.get("waitingSince")))
            .isBeforeOrEqualTo(Instant.parse((String) after.get("waitingSince")));
      }
    }
    Map<String, Object> emergencyItem =
        queue.stream()
            .filter(r -> r.get("referralId").equals(emergency.toString()))
            .findFirst()
            .orElseThrow();
    assertThat(api.list(emergencyItem.get("redFlags"))).isNotEmpty();
    assertThat(emergencyItem).doesNotContainKey("transitions");
  }

  @Test
  void queueFiltersByRouteUrgencyAndStatusAndCountsPerRoute() {
    UUID emergency = scenario.proposedReferral(Intakes.caudaEquina());
    UUID cancelled = scenario.proposedReferral(Intakes.sciatica());
    api.post(path(cancelled, "cancel"), Map.of("reason", "Dup", "version", 1));

    List<Map<String, Object>> emergencies = queue("?urgency=EMERGENCY");
    List<Map<String, Object>> surgical = queue("?route=SURGICAL_CONSULT");
    List<Map<String, Object>> cancelledOnes = queue("?status=CANCELLED");
    List<Map<String, Object>> open = queue("");

    assertThat(emergencies)
        .allSatisfy(r -> assertThat(r).containsEntry("queueUrgency", "EMERGENCY"));
    assertThat(ids(emergencies)).contains(emergency.toString());
    assertThat(surgical).allSatisfy(r -> assertThat(r).containsEntry("route", "SURGICAL_CONSULT"));
    assertThat(cancelledOnes).allSatisfy(r -> assertThat(r).containsEntry("status", "CANCELLED"));
    assertThat(ids(cancelledOnes))
        .contains(cancelled.toString())
        .doesNotContain(emergency.toString());
    assertThat(ids(open)).contains(emergency.toString()).doesNotContain(cancelled.toString());
    assertThat(open)
        .extracting(r -> r.get("status"))
        .allMatch(s -> List.of("PROPOSED", "CONFIRMED", "OVERRIDDEN", "SENT").contains(s));

    // Counts cover every route under the same urgency and status, whatever the route filter.
    Map<String, Object> body = api.map(api.get("/api/referrals?route=SURGICAL_CONSULT"));
    @SuppressWarnings("unchecked")
    Map<String, Integer> counts = (Map<String, Integer>) body.get("countsByRoute");
    Map<Object, Long> perRoute =
        open.stream().collect(Collectors.groupingBy(r -> r.get("route"), Collectors.counting()));
    assertThat(counts)
        .containsOnlyKeys("PHYSICAL_THERAPY", "MEDICATION_REVIEW", "SURGICAL_CONSULT");
    counts.forEach(
        (route, count) ->
            assertThat(count.longValue()).as(route).isEqualTo(perRoute.getOrDefault(route, 0L)));
  }

  @Test
  void unknownFilterValuesAreBadRequestsNamingEachParameter() {
    HttpResponse<String> response = api.get("/api/referrals?route=HOSPITAL&status=LOST");

    assertThat(response.statusCode()).isEqualTo(400);
    assertThat(fields(api.map(response))).containsExactlyInAnyOrder("route", "status");
  }

  private List<Map<String, Object>> queue(String query) {
    HttpResponse<String> response = api.get("/api/referrals" + query);
    assertThat(response.statusCode()).isEqualTo(200);
    return api.list(api.map(response).get("referrals"));
  }

  private static List<String> ids(List<Map<String, Object>> referrals) {
    return referrals.stream().map(r -> (String) r.get("referralId")).toList();
  }

  private static String path(UUID id, String action) {
    return "/api/referrals/" + id + "/" + action;
  }

  private List<String> fields(Map<String, Object> problem) {
    return api.list(problem.get("errors")).stream().map(e -> (String) e.get("field")).toList();
  }

  private List<String> messages(Map<String, Object> problem) {
    return api.list(problem.get("errors")).stream().map(e -> (String) e.get("message")).toList();
  }
}
