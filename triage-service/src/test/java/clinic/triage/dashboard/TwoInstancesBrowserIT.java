package clinic.triage.dashboard;

import static org.assertj.core.api.Assertions.assertThat;

import clinic.browser.HeadlessChromium;
import clinic.security.testing.TestIssuer;
import clinic.triage.AnotherInstance;
import clinic.triage.Api;
import clinic.triage.Intakes;
import clinic.triage.ScenarioTest;
import clinic.triage.Tokens;
import clinic.triage.TriageServiceTest;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.WebDriverWait;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * Two triage instances on one database and one broker, as a deployment runs them: a clinician's
 * open queue on instance A shows, without a reload and within 2 seconds, a referral confirmed by
 * another clinician on instance B.
 */
@TriageServiceTest
class TwoInstancesBrowserIT extends ScenarioTest {

  static ChromeDriver browser;
  static ConfigurableApplicationContext instanceB;

  @BeforeAll
  static void startTheSecondInstanceAndTheBrowser(@Autowired DataSource instanceADatabase) {
    instanceB = AnotherInstance.start(instanceADatabase);
    browser = HeadlessChromium.start();
  }

  @AfterAll
  static void stop() {
    if (browser != null) {
      browser.quit();
    }
    if (instanceB != null) {
      instanceB.close();
    }
  }

  @Test
  void aClinicianOnInstanceASeesWithinTwoSecondsAReferralConfirmedOnInstanceB() {
    UUID referral = scenario.proposedReferral(Intakes.sciatica());
    HeadlessChromium.signIn(browser, TestIssuer.shared().tokenFor("CLINICIAN"));
    browser.get(api.url("/dashboard"));
    new WebDriverWait(browser, Duration.ofSeconds(10))
        .until(d -> "live".equals(d.findElement(By.id("live")).getAttribute("data-state")));
    new WebDriverWait(browser, Duration.ofSeconds(10))
        .ignoring(StaleElementReferenceException.class)
        .until(d -> d.findElement(By.id("referral-" + referral)).getText().contains("Proposed"));
    browser.executeScript("window.sameDocument = 'still here'");

    int portB = ((WebServerApplicationContext) instanceB).getWebServer().getPort();
    assertThat(portB).isNotEqualTo(port);
    var confirmed =
        new Api(portB, json)
            .as(Tokens.clinician("Dr Barbara Liskov"))
            .post("/api/referrals/" + referral + "/confirm", Map.of("version", 1));
    assertThat(confirmed.statusCode()).isEqualTo(200);

    new WebDriverWait(browser, Duration.ofSeconds(2))
        .pollingEvery(Duration.ofMillis(50))
        .ignoring(StaleElementReferenceException.class)
        .until(d -> d.findElement(By.id("referral-" + referral)).getText().contains("Confirmed"));
    assertThat(browser.executeScript("return window.sameDocument")).isEqualTo("still here");
  }
}
