package clinic.browser;

import java.io.File;
import java.time.Duration;
import java.util.Map;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;

/**
 * Starts Debian's Chromium headless through its own chromedriver. Both paths are given, so Selenium
 * Manager never tries to download a browser or a driver (the network here has none).
 */
public final class HeadlessChromium {

  static final String CHROMIUM = System.getProperty("chromium.binary", "/usr/bin/chromium");
  static final String CHROMEDRIVER =
      System.getProperty("chromedriver.binary", "/usr/bin/chromedriver");

  private HeadlessChromium() {}

  /** Whether this machine has the browser and driver (the CI script installs them). */
  public static boolean available() {
    return new File(CHROMIUM).canExecute() && new File(CHROMEDRIVER).canExecute();
  }

  public static ChromeDriver start() {
    ChromeOptions options = new ChromeOptions();
    options.setBinary(CHROMIUM);
    options.addArguments(
        "--headless=new",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-dev-shm-usage",
        "--disable-quic",
        "--no-first-run",
        // The machine's network is closed: background connections only produce refused sockets.
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--window-size=1280,1000");
    ChromeDriverService service =
        new ChromeDriverService.Builder()
            .usingDriverExecutable(new File(CHROMEDRIVER))
            .usingAnyFreePort()
            .build();
    ChromeDriver driver = new ChromeDriver(service, options);
    driver.manage().timeouts().pageLoadTimeout(Duration.ofSeconds(30));
    driver.manage().timeouts().scriptTimeout(Duration.ofSeconds(30));
    return driver;
  }

  /**
   * Sends {@code Authorization: Bearer <token>} with every request the browser makes from now on,
   * as the gateway does for a signed-in user, so a service's own pages can be tested with a real
   * token without the gateway in front. Uses the DevTools protocol, which needs no version-specific
   * Selenium module.
   */
  public static void signIn(ChromeDriver driver, String accessToken) {
    driver.executeCdpCommand("Network.enable", Map.of());
    driver.executeCdpCommand(
        "Network.setExtraHTTPHeaders",
        Map.of("headers", Map.of("Authorization", "Bearer " + accessToken)));
  }
}
