package clinic.triage.dashboard;

import static org.assertj.core.api.Assertions.assertThat;

import clinic.security.testing.TestIssuer;
import clinic.triage.Api;
import clinic.triage.Intakes;
import clinic.triage.ScenarioTest;
import clinic.triage.Tokens;
import clinic.triage.TriageServiceTest;
import clinic.triage.rules.Ruleset;
import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * The dashboard as a browser without JavaScript uses it: filters are links and a GET form, actions
 * are form posts answered with a redirect or with the page and its errors.
 */
@TriageServiceTest
class DashboardPagesTest extends ScenarioTest {

  @Test
  void queueFiltersWorkAsPlainQueryParameters() {
    UUID emergency = scenario.proposedReferral(Intakes.caudaEquina());
    UUID soon = scenario.proposedReferral(Intakes.sciatica());

    HttpResponse<String> all = api.get("/dashboard");
    HttpResponse<String> emergencies = api.get("/dashboard?urgency=EMERGENCY&status=PROPOSED");
    HttpResponse<String> fragment = api.get("/dashboard/queue?urgency=SOON");

    assertThat(all.statusCode()).isEqualTo(200);
    assertThat(all.headers().firstValue("Content-Type").orElse("")).startsWith("text/html");
    assertThat(all.body()).contains(row(emergency), row(soon), "Filter the queue");
    assertThat(all.body())
        .as("the ruleset version in the footer")
        .containsPattern(
            "Proposals made with triage ruleset\\s*<a href=\"/api/triage/ruleset\">"
                + Pattern.quote(Ruleset.loadDefault().version())
                + "</a>");
    assertThat(all.body().indexOf(row(emergency))).isLessThan(all.body().indexOf(row(soon)));
    assertThat(emergencies.body()).contains(row(emergency)).doesNotContain(row(soon));
    assertThat(emergencies.body())
        .containsPattern("<option value=\"EMERGENCY\"\\s+selected=\"selected\">");
    assertThat(fragment.body())
        .contains(row(soon))
        .doesNotContain(row(emergency))
        .doesNotContain("<html");
  }

  @Test
  void theServiceRootOpensTheQueue() {
    HttpResponse<String> response = api.get("/");

    assertThat(response.statusCode()).isEqualTo(302);
    assertThat(response.headers().firstValue("Location").orElse("")).endsWith("/dashboard");
  }

  @Test
  void anUnknownFilterValueIsIgnoredAndSaidSo() {
    HttpResponse<String> response = api.get("/dashboard?route=HOSPITAL");

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.body()).contains("not recognised and is ignored");
  }

  @Test
  void detailShowsAnswersCausesRedFlagsRulesHistoryAndAudit() {
    UUID id = scenario.proposedReferral(Intakes.caudaEquina());

    String page = api.get("/dashboard/referrals/" + id).body();

    assertThat(page)
        .contains("Numbness in the saddle area")
        .contains("Pain travels from the back down the leg")
        .contains("Lower back, Thigh, Below the knee")
        .contains("Herniated disc")
        .contains("version " + Ruleset.loadDefault().version())
        // The rules that fired, with why and the documents they cite, and the answers they read.
        .contains("<code>cauda-equina-saddle-numbness</code>")
        .contains("Red flag CAUDA_EQUINA: numbness in the saddle area (between the legs)")
        .contains("Cauda equina syndrome and spinal red flags: emergency referral guidance")
        .contains("Answers the rules read")
        .contains("Pain now (0-10): 7")
        .contains("Decision history")
        .contains("Audit trail")
        .contains("Proposed by triage decision v1")
        .contains("Not assigned yet");
  }

  @Test
  void overrideFormWithoutReasonComesBackWithTheErrorNextToTheField() {
    UUID id = scenario.proposedReferral(Intakes.sciatica());

    HttpResponse<String> response =
        api.as(Tokens.clinician("Dr Ada"))
            .postForm(
                "/dashboard/referrals/" + id + "/override",
                form(
                    Map.of(
                        "route", "SURGICAL_CONSULT",
                        "urgency", "SOON",
                        "reason", "",
                        "version", "1")));

    assertThat(response.statusCode()).isEqualTo(400);
    assertThat(response.body())
        .contains("There is a problem")
        .contains("href=\"#override-reason\"")
        .contains("id=\"override-reason-error\"")
        .contains("Enter a reason for the override")
        .contains("aria-invalid=\"true\"")
        .contains("<strong>Dr Ada</strong>")
        .containsPattern("<option value=\"SURGICAL_CONSULT\"\\s+selected=\"selected\">");
    assertThat(scenario.status(id)).isEqualTo("PROPOSED");
  }

  @Test
  void confirmFormRedirectsToTheReferralSoAReloadDoesNotRepeatIt() {
    UUID id = scenario.proposedReferral(Intakes.sciatica());

    HttpResponse<String> response =
        api.postForm("/dashboard/referrals/" + id + "/confirm", form(Map.of("version", "1")));

    assertThat(response.statusCode()).isEqualTo(302);
    assertThat(response.headers().firstValue("Location").orElse(""))
        .endsWith("/dashboard/referrals/" + id + "?done=confirmed");
    assertThat(scenario.status(id)).isEqualTo("CONFIRMED");
    assertThat(api.get("/dashboard/referrals/" + id + "?done=confirmed").body())
        .contains("Referral confirmed.");
  }

  @Test
  void aClinicianAcknowledgesAReviewFlagFromTheReferralPage() {
    var intake = Intakes.submitted(Intakes.sciatica());
    UUID id = scenario.referralFor(intake);
    api.postForm("/dashboard/referrals/" + id + "/confirm", form(Map.of("version", "1")));
    publisher.publish(Intakes.amended(intake, 1, Intakes.caudaEquina()), Intakes.INTAKE_SERVICE);
    org.awaitility.Awaitility.await()
        .atMost(clinic.triage.TopicReader.WAIT)
        .until(() -> api.get("/dashboard/referrals/" + id).body().contains("id=\"review-flag\""));
    assertThat(api.as(Tokens.receivingTeam("Rui")).get("/dashboard/referrals/" + id).body())
        .as("the receiving team reads the flag but is offered no acknowledgement")
        .doesNotContain("acknowledge-submit");

    HttpResponse<String> response =
        api.as(Tokens.clinician("Dr Ada"))
            .postForm(
                "/dashboard/referrals/" + id + "/acknowledge-review",
                form(
                    Map.of(
                        "reason",
                        "Called the patient: seen in A&E today",
                        "version",
                        String.valueOf(scenario.version(id)))));

    assertThat(response.statusCode()).isEqualTo(302);
    assertThat(response.headers().firstValue("Location").orElse(""))
        .endsWith("/dashboard/referrals/" + id + "?done=acknowledged");
    String page = api.get("/dashboard/referrals/" + id + "?done=acknowledged").body();
    assertThat(page)
        .contains("Review acknowledged.")
        .contains("Review acknowledged: Called the patient: seen in A&amp;E today")
        .contains("Dr Ada")
        .doesNotContain("id=\"review-flag\"");
  }

  @Test
  void aFormMadeOnAnOldVersionGetsAConflictPageAndChangesNothing() {
    UUID id = scenario.proposedReferral(Intakes.sciatica());
    api.postForm("/dashboard/referrals/" + id + "/confirm", form(Map.of("version", "1")));

    HttpResponse<String> response =
        api.postForm(
            "/dashboard/referrals/" + id + "/cancel",
            form(Map.of("reason", "Duplicate", "version", "1")));

    assertThat(response.statusCode()).isEqualTo(409);
    assertThat(response.body())
        .contains("Changed by someone else, reload")
        .contains("your change was not saved");
    assertThat(scenario.status(id)).isEqualTo("CONFIRMED");
  }

  @Test
  void unknownReferralPageIsNotFound() {
    assertThat(api.get("/dashboard/referrals/" + UUID.randomUUID()).statusCode()).isEqualTo(404);
    assertThat(api.get("/dashboard/referrals/nonsense").statusCode()).isEqualTo(404);
  }

  @Test
  void liveUpdatesAreAServerSentEventStream() throws Exception {
    HttpClient http = HttpClient.newHttpClient();
    HttpResponse<InputStream> response =
        http.send(
            HttpRequest.newBuilder(URI.create(api.url("/dashboard/events")))
                .header("Accept", "text/event-stream")
                .header(
                    "Authorization", TestIssuer.bearer(TestIssuer.shared().tokenFor("CLINICIAN")))
                .build(),
            HttpResponse.BodyHandlers.ofInputStream());
    try (var lines =
        new BufferedReader(new InputStreamReader(response.body(), StandardCharsets.UTF_8))) {
      assertThat(response.statusCode()).isEqualTo(200);
      assertThat(response.headers().firstValue("Content-Type").orElse(""))
          .startsWith("text/event-stream");
      assertThat(lines.readLine()).isEqualTo("retry:2000");

      UUID id = scenario.proposedReferral(Intakes.sciatica());

      String line;
      do {
        line = lines.readLine();
      } while (line != null && !line.contains(id.toString()));
      assertThat(line).startsWith("id:" + id + "/1");
    }
  }

  @Test
  void aReceivingTeamReadsAReferralButIsOfferedNoClinicalDecision() {
    UUID id = scenario.proposedReferral(Intakes.sciatica());
    Api team = api.as(TestIssuer.shared().token("u-rui", "Rui Receiving-Team", "RECEIVING_TEAM"));

    HttpResponse<String> page = team.get("/dashboard/referrals/" + id, "Accept", "text/html");

    assertThat(page.statusCode()).isEqualTo(200);
    assertThat(page.body())
        .contains(id.toString())
        .doesNotContain("confirm-submit")
        .doesNotContain("override-submit");
    assertThat(team.get("/dashboard").statusCode()).isEqualTo(200);
  }

  @Test
  void everyPostingFormCarriesTheGatewaysCsrfTokenAndNoneWithoutTheGateway() {
    UUID id = scenario.proposedReferral(Intakes.sciatica());

    String viaGateway =
        api.get("/dashboard/referrals/" + id, "X-CSRF-TOKEN", "gateway-csrf-token-1234").body();
    String direct = api.get("/dashboard/referrals/" + id).body();

    Pattern form = Pattern.compile("<form[^>]*method=\"post\".*?</form>", Pattern.DOTALL);
    var forms = form.matcher(viaGateway).results().map(m -> m.group()).toList();
    // Confirm, override and cancel, and signing out at the gateway.
    assertThat(forms).hasSize(4);
    assertThat(forms)
        .filteredOn(f -> f.contains("action=\"/logout\""))
        .singleElement()
        .satisfies(f -> assertThat(f).contains("Signed in as "));
    assertThat(forms)
        .allSatisfy(
            f ->
                assertThat(f)
                    .contains(
                        "<input type=\"hidden\" name=\"_csrf\" value=\"gateway-csrf-token-1234\">"));
    assertThat(direct).contains("method=\"post\"").doesNotContain("_csrf");

    HttpResponse<String> confirmed =
        api.postForm(
            "/dashboard/referrals/" + id + "/confirm",
            form(Map.of("version", "1", "_csrf", "gateway-csrf-token-1234")));
    assertThat(confirmed.statusCode()).isEqualTo(302);
    assertThat(confirmed.headers().firstValue("Location").orElse(""))
        .as("relative, so that behind the gateway the browser stays on the gateway")
        .startsWith("/dashboard/referrals/" + id)
        .as("the token never ends up in an address")
        .doesNotContain("csrf");
  }

  @Test
  void pagesMayNotBeFramedAndRunOnlyTheirOwnScriptAndStyles() {
    HttpResponse<String> page = api.get("/dashboard");

    String policy = page.headers().firstValue("Content-Security-Policy").orElse("");
    assertThat(policy)
        .contains("frame-ancestors 'none'")
        .contains("script-src 'self'")
        .contains("style-src 'self'")
        .doesNotContain("unsafe-inline");
    assertThat(page.headers().firstValue("X-Frame-Options")).hasValue("DENY");
    assertThat(page.body()).doesNotContain("<script>").doesNotContain("style=\"");
  }

  @Test
  void anAdministratorSeesAReferralButNotTheActionsOnlyCliniciansTake() {
    UUID id = scenario.proposedReferral(Intakes.sciatica());

    HttpResponse<String> page =
        api.as(TestIssuer.shared().tokenFor("ADMIN")).get("/dashboard/referrals/" + id);

    assertThat(page.statusCode()).isEqualTo(200);
    assertThat(page.body())
        .containsPattern("Only clinicians\\s+confirm, override or cancel a referral.")
        .doesNotContain("id=\"confirm-submit\"")
        .doesNotContain("id=\"override-submit\"")
        .doesNotContain("id=\"cancel-submit\"");
  }

  @Test
  void theWrongRoleGetsAPageInABrowserAndAProblemOtherwise() {
    Api frontDesk = api.as(TestIssuer.shared().token("u-fran", "Frances Front-Desk", "FRONT_DESK"));

    HttpResponse<String> page =
        frontDesk.get(
            "/dashboard",
            "Accept",
            "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8");
    HttpResponse<String> problem = frontDesk.get("/dashboard", "Accept", "*/*");

    assertThat(page.statusCode()).isEqualTo(403);
    assertThat(page.headers().firstValue("Content-Type").orElse("")).startsWith("text/html");
    assertThat(page.body())
        .contains("<h1>Not for your role</h1>")
        .contains(
            "You are signed in as Frances Front-Desk. This page is for clinicians, the receiving"
                + " teams and administrators.")
        .contains("href=\"/\"")
        .contains("/dashboard/dashboard.css")
        .doesNotContain("Whitelabel")
        .doesNotContain("Exception");
    assertThat(problem.statusCode()).isEqualTo(403);
    assertThat(problem.headers().firstValue("Content-Type")).hasValue("application/problem+json");
    assertThat(api.map(problem))
        .containsEntry("status", 403)
        .containsEntry("title", "Not for your role")
        .containsEntry("type", "urn:clinic:problem:not-for-your-role")
        .containsEntry("requiredRoles", java.util.List.of("CLINICIAN", "RECEIVING_TEAM", "ADMIN"));
  }

  private static String row(UUID referral) {
    return "id=\"referral-" + referral + "\"";
  }

  private static String form(Map<String, String> fields) {
    return fields.entrySet().stream()
        .map(
            e ->
                URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8)
                    + "="
                    + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
        .collect(Collectors.joining("&"));
  }
}
