package clinic.browser;

import java.util.List;
import org.openqa.selenium.By;
import org.openqa.selenium.ElementNotInteractableException;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WebDriver;

/**
 * Fills in the front desk's questionnaire page the way a person does, with real clicks and
 * keystrokes: for the intake-service's page tests and the end-to-end sign-in tests.
 */
public final class FrontDeskForm {

  private final WebDriver browser;

  public FrontDeskForm(WebDriver browser) {
    this.browser = browser;
  }

  public void choose(String id) {
    browser.findElement(By.id(id)).click();
  }

  public void type(String id, String text) {
    var input = browser.findElement(By.id(id));
    input.clear();
    input.sendKeys(text);
  }

  /** The date goes in as the browser's date control stores it: its typed format is locale's. */
  public void fillIdentity(String name) {
    type("patientName", name);
    ((JavascriptExecutor) browser)
        .executeScript(
            "arguments[0].value = '1971-03-14';"
                + " arguments[0].dispatchEvent(new Event('change', {bubbles: true}));",
            browser.findElement(By.id("dateOfBirth")));
    type("phone", "+34 600 123 456");
    choose("consentToContact-true");
  }

  /**
   * Answers every shown question still unanswered, as a hurried patient would: "No" to yes/no
   * questions, the first choice, the lowest number, the first of a required multiple choice;
   * optional multiple choices are left alone. The page says what is unanswered in one script call
   * (each WebDriver round trip is slow); the answers are real clicks and keystrokes.
   *
   * @param required the ids of the questionnaire's required questions
   */
  @SuppressWarnings("unchecked")
  public void answerEverythingShown(List<String> required) {
    while (true) {
      var steps =
          (List<List<String>>)
              ((JavascriptExecutor) browser)
                  .executeScript(
                      """
                      var required = arguments[0], steps = [];
                      document.querySelectorAll('.question').forEach(function (q) {
                        if (q.getClientRects().length === 0) return;
                        var id = q.id.substring(2);
                        var radios = q.querySelectorAll('input[type=radio]');
                        var boxes = q.querySelectorAll('input[type=checkbox]');
                        var number = q.querySelector('input[type=number]');
                        if (radios.length && !q.querySelector('input:checked')) {
                          var no = q.querySelector('input[value=false]') || radios[0];
                          steps.push(['click', no.id]);
                        } else if (boxes.length && required.indexOf(id) >= 0
                            && !q.querySelector('input:checked')) {
                          steps.push(['click', boxes[0].id]);
                        } else if (number && required.indexOf(id) >= 0 && number.value === '') {
                          steps.push(['type', number.id, number.min]);
                        }
                      });
                      return steps;
                      """,
                      required);
      if (steps.isEmpty()) {
        return;
      }
      for (var step : steps) {
        try {
          if (step.get(0).equals("click")) {
            choose(step.get(1));
          } else {
            browser.findElement(By.id(step.get(1))).sendKeys(step.get(2));
          }
        } catch (ElementNotInteractableException hiddenByAnEarlierAnswer) {
          // The next round asks the page again.
        }
      }
    }
  }

  public void clickSubmit() {
    browser.findElement(By.cssSelector("form[data-questionnaire] button[type=submit]")).click();
  }
}
