package clinic.browser;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WebDriver;

/** Runs axe-core in the page the driver shows and reports what it finds. */
public final class Accessibility {

  private static final String AXE = load();

  private static final String RUN =
      """
      const done = arguments[arguments.length - 1];
      axe.run(document, { resultTypes: ['violations'] })
        .then(r => done(r.violations.map(v => ({
          id: v.id,
          impact: v.impact || 'unknown',
          help: v.help,
          targets: v.nodes.map(n => n.target.join(' '))
        }))))
        .catch(e => done([{ id: 'axe-error', impact: 'critical', help: String(e), targets: [] }]));
      """;

  private Accessibility() {}

  /** A rule the page breaks, how badly (minor, moderate, serious, critical) and where. */
  public record Violation(String id, String impact, String help, List<String> targets) {

    public boolean seriousOrCritical() {
      return impact.equals("serious") || impact.equals("critical");
    }

    @Override
    public String toString() {
      return impact + " " + id + ": " + help + " at " + targets;
    }
  }

  /** Every violation axe-core finds in the current page. */
  public static List<Violation> violations(WebDriver driver) {
    JavascriptExecutor js = (JavascriptExecutor) driver;
    js.executeScript(AXE);
    @SuppressWarnings("unchecked")
    List<Map<String, Object>> found = (List<Map<String, Object>>) js.executeAsyncScript(RUN);
    return found.stream()
        .map(
            v ->
                new Violation(
                    (String) v.get("id"),
                    (String) v.get("impact"),
                    (String) v.get("help"),
                    toStrings(v.get("targets"))))
        .toList();
  }

  /** The violations that block a person from using the page: the ones a release must not have. */
  public static List<Violation> seriousOrCritical(WebDriver driver) {
    return violations(driver).stream().filter(Violation::seriousOrCritical).toList();
  }

  @SuppressWarnings("unchecked")
  private static List<String> toStrings(Object targets) {
    return ((List<Object>) targets).stream().map(String::valueOf).toList();
  }

  private static String load() {
    try (InputStream in = Accessibility.class.getResourceAsStream("axe.min.js")) {
      if (in == null) {
        throw new IllegalStateException(
            "axe.min.js is missing: the browser-testing build installs it with `npm ci`");
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
