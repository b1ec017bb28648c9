package clinic.intake.intake;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import clinic.browser.Accessibility;
import clinic.browser.FrontDeskForm;
import clinic.browser.HeadlessChromium;
import clinic.events.ClinicEvent;
import clinic.events.CloudEventHeaders;
import clinic.events.EducationAssigned;
import clinic.events.Escalation;
import clinic.events.EventType;
import clinic.events.Route;
import clinic.events.TriageDecided;
import clinic.events.Urgency;
import clinic.events.questionnaire.Question;
import clinic.events.questionnaire.Questionnaire;
import clinic.intake.IntakeServiceTest;
import clinic.security.testing.TestIssuer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.internals.RecordHeader;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.interactions.Actions;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.kafka.core.KafkaTemplate;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The front desk as a person uses it, in real headless Chromium (Debian's chromium and
 * chromedriver, installed by CI) against the whole service on a loopback port: the form that only
 * asks what applies, its errors, the confirmation following the intake's progress live, keyboard
 * use, and axe-core's accessibility rules on every page.
 */
@IntakeServiceTest
class FrontDeskBrowserIT {

  static final Duration WAIT = Duration.ofSeconds(20);

  static ChromeDriver browser;

  @LocalServerPort int port;
  @Autowired JdbcClient jdbc;
  @Autowired JsonMapper json;
  @Autowired KafkaTemplate<Object, Object> kafka;

  @BeforeAll
  static void startBrowser() {
    assumeTrue(
        HeadlessChromium.available(),
        "chromium and chromedriver are not installed (CI installs them: .ci/run)");
    browser = HeadlessChromium.start();
    HeadlessChromium.signIn(browser, TestIssuer.shared().tokenFor("FRONT_DESK"));
  }

  @AfterAll
  static void stopBrowser() {
    if (browser != null) {
      browser.quit();
    }
  }

  /** The language choice is a cookie: every test starts in English, whatever the last one chose. */
  @BeforeEach
  void startInEnglish() {
    open("/?lang=en");
  }

  @Test
  void kneeOnlyPatientNeverSeesASciaticaQuestion() {
    open("/");
    assertThat(displayed("section-knee")).isFalse();
    assertThat(displayed("section-backAndLeg")).isFalse();

    choose("painAreas-LEFT_KNEE");

    assertThat(displayed("section-knee")).isTrue();
    fillIdentity("Kim Knee");
    answerEverythingShown();
    assertThat(shownQuestions()).doesNotContainAnyElementsOf(questionsOf("backAndLeg"));
    assertThat(shownQuestions()).containsAll(questionsOf("knee"));
    assertThat(
            browser.findElements(By.cssSelector("#section-backAndLeg input")).stream()
                .allMatch(input -> !input.isEnabled()))
        .as("hidden questions are disabled, so nothing of them is sent")
        .isTrue();

    var id = submit();

    var answers = storedAnswers(id);
    assertThat(answers.propertyNames()).containsAll(questionsOf("knee"));
    assertThat(answers.propertyNames()).doesNotContainAnyElementsOf(questionsOf("backAndLeg"));
  }

  @Test
  void backOnlyPatientNeverSeesAKneeQuestionAndFollowUpsOpenOnYes() {
    open("/");
    choose("painAreas-LOWER_BACK");
    choose("painAreas-FOOT");
    assertThat(displayed("section-backAndLeg")).isTrue();
    assertThat(displayed("q-radiatesHowFar")).isFalse();

    choose("painRadiatesDownLeg-true");
    assertThat(displayed("q-radiatesHowFar")).isTrue();
    choose("radiatesHowFar-FOOT");
    fillIdentity("Bo Back");
    answerEverythingShown();

    assertThat(shownQuestions()).doesNotContainAnyElementsOf(questionsOf("knee"));
    var id = submit();
    var answers = storedAnswers(id);
    assertThat(answers.get("radiatesHowFar").asString()).isEqualTo("FOOT");
    assertThat(answers.propertyNames()).doesNotContainAnyElementsOf(questionsOf("knee"));
  }

  @Test
  void errorsAreSummarisedAndShownNextToTheirFieldsThenFixed() {
    open("/");
    type("patientName", "Ada Lovelace");
    choose("painAreas-LOWER_BACK");
    type("painNow", "12");

    clickSubmit();
    // The answer is a new page: wait for it rather than find the summary on the old one.
    await(() -> !browser.findElements(By.id("error-summary")).isEmpty());

    var summary = browser.findElement(By.id("error-summary"));
    assertThat(activeId()).as("focus moves to the summary").isEqualTo("error-summary");
    var links = summary.findElements(By.cssSelector("a"));
    var errors = browser.findElements(By.cssSelector(".error-message"));
    assertThat(links).hasSameSizeAs(errors).hasSizeGreaterThan(10);
    assertThat(links.getFirst().getText()).isEqualTo("Date of birth – Enter the date of birth.");
    for (var link : links) {
      var target = browser.findElement(By.id(link.getDomAttribute("href").substring(1)));
      assertThat(target.getDomAttribute("aria-invalid")).isEqualTo("true");
    }
    var painNow = browser.findElement(By.id("painNow"));
    assertThat(painNow.getDomAttribute("aria-describedby")).isEqualTo("painNow-hint painNow-error");
    assertThat(browser.findElement(By.id("painNow-error")).getText())
        .contains("Enter a whole number from 0 to 10.");
    assertThat(browser.findElement(By.id("patientName")).getDomProperty("value"))
        .isEqualTo("Ada Lovelace");
    assertThat(browser.findElement(By.id("painAreas-LOWER_BACK")).isSelected()).isTrue();
    assertThat(displayed("section-backAndLeg")).isTrue();
    assertNoSeriousAccessibilityViolations("the form with errors");

    links.getFirst().click();
    assertThat(activeId()).as("a summary link moves focus to its field").isEqualTo("dateOfBirth");

    type("painNow", "7");
    fillIdentity("Ada Lovelace");
    answerEverythingShown();
    var id = submit();

    assertThat(browser.findElement(By.id("reference")).getText()).isEqualTo(Intake.reference(id));
  }

  @Test
  void confirmationFollowsTheProgressWithoutReloading() throws Exception {
    open("/");
    choose("painAreas-RIGHT_KNEE");
    fillIdentity("Pat Progress");
    answerEverythingShown();
    var id = submit();
    assertThat(statusText()).isEqualTo("Current step: Received");
    ((JavascriptExecutor) browser).executeScript("window.sameDocument = true;");
    var decision =
        new TriageDecided(
            id,
            UUID.randomUUID(),
            1,
            "2026.11.1",
            Route.PHYSICAL_THERAPY,
            List.of(),
            Urgency.ROUTINE,
            List.of(),
            List.of(),
            false,
            List.of(),
            "Test decision.",
            "en",
            Instant.now());

    publish(decision);

    await(() -> "TRIAGED".equals(status().getDomAttribute("data-status")));
    assertThat(statusText()).isEqualTo("Current step: Reviewed by the clinic");
    assertThat(browser.findElement(By.cssSelector("[data-step=TRIAGED]")).getDomAttribute("class"))
        .contains("done");
    assertThat(displayed("education")).isFalse();

    var packetUrl = "http://localhost:8083/education/" + UUID.randomUUID();
    publish(
        new EducationAssigned(
            id,
            UUID.randomUUID(),
            1,
            decision.decisionId(),
            "en",
            List.of("meniscus-tear"),
            packetUrl,
            Instant.now()));

    await(() -> displayed("education"));
    assertThat(browser.findElement(By.id("education-link")).getDomAttribute("href"))
        .isEqualTo(packetUrl);
    assertThat(statusText()).isEqualTo("Current step: Education material ready");
    assertThat(((JavascriptExecutor) browser).executeScript("return window.sameDocument === true;"))
        .as("the page was never reloaded")
        .isEqualTo(true);
  }

  @Test
  void aRedFlagDecisionRaisesTheEscalationAlertOnTheOpenPageWithoutReloading() throws Exception {
    open("/");
    choose("painAreas-LOWER_BACK");
    fillIdentity("Pat Alert");
    answerEverythingShown();
    var id = submit();
    assertThat(displayed("escalation")).isFalse();
    ((JavascriptExecutor) browser).executeScript("window.sameDocument = true;");

    publish(
        new TriageDecided(
            id,
            UUID.randomUUID(),
            1,
            "2026.12-1",
            Route.SURGICAL_CONSULT,
            List.of(),
            Urgency.EMERGENCY,
            Escalation.EMERGENCY_TODAY,
            List.of(),
            List.of(new TriageDecided.RedFlag("CAUDA_EQUINA", "Saddle numbness.")),
            false,
            List.of(),
            "Test decision.",
            "en",
            Instant.now()));

    await(() -> displayed("escalation"));
    var alert = browser.findElement(By.id("escalation"));
    assertThat(alert.getDomAttribute("role")).isEqualTo("alert");
    assertThat(alert.getText()).startsWith("Emergency assessment today.");
    assertThat(((JavascriptExecutor) browser).executeScript("return window.sameDocument === true;"))
        .as("the page was never reloaded")
        .isEqualTo(true);
    assertNoSeriousAccessibilityViolations("/intakes/" + id);
  }

  @Test
  void keyboardAloneReachesEveryControlInOrderAndChoosesAnswers() {
    open("/");
    var expected = tabStops();
    assertThat(expected).contains("patientName", "painAreas-LOWER_BACK", "fever-true", "submit");

    var reached = new ArrayList<String>();
    for (int i = 0; i < 300 && !reached.contains("submit"); i++) {
      new Actions(browser).sendKeys(Keys.TAB).perform();
      var active = activeDescriptor();
      // A date field takes several presses (day, month, year, calendar): still one control.
      if (reached.isEmpty() || !reached.getLast().equals(active)) {
        reached.add(active);
      }
    }
    assertThat(reached).containsExactlyElementsOf(expected);

    open("/");
    tabTo("patientName");
    assertThat(
            ((JavascriptExecutor) browser)
                .executeScript("return getComputedStyle(document.activeElement).outlineStyle;"))
        .as("keyboard focus is visible")
        .isEqualTo("solid");
    tabTo("painAreas-LOWER_BACK");
    new Actions(browser).sendKeys(Keys.SPACE).perform();
    assertThat(browser.findElement(By.id("painAreas-LOWER_BACK")).isSelected()).isTrue();
    assertThat(displayed("section-backAndLeg")).isTrue();

    tabTo("painRadiatesDownLeg-true");
    new Actions(browser).sendKeys(Keys.SPACE).perform();
    assertThat(browser.findElement(By.id("painRadiatesDownLeg-true")).isSelected()).isTrue();
    assertThat(displayed("q-radiatesHowFar")).isTrue();
    new Actions(browser).sendKeys(Keys.ARROW_RIGHT).perform();
    assertThat(browser.findElement(By.id("painRadiatesDownLeg-false")).isSelected()).isTrue();
    assertThat(activeId()).isEqualTo("painRadiatesDownLeg-false");
    assertThat(displayed("q-radiatesHowFar")).isFalse();
  }

  @Test
  void everyPageHasNoSeriousOrCriticalAccessibilityViolation() {
    open("/");
    assertNoSeriousAccessibilityViolations("the empty form");
    choose("painAreas-LOWER_BACK");
    choose("painAreas-LEFT_KNEE");
    choose("painRadiatesDownLeg-true");
    assertNoSeriousAccessibilityViolations("the form with every section shown");
    open("/?lang=es");
    assertNoSeriousAccessibilityViolations("the empty form in Spanish");

    clickSubmit();
    await(() -> !browser.findElements(By.cssSelector(".error-message")).isEmpty());
    assertNoSeriousAccessibilityViolations("the form with errors, in Spanish");

    open("/?lang=en");
    choose("painAreas-BUTTOCK");
    fillIdentity("Axe Tester");
    answerEverythingShown();
    submit();
    assertNoSeriousAccessibilityViolations("the confirmation");

    open("/intakes/today");
    assertThat(browser.findElement(By.cssSelector("table.day")).getText()).contains("Axe Tester");
    assertNoSeriousAccessibilityViolations("today's intakes");
  }

  @Test
  void theFrontDeskCorrectsAnAnswerFromTheIntakesPageAndSeesItInTheHistory() {
    open("/");
    choose("painAreas-BUTTOCK");
    fillIdentity("Correction Patient");
    answerEverythingShown();
    var intake = submit();
    var before = storedAnswers(intake).get("painNow").asInt();

    browser.findElement(By.id("amend-link")).click();
    await(() -> browser.getCurrentUrl().endsWith("/intakes/" + intake + "/answers"));
    assertThat(browser.findElements(By.id("patientName"))).as("no identity on it").isEmpty();
    assertThat(browser.findElement(By.id("painAreas-BUTTOCK")).isSelected()).isTrue();
    assertNoSeriousAccessibilityViolations("the correction form");
    var corrected = before == 10 ? 9 : before + 1;
    var pain = browser.findElement(By.id("painNow"));
    pain.clear();
    pain.sendKeys(Integer.toString(corrected));
    new Select(browser.findElement(By.id("amend-reason"))).selectByValue("ENTRY_ERROR");
    clickSubmit();

    await(() -> browser.getCurrentUrl().endsWith("/intakes/" + intake + "?done=amended"));
    assertThat(browser.findElement(By.id("notice")).getText())
        .isEqualTo("The answers are corrected. Triage decides again.");
    assertThat(browser.findElement(By.id("corrections")).getText())
        .matches("Answers corrected on .+ by .+: entered wrongly\\.");
    assertThat(storedAnswers(intake).get("painNow").asInt()).isEqualTo(corrected);
  }

  @Test
  void auditOfReadsPageHasNoSeriousOrCriticalAccessibilityViolation() {
    open("/");
    choose("painAreas-BUTTOCK");
    fillIdentity("Audit Page Patient");
    answerEverythingShown();
    var intake = submit();

    HeadlessChromium.signIn(browser, TestIssuer.shared().token("u-admin-a11y", "Ada Min", "ADMIN"));
    try {
      open("/intakes/reads?intake=" + intake);
      var table = browser.findElement(By.cssSelector("table.day")).getText();
      assertThat(table).contains("PAGE_INTAKE", intake.toString()).doesNotContain("Audit Page");
      assertNoSeriousAccessibilityViolations("the audit of reads");
    } finally {
      HeadlessChromium.signIn(browser, TestIssuer.shared().tokenFor("FRONT_DESK"));
    }
  }

  // --- the person's actions ---

  private void open(String path) {
    browser.get("http://127.0.0.1:" + port + path);
  }

  private void choose(String id) {
    form().choose(id);
  }

  private void type(String id, String text) {
    form().type(id, text);
  }

  private void fillIdentity(String name) {
    form().fillIdentity(name);
  }

  private void answerEverythingShown() {
    form()
        .answerEverythingShown(
            Questionnaire.CURRENT
                .questions()
                .filter(Question::required)
                .map(Question::id)
                .toList());
  }

  private void clickSubmit() {
    form().clickSubmit();
  }

  private FrontDeskForm form() {
    return new FrontDeskForm(browser);
  }

  /** Sends the form and waits for the confirmation page; returns the intake's id. */
  private UUID submit() {
    clickSubmit();
    await(() -> browser.getCurrentUrl().matches(".*/intakes/[0-9a-f-]{36}$"));
    var url = browser.getCurrentUrl();
    return UUID.fromString(url.substring(url.lastIndexOf('/') + 1));
  }

  private void tabTo(String id) {
    for (int i = 0; i < 200 && !id.equals(activeId()); i++) {
      new Actions(browser).sendKeys(Keys.TAB).perform();
    }
    assertThat(activeId()).isEqualTo(id);
  }

  // --- what the page shows ---

  private boolean displayed(String id) {
    return browser.findElement(By.id(id)).isDisplayed();
  }

  @SuppressWarnings("unchecked")
  private List<String> shownQuestions() {
    return (List<String>)
        ((JavascriptExecutor) browser)
            .executeScript(
                """
                return Array.prototype.slice.call(document.querySelectorAll('.question'))
                    .filter(function (q) { return q.getClientRects().length > 0; })
                    .map(function (q) { return q.id.substring(2); });
                """);
  }

  private static List<String> questionsOf(String section) {
    return Questionnaire.CURRENT.sections().stream()
        .filter(s -> s.id().equals(section))
        .flatMap(s -> s.questions().stream())
        .map(Question::id)
        .toList();
  }

  private String activeId() {
    return browser.switchTo().activeElement().getDomAttribute("id");
  }

  private static final String DESCRIBE =
      """
      function describe(element) {
        if (element.type === 'submit') return 'submit';
        if (element.id) return element.id;
        return element.tagName.toLowerCase() + ' ' + element.getAttribute('href');
      }
      """;

  private String activeDescriptor() {
    return (String)
        ((JavascriptExecutor) browser)
            .executeScript(DESCRIBE + "return describe(document.activeElement);");
  }

  /**
   * Where the Tab key should stop, in document order: every shown, enabled link, field and button,
   * and one stop per group of radio buttons (the checked one, else the first).
   */
  @SuppressWarnings("unchecked")
  private List<String> tabStops() {
    return (List<String>)
        ((JavascriptExecutor) browser)
            .executeScript(
                DESCRIBE
                    + """
                    var groups = {}, stops = [];
                    document.querySelectorAll('a[href], input, button').forEach(function (e) {
                      if (e.disabled || e.type === 'hidden' || e.getClientRects().length === 0) {
                        return;
                      }
                      if (e.type === 'radio') {
                        if (groups[e.name]) return;
                        groups[e.name] = true;
                        var checked = document.querySelector(
                            'input[name="' + e.name + '"]:checked');
                        stops.push(describe(checked || e));
                        return;
                      }
                      stops.push(describe(e));
                    });
                    return stops;
                    """);
  }

  private WebElement status() {
    return browser.findElement(By.id("status"));
  }

  private String statusText() {
    return status().getText();
  }

  private JsonNode storedAnswers(UUID id) {
    return json.readTree(
        jdbc.sql("select answers::text from intake where id = :id")
            .param("id", id)
            .query(String.class)
            .single());
  }

  private void assertNoSeriousAccessibilityViolations(String page) {
    assertThat(Accessibility.seriousOrCritical(browser)).as(page).isEmpty();
  }

  private void await(java.util.function.BooleanSupplier condition) {
    new WebDriverWait(browser, WAIT).until(driver -> condition.getAsBoolean());
  }

  private void publish(ClinicEvent event) throws Exception {
    var record =
        new ProducerRecord<Object, Object>(
            EventType.forData(event.getClass()).topic(),
            event.intakeId().toString(),
            json.writeValueAsString(event));
    CloudEventHeaders.of(event)
        .forEach(
            (name, value) ->
                record
                    .headers()
                    .add(new RecordHeader(name, value.getBytes(StandardCharsets.UTF_8))));
    kafka.send(record).get();
  }
}
