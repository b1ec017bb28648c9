package clinic.browser;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebDriver;

class AccessibilityIT {

  static HttpServer server;
  static WebDriver browser;

  @BeforeAll
  static void start() throws IOException {
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    serve(
        "/clean",
        """
        <!doctype html><html lang="en"><head><title>Clean</title></head>
        <body><main><h1>Hello</h1>
        <form><label for="n">Name</label><input id="n" name="n"></form></main></body></html>
        """);
    serve(
        "/broken",
        """
        <!doctype html><html><head><title>Broken</title></head>
        <body><main><h1>Hello</h1><img src="x.png">
        <form><input id="n" name="n"></form></main></body></html>
        """);
    server.start();
    browser = HeadlessChromium.start();
  }

  @AfterAll
  static void stop() {
    if (browser != null) {
      browser.quit();
    }
    server.stop(0);
  }

  @Test
  void aCleanPageHasNoSeriousViolations() {
    browser.get(url("/clean"));

    assertThat(browser.findElement(By.tagName("h1")).getText()).isEqualTo("Hello");
    assertThat(Accessibility.seriousOrCritical(browser)).isEmpty();
  }

  @Test
  void anImageWithoutTextAndAnUnlabelledFieldAreReported() {
    browser.get(url("/broken"));

    assertThat(Accessibility.seriousOrCritical(browser))
        .extracting(Accessibility.Violation::id)
        .contains("image-alt", "label");
    assertThat(Accessibility.violations(browser))
        .extracting(Accessibility.Violation::id)
        .contains("html-has-lang");
  }

  static String url(String path) {
    return "http://127.0.0.1:" + server.getAddress().getPort() + path;
  }

  static void serve(String path, String html) {
    server.createContext(
        path,
        exchange -> {
          byte[] body = html.getBytes(StandardCharsets.UTF_8);
          exchange.getResponseHeaders().set("Content-Type", "text/html; charset=utf-8");
          exchange.sendResponseHeaders(200, body.length);
          exchange.getResponseBody().write(body);
          exchange.close();
        });
  }
}
