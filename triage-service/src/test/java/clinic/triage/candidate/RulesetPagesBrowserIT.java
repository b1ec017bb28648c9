package clinic.triage.candidate;

import static org.assertj.core.api.Assertions.assertThat;

import clinic.browser.Accessibility;
import clinic.browser.HeadlessChromium;
import clinic.triage.Intakes;
import clinic.triage.ScenarioTest;
import clinic.triage.Tokens;
import clinic.triage.TriageServiceTest;
import clinic.triage.rules.Ruleset;
import java.io.IOException;
import java.time.Duration;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * An administrator changes the ruleset in a real browser: the upload form's errors, a refused
 * candidate's report, a good one published, the clinic's ruleset re-activated; each page without a
 * serious or critical axe violation.
 */
@TriageServiceTest
class RulesetPagesBrowserIT extends ScenarioTest {

  static ChromeDriver browser;

  @BeforeAll
  static void start() {
    assertThat(HeadlessChromium.available())
        .as("chromium and chromedriver must be installed (.ci/run does it)")
        .isTrue();
    browser = HeadlessChromium.start();
  }

  @AfterAll
  static void stop() {
    if (browser != null) {
      browser.quit();
    }
  }

  WebElement waitFor(String id) {
    return new WebDriverWait(browser, Duration.ofSeconds(10))
        .until(d -> d.findElements(By.id(id)).stream().findFirst().orElse(null));
  }

  /**
   * Until the page after a form's submission says "Active": the element read may still be the
   * previous page's while the browser navigates, which is stale then, not a failure.
   */
  void awaitActive() {
    new WebDriverWait(browser, Duration.ofSeconds(10))
        .ignoring(StaleElementReferenceException.class)
        .until(d -> d.findElement(By.id("ruleset-status")).getText().equals("Active"));
  }

  void paste(String id, String text) {
    // Tens of kilobytes: set, not typed key by key.
    browser.executeScript(
        "arguments[0].value = arguments[1]", browser.findElement(By.id(id)), text);
  }

  @Test
  void anAdministratorIsRefusedAWeakenedRulesetThenPublishesAGoodOneAndRollsBack()
      throws IOException {
    scenario.referralFor(Intakes.submitted(Intakes.caudaEquina()));
    HeadlessChromium.signIn(browser, Tokens.person("Hedy Admin", "ADMIN"));
    browser.get(api.url("/dashboard/rulesets"));
    assertThat(browser.findElement(By.tagName("h1")).getText())
        .isEqualTo("Triage ruleset versions");
    assertThat(Accessibility.seriousOrCritical(browser)).as("the list").isEmpty();

    browser.findElement(By.id("upload-submit")).click();
    assertThat(waitFor("reason-error").getText()).contains("Say why this ruleset is proposed.");
    assertThat(browser.findElement(By.id("ruleset")).getAttribute("aria-describedby"))
        .isEqualTo("ruleset-hint ruleset-error");
    assertThat(Accessibility.seriousOrCritical(browser)).as("the form with errors").isEmpty();

    paste(
        "ruleset",
        RulesetLifecycleTest.withVersion(
            RulesetLifecycleTest.without(
                RulesetLifecycleTest.clinicRuleset(), "cauda-equina-saddle-numbness"),
            "2099.11-browser-weak"));
    browser.findElement(By.id("reason")).sendKeys("fewer rules");
    browser.findElement(By.id("upload-submit")).click();
    assertThat(waitFor("gate-verdict").getText())
        .isEqualTo("The safety gate refused this version.");
    assertThat(browser.findElement(By.id("gate-report")).getText())
        .contains("cauda equina - saddle numbness with sciatica to the thigh")
        .contains("red flag CAUDA_EQUINA lost");
    assertThat(browser.findElement(By.id("rule-changes")).getText())
        .contains("Removed: cauda-equina-saddle-numbness");
    assertThat(browser.findElements(By.id("publish-submit"))).isEmpty();
    assertThat(Accessibility.seriousOrCritical(browser)).as("a refused version").isEmpty();

    browser.get(api.url("/dashboard/rulesets"));
    paste(
        "ruleset",
        RulesetLifecycleTest.withVersion(
            RulesetLifecycleTest.clinicRuleset(), "2099.12-browser-good"));
    browser.findElement(By.id("reason")).sendKeys("a new version");
    browser.findElement(By.id("upload-submit")).click();
    assertThat(waitFor("gate-verdict").getText()).isEqualTo("The safety gate passed this version.");
    browser.findElement(By.id("reason")).sendKeys("reviewed in the browser");
    browser.findElement(By.id("publish-submit")).click();
    awaitActive();
    assertThat(browser.findElement(By.id("audit")).getText())
        .contains("PUBLISHED Hedy Admin reviewed in the browser");
    assertThat(browser.findElement(By.id("ruleset-version")).getText())
        .contains("2099.12-browser-good");
    assertThat(Accessibility.seriousOrCritical(browser)).as("a published version").isEmpty();

    UUID seeded =
        jdbc.sql("select ruleset_id from ruleset_version where status = 'SEEDED'")
            .query(UUID.class)
            .single();
    browser.get(api.url("/dashboard/rulesets/" + seeded));
    browser.findElement(By.id("reason")).sendKeys("back to the clinic's ruleset");
    browser.findElement(By.id("reactivate-submit")).click();
    awaitActive();
    assertThat(browser.findElement(By.id("ruleset-version")).getText())
        .contains(Ruleset.loadDefault().version());
    assertThat(Accessibility.seriousOrCritical(browser)).as("a re-activated version").isEmpty();
  }
}
