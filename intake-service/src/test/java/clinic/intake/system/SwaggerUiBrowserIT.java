package clinic.intake.system;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import clinic.browser.HeadlessChromium;
import clinic.intake.IntakeServiceTest;
import clinic.security.testing.TestIssuer;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.WebDriverWait;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * Swagger UI renders this service's document in a real browser, as a signed-in staff member sees it
 * (the token sent with every request, as the gateway does), under the service's own
 * Content-Security-Policy: every operation shows, and the page breaks none of the policy's rules.
 */
@IntakeServiceTest
class SwaggerUiBrowserIT {

  static ChromeDriver browser;

  @LocalServerPort int port;

  @BeforeAll
  static void startBrowser() {
    assumeTrue(
        HeadlessChromium.available(),
        "chromium and chromedriver are not installed (CI installs them: .ci/run)");
    browser = HeadlessChromium.start();
    HeadlessChromium.signIn(browser, TestIssuer.shared().tokenFor("CLINICIAN"));
    // Collects every Content-Security-Policy violation of the pages opened from now on.
    browser.executeCdpCommand(
        "Page.addScriptToEvaluateOnNewDocument",
        Map.of(
            "source",
            "window.cspViolations = [];"
                + " document.addEventListener('securitypolicyviolation',"
                + " e => window.cspViolations.push(e.violatedDirective + ' ' + e.blockedURI));"));
  }

  @AfterAll
  static void stopBrowser() {
    if (browser != null) {
      browser.quit();
    }
  }

  @Test
  void swaggerUiShowsEveryOperationWithinTheContentSecurityPolicy() {
    browser.get("http://127.0.0.1:" + port + "/docs/intake/swagger-ui.html");

    new WebDriverWait(browser, Duration.ofSeconds(30))
        .until(driver -> driver.findElements(By.cssSelector(".opblock")).size() >= 10);
    List<String> operations =
        browser.findElements(By.cssSelector(".opblock-summary-path")).stream()
            .map(WebElement::getText)
            .map(text -> text.replace("\u200b", ""))
            .toList();
    assertThat(operations)
        .contains("/api/intakes", "/api/intakes/{id}/withdrawal", "/api/questionnaires/current");
    assertThat(browser.getTitle()).isEqualTo("Swagger UI");
    assertThat((List<?>) browser.executeScript("return window.cspViolations")).isEmpty();
  }
}
