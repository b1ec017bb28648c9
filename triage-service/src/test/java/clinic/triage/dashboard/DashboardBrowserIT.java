package clinic.triage.dashboard;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import clinic.browser.Accessibility;
import clinic.browser.HeadlessChromium;
import clinic.events.Actor;
import clinic.events.CloudEventHeaders;
import clinic.events.EventType;
import clinic.events.IntakeSubmitted;
import clinic.events.ReferralConfirmed;
import clinic.events.ReferralOverridden;
import clinic.events.Route;
import clinic.events.Topics;
import clinic.security.testing.TestIssuer;
import clinic.triage.Intakes;
import clinic.triage.ScenarioTest;
import clinic.triage.Tokens;
import clinic.triage.TopicReader;
import clinic.triage.TriageServiceTest;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The dashboard in real headless Chromium, signed in with real tokens as the gateway would relay
 * them: live updates, the confirm and override flows, the page for the wrong role, accessibility.
 */
@TriageServiceTest
class DashboardBrowserIT extends ScenarioTest {

  static ChromeDriver browser;

  @BeforeAll
  static void start() {
    assertThat(HeadlessChromium.available())
        .as(
            "chromium and chromedriver must be installed (Debian: apt-get install chromium"
                + " chromium-driver; .ci/run does it)")
        .isTrue();
    browser = HeadlessChromium.start();
  }

  @AfterAll
  static void stop() {
    if (browser != null) {
      browser.quit();
    }
  }

  @Test
  void anOpenQueueShowsANewlyDecidedIntakeWithinTwoSecondsWithoutAReload() {
    HeadlessChromium.signIn(browser, TestIssuer.shared().tokenFor("CLINICIAN"));
    openLiveQueue();
    browser.executeScript("window.sameDocument = 'still here'");
    IntakeSubmitted intake = Intakes.submitted(Intakes.caudaEquina());

    publisher.publish(intake, Intakes.INTAKE_SERVICE);
    // Timed from the commit: this waits until the decision and its referral are committed
    // (polling every 20 ms), then gives the open page 2 seconds to show the new row.
    await()
        .atMost(TopicReader.WAIT)
        .pollInterval(Duration.ofMillis(20))
        .until(() -> scenario.referralOf(intake.intakeId()).isPresent());
    UUID referral = scenario.referralOf(intake.intakeId()).orElseThrow();
    WebElement row =
        new WebDriverWait(browser, Duration.ofSeconds(2))
            .pollingEvery(Duration.ofMillis(50))
            .until(
                d ->
                    d.findElements(By.id("referral-" + referral)).stream()
                        .findFirst()
                        .orElse(null));

    assertThat(browser.executeScript("return window.sameDocument")).isEqualTo("still here");
    assertThat(row.getText())
        .contains("Emergency", "Red flag", "numbness in the saddle area (between the legs)");
    // What the red flag asks for comes first in the row, before the urgency and the route.
    assertThat(row.getText()).startsWith("Emergency assessment today");
    assertThat(row.getAttribute("class")).contains("has-red-flag");
    // Most urgent first: an emergency row comes before any row that is not one.
    List<String> urgencies =
        browser.findElements(By.cssSelector("#queue tbody tr")).stream()
            .map(r -> r.getAttribute("data-urgency"))
            .toList();
    assertThat(urgencies.indexOf("EMERGENCY")).isZero();
  }

  @Test
  void overrideInTheBrowserNeedsAReasonThenIsRecordedAndPublished() {
    IntakeSubmitted intake = Intakes.submitted(Intakes.sciatica());
    UUID referral = scenario.referralFor(intake);
    HeadlessChromium.signIn(browser, Tokens.clinician("Dr Grace Hopper"));
    browser.get(api.url("/dashboard/referrals/" + referral));

    new Select(browser.findElement(By.id("override-route"))).selectByValue("SURGICAL_CONSULT");
    browser.findElement(By.id("override-submit")).click();

    WebElement error =
        new WebDriverWait(browser, Duration.ofSeconds(5))
            .until(
                d ->
                    d.findElements(By.id("override-reason-error")).stream()
                        .findFirst()
                        .orElse(null));
    assertThat(error.getText()).contains("Enter a reason for the override");
    assertThat(browser.findElement(By.id("override-reason")).getAttribute("aria-describedby"))
        .contains("override-reason-error");
    assertThat(browser.switchTo().activeElement().getAttribute("class")).contains("error-summary");
    assertThat(
            new Select(browser.findElement(By.id("override-route")))
                .getFirstSelectedOption()
                .getAttribute("value"))
        .as("what was chosen is kept")
        .isEqualTo("SURGICAL_CONSULT");
    assertThat(scenario.status(referral)).isEqualTo("PROPOSED");
    assertThat(Accessibility.seriousOrCritical(browser)).as("the page with errors").isEmpty();

    try (TopicReader referrals = new TopicReader(broker, Topics.REFERRAL)) {
      browser.findElement(By.id("override-reason")).sendKeys("Foot drop on examination today");
      browser.findElement(By.id("override-submit")).click();

      new WebDriverWait(browser, Duration.ofSeconds(5))
          .until(d -> d.findElements(By.cssSelector(".notice.success")).size() == 1);
      assertThat(browser.findElement(By.cssSelector(".notice.success")).getText())
          .isEqualTo("Override recorded.");
      assertThat(browser.findElement(By.id("referral-status")).getText()).isEqualTo("Overridden");
      assertThat(browser.findElement(By.id("referral-route")).getText())
          .isEqualTo("Surgical consult");
      List<WebElement> audit = browser.findElements(By.cssSelector("#audit-trail tbody tr"));
      assertThat(audit.getLast().getText())
          .contains("Dr Grace Hopper", "Proposed → Overridden", "Foot drop on examination today");

      ConsumerRecord<String, String> record = referrals.awaitOne(intake.intakeId().toString());
      assertThat(TopicReader.headers(record))
          .containsEntry(CloudEventHeaders.TYPE, EventType.REFERRAL_OVERRIDDEN.type());
      ReferralOverridden event = json.readValue(record.value(), ReferralOverridden.class);
      assertThat(event.route()).isEqualTo(Route.SURGICAL_CONSULT);
      assertThat(event.overriddenBy()).isEqualTo(new Actor("u-dr-grace-hopper", "Dr Grace Hopper"));
      assertThat(event.reason()).isEqualTo("Foot drop on examination today");
    }
  }

  @Test
  void queueAndDetailPagesHaveNoSeriousOrCriticalAccessibilityViolations() {
    scenario.proposedReferral(Intakes.caudaEquina());
    IntakeSubmitted flagged = Intakes.submitted(Intakes.sciatica());
    UUID referral = scenario.referralFor(flagged);
    api.post("/api/referrals/" + referral + "/confirm", Map.of("version", 1));
    publisher.publish(Intakes.amended(flagged, 1, Intakes.caudaEquina()), Intakes.INTAKE_SERVICE);
    await().atMost(TopicReader.WAIT).until(() -> scenario.version(referral) == 3);

    HeadlessChromium.signIn(browser, TestIssuer.shared().tokenFor("CLINICIAN"));
    openLiveQueue();
    // The live queue re-renders its rows whenever a referral changes (the team notification marks
    // this one SENT in the background), so read the row afresh until it shows the flag.
    new WebDriverWait(browser, Duration.ofSeconds(10))
        .ignoring(StaleElementReferenceException.class)
        .until(
            d -> {
              String row = d.findElement(By.id("referral-" + referral)).getText();
              return row.contains("Needs review")
                  && row.contains("Answers changed after confirmation");
            });
    assertThat(Accessibility.seriousOrCritical(browser)).as("queue").isEmpty();

    browser.get(api.url("/dashboard/referrals/" + referral));
    assertThat(browser.findElement(By.tagName("h1")).getText()).startsWith("Referral of intake");
    assertThat(Accessibility.seriousOrCritical(browser)).as("detail").isEmpty();
  }

  @Test
  void aClinicianConfirmsInTheBrowserAndTheirSignInIsTheRecordedActor() {
    IntakeSubmitted intake = Intakes.submitted(Intakes.sciatica());
    UUID referral = scenario.referralFor(intake);
    HeadlessChromium.signIn(
        browser, TestIssuer.shared().token("u-ada", "Dr Ada Lovelace", "CLINICIAN"));
    browser.get(api.url("/dashboard/referrals/" + referral));
    assertThat(browser.findElement(By.id("acting-as")).getText()).contains("Dr Ada Lovelace");
    assertThat(browser.findElements(By.cssSelector("input[name=clinician]")))
        .as("no form asks for a name")
        .isEmpty();

    try (TopicReader referrals = new TopicReader(broker, Topics.REFERRAL)) {
      browser.findElement(By.id("confirm-submit")).click();

      new WebDriverWait(browser, Duration.ofSeconds(5))
          .until(d -> d.findElements(By.cssSelector(".notice.success")).size() == 1);
      assertThat(browser.findElement(By.cssSelector(".notice.success")).getText())
          .isEqualTo("Referral confirmed.");
      List<WebElement> audit = browser.findElements(By.cssSelector("#audit-trail tbody tr"));
      assertThat(audit.getLast().getText())
          .contains("Dr Ada Lovelace", "(u-ada)", "Proposed → Confirmed");

      ConsumerRecord<String, String> record = referrals.awaitOne(intake.intakeId().toString());
      assertThat(TopicReader.headers(record))
          .containsEntry(CloudEventHeaders.TYPE, EventType.REFERRAL_CONFIRMED.type());
      ReferralConfirmed event = json.readValue(record.value(), ReferralConfirmed.class);
      assertThat(event.referralId()).isEqualTo(referral);
      assertThat(event.confirmedBy()).isEqualTo(new Actor("u-ada", "Dr Ada Lovelace"));
    }
  }

  @Test
  void someoneWithoutAClinicianRoleGetsAFriendlyPageSayingWhoItIsFor() {
    HeadlessChromium.signIn(
        browser, TestIssuer.shared().token("u-frances", "Frances Front-Desk", "FRONT_DESK"));
    browser.get(api.url("/dashboard"));

    assertThat(browser.findElement(By.tagName("h1")).getText()).isEqualTo("Not for your role");
    assertThat(browser.findElement(By.id("main")).getText())
        .contains("You are signed in as Frances Front-Desk.")
        .contains("This page is for clinicians, the receiving teams and administrators.")
        .doesNotContain("Whitelabel")
        .doesNotContain("Exception");
    assertThat(browser.findElement(By.id("home-link")).getAttribute("href"))
        .isEqualTo(api.url("/"));
    assertThat(Accessibility.seriousOrCritical(browser)).as("the refusal page").isEmpty();
  }

  private void openLiveQueue() {
    browser.get(api.url("/dashboard"));
    new WebDriverWait(browser, Duration.ofSeconds(10))
        .until(d -> "live".equals(d.findElement(By.id("live")).getAttribute("data-state")));
  }
}
