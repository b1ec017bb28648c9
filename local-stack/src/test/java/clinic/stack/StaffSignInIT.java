package clinic.stack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import clinic.browser.FrontDeskForm;
import clinic.browser.HeadlessChromium;
import clinic.events.Topics;
import clinic.events.questionnaire.Question;
import clinic.events.questionnaire.Questionnaire;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.openqa.selenium.By;
import org.openqa.selenium.chrome.ChromeDriver;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Staff sign-in across the whole system as a person meets it: the gateway, the demo identity
 * provider's login page in headless Chromium, and every service refusing requests without a token.
 * The test JVM's one shared stack ({@link SharedStack}) serves it.
 */
@ExtendWith(SharedStack.class)
class StaffSignInIT {

  private static final Duration WAIT = Duration.ofSeconds(30);
  private static final HttpClient HTTP =
      HttpClient.newBuilder()
          .version(HttpClient.Version.HTTP_1_1)
          .followRedirects(HttpClient.Redirect.NEVER)
          .connectTimeout(Duration.ofSeconds(2))
          .build();
  private static final JsonMapper JSON = JsonMapper.builder().build();
  private static final String ANY_ID = "00000000-0000-4000-8000-000000000001";

  /** Every API path of the three services, with the service that answers it. */
  private static final List<Object[]> API =
      List.of(
          new Object[] {ClinicService.INTAKE, "GET", "/api/questionnaires/current"},
          new Object[] {ClinicService.INTAKE, "GET", "/api/questionnaires/2026-11.1"},
          new Object[] {ClinicService.INTAKE, "POST", "/api/intakes"},
          new Object[] {ClinicService.INTAKE, "GET", "/api/intakes/" + ANY_ID},
          new Object[] {ClinicService.INTAKE, "GET", "/api/intakes/" + ANY_ID + "/progress"},
          new Object[] {ClinicService.INTAKE, "PUT", "/api/intakes/" + ANY_ID + "/answers"},
          new Object[] {ClinicService.INTAKE, "POST", "/api/intakes/" + ANY_ID + "/withdrawal"},
          new Object[] {
            ClinicService.INTAKE, "POST", "/api/intakes/" + ANY_ID + "/notifications/1/retry"
          },
          new Object[] {ClinicService.INTAKE, "GET", "/api/intakes/" + ANY_ID + "/reads"},
          new Object[] {ClinicService.INTAKE, "GET", "/api/intakes/reads?subject=clinician"},
          new Object[] {ClinicService.TRIAGE, "GET", "/api/referrals"},
          new Object[] {ClinicService.TRIAGE, "GET", "/api/referrals/" + ANY_ID},
          new Object[] {ClinicService.TRIAGE, "POST", "/api/referrals/" + ANY_ID + "/confirm"},
          new Object[] {ClinicService.TRIAGE, "POST", "/api/referrals/" + ANY_ID + "/override"},
          new Object[] {ClinicService.TRIAGE, "POST", "/api/referrals/" + ANY_ID + "/cancel"},
          new Object[] {ClinicService.TRIAGE, "POST", "/api/referrals/" + ANY_ID + "/accept"},
          new Object[] {ClinicService.TRIAGE, "POST", "/api/referrals/" + ANY_ID + "/decline"},
          new Object[] {ClinicService.TRIAGE, "GET", "/api/decisions/" + ANY_ID},
          new Object[] {ClinicService.TRIAGE, "GET", "/api/decisions/" + ANY_ID + "/history"},
          new Object[] {ClinicService.TRIAGE, "POST", "/api/triage/evaluate"},
          new Object[] {ClinicService.TRIAGE, "POST", "/api/triage/replay"},
          new Object[] {ClinicService.TRIAGE, "GET", "/api/triage/replays"},
          new Object[] {ClinicService.TRIAGE, "GET", "/api/triage/ruleset"},
          new Object[] {ClinicService.CONTENT, "GET", "/api/items"},
          new Object[] {ClinicService.CONTENT, "GET", "/api/items/search?q=knee"},
          new Object[] {ClinicService.CONTENT, "GET", "/api/items/sciatica"},
          new Object[] {ClinicService.CONTENT, "GET", "/api/items/sciatica/versions"},
          new Object[] {ClinicService.CONTENT, "GET", "/api/items/sciatica/versions/1"},
          new Object[] {ClinicService.CONTENT, "POST", "/api/items/sciatica/drafts"},
          new Object[] {ClinicService.CONTENT, "POST", "/api/items/sciatica/versions/1/publish"},
          new Object[] {ClinicService.CONTENT, "GET", "/api/packets/" + ANY_ID});

  private static RunningStack stack;
  private static KafkaTestClient kafka;
  private static final List<ChromeDriver> browsers = new ArrayList<>();

  @BeforeAll
  static void startStack(RunningStack shared) throws Exception {
    stack = shared;
    kafka = new KafkaTestClient(stack.kafka().bootstrapServers());
  }

  @AfterAll
  static void quitBrowsers() {
    browsers.forEach(ChromeDriver::quit);
  }

  @Test
  void everyApiPathRefusesARequestWithoutATokenDirectlyAndThroughTheGateway() throws Exception {
    for (Object[] api : API) {
      ClinicService service = (ClinicService) api[0];
      String method = (String) api[1];
      String path = (String) api[2];
      for (URI uri : List.of(stack.uri(service, path), stack.site(path))) {
        HttpResponse<String> response = send(method, uri, null);
        assertThat(response.statusCode()).as(method + " " + uri).isEqualTo(401);
        assertThat(response.headers().firstValue("WWW-Authenticate"))
            .as(method + " " + uri)
            .hasValueSatisfying(value -> assertThat(value).startsWith("Bearer"));
      }
    }
    // A page through the gateway sends a person to sign in instead.
    HttpResponse<String> page = send("GET", stack.site("/dashboard"), null);
    assertThat(page.statusCode()).isEqualTo(302);
    // Health probes stay open, on each service and on the gateway.
    for (ClinicService service : ClinicService.values()) {
      String health = service == ClinicService.CONTENT ? "/health" : "/actuator/health";
      assertThat(send("GET", stack.uri(service, health), null).statusCode())
          .as(service + " health")
          .isEqualTo(200);
    }
  }

  @Test
  void aTokenFromTheDemoProviderOpensWhatItsRoleAllows() throws Exception {
    String frontDesk = stack.token("demo-front-desk");
    assertThat(send("GET", stack.site("/api/questionnaires/current"), frontDesk).statusCode())
        .isEqualTo(200);
    assertThat(send("GET", stack.site("/api/referrals"), frontDesk).statusCode())
        .as("the front desk does not read the referral queue")
        .isEqualTo(403);
    assertThat(
            send("GET", stack.site("/api/referrals"), stack.token("demo-clinician")).statusCode())
        .isEqualTo(200);
  }

  @Test
  void frontDeskSubmitsAQuestionnaireButCannotOpenTheDashboard() throws Exception {
    ChromeDriver browser = browser();
    browser.get(stack.site("/").toString());
    signIn(browser, "frontdesk");
    await().atMost(WAIT).until(() -> browser.getCurrentUrl().contains("/intakes/new"));

    UUID intakeId = submitQuestionnaire(browser, "Kim Knee");
    assertThat(browser.findElement(By.tagName("header")).getText())
        .contains("Signed in as Frances Front-Desk");

    browser.get(stack.site("/dashboard").toString());
    String refused = browser.getPageSource();
    assertThat(refused).contains("Frances Front-Desk").doesNotContain("Whitelabel");
    assertThat(browser.findElements(By.id("queue"))).isEmpty();

    // The intake records the signed-in front desk as the one who entered it.
    JsonNode intake =
        JSON.readTree(
            send("GET", stack.site("/api/intakes/" + intakeId), stack.token("demo-front-desk"))
                .body());
    assertThat(intake.at("/enteredBy/subject").asString()).isEqualTo("frontdesk");
    assertThat(intake.at("/enteredBy/name").asString()).isEqualTo("Frances Front-Desk");
  }

  @Test
  void clinicianConfirmsAReferralUnderTheirOwnName() throws Exception {
    UUID intakeId = submitByApi();
    UUID referralId = awaitReferral(intakeId);

    ChromeDriver browser = browser();
    browser.get(stack.site("/dashboard/referrals/" + referralId).toString());
    signIn(browser, "clinician");
    await()
        .atMost(WAIT)
        .until(() -> browser.getCurrentUrl().contains("/dashboard/referrals/" + referralId));
    browser.findElement(By.id("confirm-submit")).click();

    await()
        .atMost(WAIT)
        .until(
            () -> browser.findElement(By.tagName("body")).getText().contains("Dr Ada Clinician"));
    JsonNode confirmed =
        await("ReferralConfirmed on " + Topics.REFERRAL)
            .atMost(WAIT)
            .until(
                () ->
                    kafka.readAll(Topics.REFERRAL).stream()
                        .filter(r -> intakeId.toString().equals(r.key()))
                        .map(r -> JSON.readTree(r.value()))
                        .filter(e -> e.has("confirmedBy"))
                        .findFirst()
                        .orElse(null),
                e -> e != null);
    assertThat(confirmed.at("/confirmedBy/subject").asString()).isEqualTo("clinician");
    assertThat(confirmed.at("/confirmedBy/name").asString()).isEqualTo("Dr Ada Clinician");

    // Signing out ends the session: the dashboard asks for sign-in again.
    browser.findElement(By.cssSelector("form[action$='/logout'] button")).click();
    await().atMost(WAIT).until(() -> !browser.getCurrentUrl().contains("/dashboard"));
    browser.get(stack.site("/dashboard").toString());
    await().atMost(WAIT).until(() -> !browser.findElements(By.name("password")).isEmpty());
  }

  private static ChromeDriver browser() {
    assumeTrue(HeadlessChromium.available(), "headless Chromium is not installed");
    ChromeDriver browser = HeadlessChromium.start();
    browsers.add(browser);
    return browser;
  }

  /** The demo provider's login page, as a person fills it in. */
  private static void signIn(ChromeDriver browser, String user) {
    await().atMost(WAIT).until(() -> !browser.findElements(By.name("password")).isEmpty());
    assertThat(browser.getCurrentUrl()).startsWith(stack.wiring().issuer().toString());
    browser.findElement(By.name("username")).sendKeys(user);
    browser.findElement(By.name("password")).sendKeys(user + "-demo");
    browser.findElement(By.cssSelector("button[type=submit]")).click();
  }

  private static UUID submitQuestionnaire(ChromeDriver browser, String patient) {
    FrontDeskForm form = new FrontDeskForm(browser);
    form.choose("painAreas-LEFT_KNEE");
    form.fillIdentity(patient);
    form.answerEverythingShown(
        Questionnaire.CURRENT.questions().filter(Question::required).map(Question::id).toList());
    form.clickSubmit();
    await().atMost(WAIT).until(() -> browser.getCurrentUrl().matches(".*/intakes/[0-9a-f-]{36}$"));
    String url = browser.getCurrentUrl();
    return UUID.fromString(url.substring(url.lastIndexOf('/') + 1));
  }

  private static UUID submitByApi() throws Exception {
    HttpRequest request =
        HttpRequest.newBuilder(stack.site("/api/intakes"))
            .header("Authorization", "Bearer " + stack.token("demo-front-desk"))
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(LocalStack.EXAMPLE_INTAKE))
            .build();
    HttpResponse<String> response = HTTP.send(request, HttpResponse.BodyHandlers.ofString());
    assertThat(response.statusCode()).as(response.body()).isEqualTo(201);
    return UUID.fromString(JSON.readTree(response.body()).path("intakeId").asString());
  }

  private static UUID awaitReferral(UUID intakeId) throws Exception {
    String clinician = stack.token("demo-clinician");
    return await("a referral for " + intakeId)
        .atMost(WAIT)
        .pollInterval(Duration.ofMillis(300))
        .until(
            () -> {
              JsonNode list =
                  JSON.readTree(send("GET", stack.site("/api/referrals"), clinician).body());
              for (JsonNode referral : list.isArray() ? list : list.path("referrals")) {
                if (intakeId.toString().equals(referral.path("intakeId").asString())) {
                  return UUID.fromString(referral.path("referralId").asString());
                }
              }
              return null;
            },
            id -> id != null);
  }

  private static HttpResponse<String> send(String method, URI uri, String token) throws Exception {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(uri)
            .timeout(Duration.ofSeconds(10))
            .header("Accept", "application/json")
            .header("Content-Type", "application/json")
            .method(
                method,
                method.equals("GET")
                    ? HttpRequest.BodyPublishers.noBody()
                    : HttpRequest.BodyPublishers.ofString("{}"));
    if (token != null) {
      request.header("Authorization", "Bearer " + token);
    }
    return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }
}
