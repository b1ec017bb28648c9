package clinic.content.packet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import clinic.browser.Accessibility;
import clinic.browser.HeadlessChromium;
import clinic.content.library.EducationItem;
import clinic.content.library.EducationItemRepository;
import clinic.content.library.EducationLibrary;
import clinic.content.library.ItemKind;
import clinic.content.testing.Decisions;
import clinic.content.testing.TestInfrastructure;
import clinic.events.Actor;
import clinic.events.Cause;
import clinic.events.Route;
import clinic.events.TriageDecided;
import io.micronaut.runtime.server.EmbeddedServer;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import io.micronaut.test.support.TestPropertyProvider;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.openqa.selenium.By;
import org.openqa.selenium.Keys;
import org.openqa.selenium.NoAlertPresentException;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;

/**
 * The patient's page in a real browser (Debian's headless Chromium): axe-core finds no serious or
 * critical accessibility problem, script in content never runs, it fits a phone, and it prints
 * without the contents list, each item on its own page.
 */
@MicronautTest(transactional = false)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class EducationPageBrowserIT implements TestPropertyProvider {

  @Inject EmbeddedServer server;
  @Inject PacketAssembler assembler;
  @Inject PacketRepository packets;
  @Inject PacketItemRepository packetItems;
  @Inject EducationItemRepository items;
  @Inject EducationLibrary library;
  @Inject IntakeWithdrawals withdrawals;

  private ChromeDriver browser;

  @Override
  public Map<String, String> getProperties() {
    return TestInfrastructure.properties();
  }

  @BeforeAll
  void startBrowser() {
    assertThat(HeadlessChromium.available())
        .as(
            "chromium and chromedriver must be installed (Debian: apt-get install chromium"
                + " chromium-driver; .ci/run does it)")
        .isTrue();
    browser = HeadlessChromium.start();
  }

  @AfterAll
  void stopBrowser() {
    if (browser != null) {
      browser.quit();
    }
  }

  @AfterEach
  void backToAScreen() {
    browser.executeCdpCommand("Emulation.clearDeviceMetricsOverride", Map.of());
    browser.executeCdpCommand("Emulation.setEmulatedMedia", Map.of("media", ""));
  }

  @Test
  void englishPageHasNoSeriousOrCriticalAccessibilityProblem() {
    open(
        assemble(
            Decisions.decision(
                UUID.randomUUID(),
                1,
                "en",
                Route.PHYSICAL_THERAPY,
                List.of(Route.MEDICATION_REVIEW),
                List.of(Cause.MENISCUS_TEAR, Cause.REFERRED_KNEE_PAIN),
                List.of())));

    assertThat(browser.getTitle()).isEqualTo("Your information pack");
    assertThat(script("return document.documentElement.lang")).isEqualTo("en");
    assertThat(browser.findElements(By.cssSelector("table th[scope=row]"))).hasSize(3);
    assertThat(Accessibility.seriousOrCritical(browser)).isEmpty();
  }

  @Test
  void spanishPageWithARedFlagHasNoSeriousOrCriticalProblemAndShowsTheWarningSignsFirst() {
    open(
        assemble(
            Decisions.decision(
                UUID.randomUUID(),
                1,
                "es",
                Route.SURGICAL_CONSULT,
                List.of(Cause.HERNIATED_DISC),
                List.of(Decisions.caudaEquina()))));

    assertThat(Accessibility.seriousOrCritical(browser)).isEmpty();
    assertThat(script("return document.documentElement.lang")).isEqualTo("es");
    List<WebElement> articles = browser.findElements(By.cssSelector("main article"));
    WebElement warning = articles.getFirst();
    assertThat(warning.getDomAttribute("id")).isEqualTo("seek-help-now");
    assertThat(warning.findElement(By.tagName("h2")).getText())
        .isEqualTo("Busque ayuda de inmediato");
    assertThat(warning.getText()).contains("Sus respuestas incluyen una señal de alarma");
    // First on the screen too, above the contents and every other item.
    int warningTop = warning.getRect().getY();
    assertThat(warningTop)
        .isLessThan(browser.findElement(By.cssSelector("nav.toc")).getRect().getY())
        .isLessThan(articles.get(1).getRect().getY());
    assertThat(warning.getCssValue("border-top-color")).isEqualTo("rgba(179, 38, 30, 1)");
  }

  @Test
  void friendlyNotFoundPageHasNoSeriousOrCriticalProblem() {
    browser.get(server.getURL() + "/education/" + "x".repeat(43));

    assertThat(browser.findElement(By.tagName("h1")).getText())
        .isEqualTo("This link does not work");
    assertThat(Accessibility.seriousOrCritical(browser)).isEmpty();
  }

  @Test
  void expiredLinkPageHasNoSeriousOrCriticalProblemAndShowsNothingOfThePacket() {
    IssuedPacket packet =
        Packet.issue(
            UUID.randomUUID(),
            UUID.randomUUID(),
            1,
            "en",
            false,
            Instant.now().minus(Duration.ofDays(100)).truncatedTo(ChronoUnit.MICROS));
    packets.save(packet.packet());
    packetItems.pin(
        packet.packet().id(),
        library.select(
            List.of(Cause.HERNIATED_DISC), List.of(Route.PHYSICAL_THERAPY), false, "en"));

    open(packet);

    assertThat(browser.findElement(By.tagName("h1")).getText()).isEqualTo("This link has expired");
    assertThat(browser.findElement(By.tagName("main")).getText())
        .contains("Please ask the clinic for a new one.")
        .contains("Este enlace ha caducado")
        .doesNotContain("Sciatica");
    assertThat(browser.findElements(By.tagName("article"))).isEmpty();
    assertThat(Accessibility.seriousOrCritical(browser)).isEmpty();
  }

  @Test
  void revokedLinkPageHasNoSeriousOrCriticalProblemAndShowsNothingOfThePacket() {
    UUID intake = UUID.randomUUID();
    IssuedPacket packet = assemble(Decisions.herniatedDisc(intake, "en"));
    withdrawals.withdraw(UUID.randomUUID(), Withdrawals.of(intake));

    open(packet);

    assertThat(browser.findElement(By.tagName("h1")).getText())
        .isEqualTo("This information is no longer available");
    assertThat(browser.findElement(By.tagName("main")).getText())
        .contains("Esta información ya no está disponible")
        .doesNotContain("Sciatica");
    assertThat(browser.findElements(By.tagName("article"))).isEmpty();
    assertThat(Accessibility.seriousOrCritical(browser)).isEmpty();
  }

  @Test
  void scriptInContentDoesNotRunInTheBrowser() {
    String attack =
        "window.pwned = (window.pwned || 0) + 1; document.title = 'pwned';"
            + " document.body && document.body.setAttribute('data-pwned', 'yes');";
    EducationItem hostile =
        items.save(
            EducationItem.draft(
                "test-hostile-" + UUID.randomUUID(),
                "en",
                1,
                "Title <script>" + attack + "</script>",
                ItemKind.CONDITION,
                "Hostile",
                """
                Some text <script>%1$s</script>

                <script>%1$s</script>

                <img src="x" onerror="%1$s">

                <svg onload="%1$s"></svg>

                <iframe src="javascript:parent.pwned=1"></iframe>

                [a link](javascript:window.pwned=1)

                <a href="javascript:window.pwned=1" id="raw-link">raw link</a>
                """
                    .formatted(attack),
                List.of(),
                List.of(),
                new Actor("test-content-editor", "Test")));
    IssuedPacket packet =
        Packet.issue(
            UUID.randomUUID(),
            UUID.randomUUID(),
            1,
            "en",
            false,
            Instant.now().truncatedTo(ChronoUnit.MICROS));
    packets.save(packet.packet());
    packetItems.pin(packet.packet().id(), List.of(hostile));

    open(packet);
    for (WebElement link : browser.findElements(By.cssSelector("main a"))) {
      link.click();
    }

    assertThat(script("return typeof window.pwned")).isEqualTo("undefined");
    assertThat(browser.getTitle()).isEqualTo("Your information pack");
    assertThat(script("return document.body.getAttribute('data-pwned')")).isNull();
    assertThat(browser.findElements(By.cssSelector("main script, main img, main svg, main iframe")))
        .isEmpty();
    assertThatThrownBy(() -> browser.switchTo().alert())
        .isInstanceOf(NoAlertPresentException.class);
    // The attempt is there for the reader to see, as text.
    assertThat(browser.findElement(By.cssSelector("main article")).getText())
        .contains("<script>window.pwned");
  }

  @Test
  void pageFitsAPhoneWithLargeType() {
    IssuedPacket packet =
        assemble(
            Decisions.decision(
                UUID.randomUUID(),
                1,
                "es",
                Route.PHYSICAL_THERAPY,
                List.of(Cause.BIOMECHANICAL, Cause.LIGAMENT_SPRAIN),
                List.of()));
    browser.executeCdpCommand(
        "Emulation.setDeviceMetricsOverride",
        Map.of("width", 360, "height", 740, "deviceScaleFactor", 2, "mobile", true));

    open(packet);

    // The viewport meta makes the page as wide as the phone rather than a zoomed-out desktop page.
    assertThat(((Number) script("return window.innerWidth")).intValue()).isEqualTo(360);
    assertThat(((Number) script("return document.documentElement.scrollWidth")).intValue())
        .isLessThanOrEqualTo(360);
    // The comparison table keeps readable columns and scrolls sideways inside its own region.
    WebElement region = browser.findElement(By.cssSelector("div.table-scroll"));
    assertThat(region.getRect().getX() + region.getRect().getWidth()).isLessThanOrEqualTo(360);
    assertThat(
            (Boolean)
                browser.executeScript(
                    "return arguments[0].scrollWidth > arguments[0].clientWidth", region))
        .isTrue();
    assertThat(fontSize(browser.findElement(By.cssSelector("table td"))))
        .isGreaterThanOrEqualTo(18);
    assertThat(fontSize(browser.findElement(By.cssSelector("main article p"))))
        .isGreaterThanOrEqualTo(18);
    assertThat(fontSize(browser.findElement(By.cssSelector("main article li"))))
        .isGreaterThanOrEqualTo(18);
  }

  @Test
  void skipLinkIsTheFirstStopAndLeadsToTheInformation() {
    open(assemble(Decisions.herniatedDisc(UUID.randomUUID(), "en")));

    browser.findElement(By.tagName("body")).sendKeys(Keys.TAB);
    WebElement focused = browser.switchTo().activeElement();
    assertThat(focused.getText()).isEqualTo("Skip to the information");
    assertThat(focused.isDisplayed()).isTrue();
    focused.sendKeys(Keys.ENTER);

    assertThat(browser.switchTo().activeElement().getDomAttribute("id")).isEqualTo("main_content");
  }

  @Test
  void printedPageHasNoNavigationAndStartsEachItemOnANewPage() {
    open(
        assemble(
            Decisions.decision(
                UUID.randomUUID(),
                1,
                "en",
                Route.MEDICATION_REVIEW,
                List.of(Cause.OSTEOARTHRITIS),
                List.of(Decisions.caudaEquina()))));

    browser.executeCdpCommand("Emulation.setEmulatedMedia", Map.of("media", "print"));

    assertThat(browser.findElement(By.cssSelector("nav.toc")).isDisplayed()).isFalse();
    assertThat(browser.findElement(By.cssSelector(".skip-link")).isDisplayed()).isFalse();
    assertThat(script("return getComputedStyle(document.body).color")).isEqualTo("rgb(0, 0, 0)");
    assertThat(script("return getComputedStyle(document.body).backgroundColor"))
        .isEqualTo("rgb(255, 255, 255)");
    List<WebElement> articles = browser.findElements(By.cssSelector("main article"));
    assertThat(articles).hasSizeGreaterThan(3);
    assertThat(breakBefore(articles.getFirst())).isNotEqualTo("page");
    assertThat(articles.subList(1, articles.size()))
        .allSatisfy(article -> assertThat(breakBefore(article)).isEqualTo("page"));
    assertThat(
            script(
                "return getComputedStyle(document.querySelector('article.knee-pain, article.condition')).backgroundColor"))
        .isIn("rgba(0, 0, 0, 0)", "rgb(255, 255, 255)");
  }

  private IssuedPacket assemble(TriageDecided decision) {
    return assembler.assemble(decision.decisionId(), decision).orElseThrow();
  }

  private void open(IssuedPacket packet) {
    browser.get(server.getURL() + "/education/" + packet.accessToken());
  }

  private Object script(String script) {
    return browser.executeScript(script);
  }

  private double fontSize(WebElement element) {
    return Double.parseDouble(element.getCssValue("font-size").replace("px", ""));
  }

  private String breakBefore(WebElement element) {
    return (String)
        browser.executeScript("return getComputedStyle(arguments[0]).breakBefore", element);
  }
}
