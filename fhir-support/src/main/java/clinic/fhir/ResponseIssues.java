package clinic.fhir;

import ca.uhn.fhir.validation.ResultSeverityEnum;
import ca.uhn.fhir.validation.SingleValidationMessage;
import ca.uhn.fhir.validation.ValidationResult;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import org.hl7.fhir.r4.model.OperationOutcome;
import org.hl7.fhir.r4.model.OperationOutcome.IssueSeverity;
import org.hl7.fhir.r4.model.OperationOutcome.IssueType;
import org.hl7.fhir.r4.model.QuestionnaireResponse;
import org.hl7.fhir.r4.model.QuestionnaireResponse.QuestionnaireResponseItemComponent;

/**
 * A QuestionnaireResponse's problems as an OperationOutcome with one issue per offending item: each
 * issue's first {@code expression} names the item by its {@code linkId} (a FHIRPath that finds it
 * at any depth), so that a form filler can show the message next to the question. Messages of
 * HAPI's validator are located by their path in the response; one about an item missing from a
 * group (a required question not answered) is reported on the question it quotes.
 */
public final class ResponseIssues {

  private static final Pattern STEP = Pattern.compile("(item|answer)\\[(\\d+)]");
  private static final Pattern QUOTED = Pattern.compile("'([^']+)'");

  private ResponseIssues() {}

  /** One problem of a response: the item (null for the resource as a whole) and what is wrong. */
  public record Issue(String linkId, String location, String message, IssueType type) {}

  /** The FHIRPath that finds an item by its linkId, however deep it is nested. */
  public static String expression(String linkId) {
    return "QuestionnaireResponse.repeat(item).where(linkId='" + linkId.replace("'", "\\'") + "')";
  }

  /** The errors (and fatal errors) of a validation, each located on the item it is about. */
  public static List<Issue> errors(
      ValidationResult result, QuestionnaireResponse response, Collection<String> linkIds) {
    // The response's own linkIds too: "LinkId 'x' not found in questionnaire" is about item x.
    var known = new java.util.HashSet<>(linkIds);
    collect(response.getItem(), known);
    var issues = new ArrayList<Issue>();
    for (SingleValidationMessage message : result.getMessages()) {
      if (message.getSeverity().ordinal() < ResultSeverityEnum.ERROR.ordinal()) {
        continue;
      }
      var location = message.getLocationString();
      issues.add(
          new Issue(
              linkIdOf(message.getMessage(), location, response, known),
              location,
              message.getMessage(),
              IssueType.INVALID));
    }
    return issues;
  }

  /**
   * An OperationOutcome with one error issue per item (the messages about it joined), in the order
   * the items were first named; problems of the resource as a whole come last.
   */
  public static OperationOutcome outcome(List<Issue> issues) {
    Map<String, List<Issue>> byItem = new LinkedHashMap<>();
    List<Issue> general = new ArrayList<>();
    for (Issue issue : issues) {
      if (issue.linkId() == null) {
        general.add(issue);
      } else {
        byItem.computeIfAbsent(issue.linkId(), id -> new ArrayList<>()).add(issue);
      }
    }
    var outcome = new OperationOutcome();
    byItem.forEach(
        (linkId, about) -> {
          var issue =
              outcome
                  .addIssue()
                  .setSeverity(IssueSeverity.ERROR)
                  .setCode(about.getFirst().type())
                  .setDiagnostics(joined(about));
          issue.getDetails().setText(joined(about));
          issue.addExpression(expression(linkId));
          about.stream()
              .map(Issue::location)
              .filter(location -> location != null && !location.isBlank())
              .distinct()
              .forEach(issue::addExpression);
        });
    for (Issue problem : general) {
      var issue =
          outcome
              .addIssue()
              .setSeverity(IssueSeverity.ERROR)
              .setCode(problem.type())
              .setDiagnostics(problem.message());
      issue.getDetails().setText(problem.message());
      if (problem.location() != null) {
        issue.addExpression(problem.location());
      }
    }
    return outcome;
  }

  private static String joined(List<Issue> issues) {
    var messages = new LinkedHashSet<String>();
    issues.forEach(issue -> messages.add(issue.message()));
    return String.join(" ", messages);
  }

  /**
   * The item a message is about: the item its location points at; but for a message located on a
   * group (or the response) that quotes a question of the questionnaire, that question.
   */
  static String linkIdOf(
      String message, String location, QuestionnaireResponse response, Set<String> known) {
    String quoted = null;
    var quotes = QUOTED.matcher(message == null ? "" : message);
    while (quoted == null && quotes.find()) {
      if (known.contains(quotes.group(1))) {
        quoted = quotes.group(1);
      }
    }
    var located = locate(response, location);
    if (located == null || !located.hasLinkId()) {
      return quoted;
    }
    if (quoted != null && !quoted.equals(located.getLinkId()) && located.hasItem()) {
      return quoted;
    }
    return located.getLinkId();
  }

  private static void collect(List<QuestionnaireResponseItemComponent> items, Set<String> linkIds) {
    for (var item : items) {
      if (item.hasLinkId()) {
        linkIds.add(item.getLinkId());
      }
      collect(item.getItem(), linkIds);
      item.getAnswer().forEach(answer -> collect(answer.getItem(), linkIds));
    }
  }

  /** The deepest item on a path such as {@code QuestionnaireResponse.item[1].item[0].answer[0]}. */
  static QuestionnaireResponseItemComponent locate(QuestionnaireResponse response, String path) {
    if (path == null) {
      return null;
    }
    List<QuestionnaireResponseItemComponent> items = response.getItem();
    QuestionnaireResponseItemComponent item = null;
    var steps = STEP.matcher(path);
    while (steps.find()) {
      int index = Integer.parseInt(steps.group(2));
      if (steps.group(1).equals("item")) {
        if (index >= items.size()) {
          return item;
        }
        item = items.get(index);
        items = item.getItem();
      } else {
        if (item == null || index >= item.getAnswer().size()) {
          return item;
        }
        items = item.getAnswer().get(index).getItem();
      }
    }
    return item;
  }
}
